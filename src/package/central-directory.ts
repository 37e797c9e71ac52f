import {
  MADE_BY_UNIX,
  MAX16,
  MAX32,
  centralHeaderLength,
  writeCentralHeader,
  type EntryRecord
} from './zip-records.js'

const EOCD_SIG = 0x06054b50
const EOCD64_SIG = 0x06064b50
const LOCATOR_SIG = 0x07064b50

const BLOCK_BYTES = 256 * 1024

/**
 * The central directory as it grows: each entry's record is written as
 * bytes once the entry is, into blocks of 256 KiB. An entry then costs the
 * archive its record's ~100 bytes until the end, not an object the heap
 * must keep and trace.
 */
export class CentralRecords {
  count = 0
  size = 0
  /** The entries' uncompressed bytes. */
  unzipped = 0
  private readonly blocks: Buffer[] = []
  private block = Buffer.alloc(0)
  private used = 0

  add(w: EntryRecord): void {
    const n = centralHeaderLength(w)
    if (this.used + n > this.block.length) {
      this.close()
      // Zeroed: the records' unused fields are zero.
      this.block = Buffer.alloc(Math.max(BLOCK_BYTES, n))
      this.used = 0
    }
    this.used = writeCentralHeader(this.block, this.used, w)
    this.count++
    this.size += n
    this.unzipped += w.size
  }

  private close(): void {
    if (this.used > 0) this.blocks.push(this.block.subarray(0, this.used))
  }

  /** The records, in the order added. */
  parts(): Buffer[] {
    this.close()
    this.block = Buffer.alloc(0)
    this.used = 0
    return this.blocks
  }
}

/**
 * The archive's tail: one central record per entry, the ZIP64 end records
 * when a count, size or offset does not fit the classic ones, and the end
 * record carrying `comment` (latin1).
 */
export function centralDirectory(
  records: CentralRecords,
  cdOffset: number,
  comment: string
): Buffer[] {
  const cdSize = records.size
  const parts: Buffer[] = [...records.parts()]
  const count = records.count
  if (count > MAX16 || cdSize >= MAX32 || cdOffset >= MAX32) {
    parts.push(zip64End(count, cdSize, cdOffset))
  }
  const end = Buffer.alloc(22)
  end.writeUInt32LE(EOCD_SIG, 0)
  end.writeUInt16LE(Math.min(count, MAX16), 8)
  end.writeUInt16LE(Math.min(count, MAX16), 10)
  end.writeUInt32LE(Math.min(cdSize, MAX32), 12)
  end.writeUInt32LE(Math.min(cdOffset, MAX32), 16)
  const text = Buffer.from(comment, 'latin1')
  end.writeUInt16LE(text.length, 20)
  parts.push(end, text)
  return parts
}

/** The ZIP64 end of central directory record and its locator. */
function zip64End(count: number, cdSize: number, cdOffset: number): Buffer {
  const rec = Buffer.alloc(56 + 20)
  rec.writeUInt32LE(EOCD64_SIG, 0)
  rec.writeBigUInt64LE(44n, 4)
  rec.writeUInt16LE(MADE_BY_UNIX, 12)
  rec.writeUInt16LE(45, 14)
  // this disk, disk with the central directory: 0
  rec.writeBigUInt64LE(BigInt(count), 24)
  rec.writeBigUInt64LE(BigInt(count), 32)
  rec.writeBigUInt64LE(BigInt(cdSize), 40)
  rec.writeBigUInt64LE(BigInt(cdOffset), 48)
  rec.writeUInt32LE(LOCATOR_SIG, 56)
  rec.writeUInt32LE(0, 60)
  rec.writeBigUInt64LE(BigInt(cdOffset + cdSize), 64)
  rec.writeUInt32LE(1, 72)
  return rec
}
