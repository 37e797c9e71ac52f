import { closeSync, openSync, readSync, rmSync } from 'node:fs'
import { writeFully } from '../util/fd-io.js'
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
 * bytes once the entry is, into a block of 256 KiB; a full block goes to a
 * file beside the archive (`spillPath`). So the directory, ~100 bytes an
 * entry, costs the process one block whatever the number of entries, and
 * the heap no object per entry.
 */
export class CentralRecords {
  count = 0
  size = 0
  /** The entries' uncompressed bytes. */
  unzipped = 0
  private block = Buffer.alloc(BLOCK_BYTES)
  private used = 0
  private spill: number | undefined
  private spilled = 0

  constructor(private readonly spillPath: string) {}

  add(w: EntryRecord): void {
    const n = centralHeaderLength(w)
    if (this.used + n > this.block.length) {
      this.spillBlock()
      // Zeroed (the records' unused fields are zero) and kept: a new block
      // per spill left dead 256 KiB blocks to the next full collection,
      // ~5 MiB by the end of 70,000 files.
      if (n > this.block.length) this.block = Buffer.alloc(n)
      else this.block.fill(0)
    }
    this.used = writeCentralHeader(this.block, this.used, w)
    this.count++
    this.size += n
    this.unzipped += w.size
  }

  private spillBlock(): void {
    this.spill ??= openSync(this.spillPath, 'w+', 0o600)
    writeFully(this.spill, this.block.subarray(0, this.used), this.spilled)
    this.spilled += this.used
    this.used = 0
  }

  /** The records in the order added, a block at a time. */
  *parts(): Generator<Buffer> {
    if (this.spill !== undefined) {
      const buf = Buffer.alloc(BLOCK_BYTES)
      for (let at = 0; at < this.spilled;) {
        const n = readSync(this.spill, buf, 0, BLOCK_BYTES, at)
        if (n === 0) throw new Error(`short read of ${this.spillPath}`)
        yield buf.subarray(0, n)
        at += n
      }
    }
    yield this.block.subarray(0, this.used)
  }

  /** Removes the spill file (done or failed). */
  discard(): void {
    if (this.spill === undefined) return
    closeSync(this.spill)
    this.spill = undefined
    rmSync(this.spillPath, { force: true })
  }
}

/**
 * What follows the central records (CentralRecords.parts) at the end of
 * the archive: the ZIP64 end records when a count, size or offset does not
 * fit the classic ones, and the end record carrying `comment` (latin1).
 */
export function centralDirectoryEnd(
  records: CentralRecords,
  cdOffset: number,
  comment: string
): Buffer[] {
  const cdSize = records.size
  const parts: Buffer[] = []
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
