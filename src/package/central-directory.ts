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

/**
 * The archive's tail: one central record per entry, the ZIP64 end records
 * when a count, size or offset does not fit the classic ones, and the end
 * record carrying `comment` (latin1).
 */
export function centralDirectory(
  records: EntryRecord[],
  cdOffset: number,
  comment: string
): Buffer {
  let cdSize = 0
  for (const w of records) cdSize += centralHeaderLength(w)
  // One buffer for every record: a buffer per entry is garbage per entry.
  const cd = Buffer.alloc(cdSize)
  let at = 0
  for (const w of records) at = writeCentralHeader(cd, at, w)
  const parts: Buffer[] = [cd]
  const count = records.length
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
  return Buffer.concat(parts)
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
