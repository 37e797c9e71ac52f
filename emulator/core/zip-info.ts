/**
 * Reads a zip's central directory (no inflation): entry count and the sum of
 * the declared uncompressed sizes, the way Lambda judges an archive before
 * extracting it. Supports Zip64.
 */
export interface ZipInfo {
  entries: number
  unzippedSize: number
  names: string[]
}

export class NotAZipError extends Error {}

const EOCD = 0x06054b50
const ZIP64_LOCATOR = 0x07064b50
const ZIP64_EOCD = 0x06064b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50

interface Directory {
  count: number
  cdOffset: number
}

export function readZipInfo(buf: Buffer, keepNames = 1000): ZipInfo {
  const { count, cdOffset } = findDirectory(buf)
  let pos = cdOffset
  let total = 0
  const names: string[] = []
  for (let n = 0; n < count; n++) {
    if (pos + 46 > buf.length || buf.readUInt32LE(pos) !== CENTRAL) {
      throw new NotAZipError(`bad central directory entry ${n}`)
    }
    const nameLen = buf.readUInt16LE(pos + 28)
    const extraLen = buf.readUInt16LE(pos + 30)
    const commentLen = buf.readUInt16LE(pos + 32)
    const name = buf.subarray(pos + 46, pos + 46 + nameLen).toString('utf8')
    total += uncompressedSize(buf, pos, nameLen, extraLen)
    if (names.length < keepNames) names.push(name)
    pos += 46 + nameLen + extraLen + commentLen
  }
  return { entries: count, unzippedSize: total, names }
}

/** Locates the central directory from the end record (Zip64 when flagged). */
function findDirectory(buf: Buffer): Directory {
  if (buf.length < 22) throw new NotAZipError('too short to be a zip')
  let eocd = -1
  const stop = Math.max(0, buf.length - 22 - 0xffff)
  for (let i = buf.length - 22; i >= stop; i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw new NotAZipError('no end of central directory record')
  let count = buf.readUInt16LE(eocd + 10)
  let cdSize = buf.readUInt32LE(eocd + 12)
  let cdOffset = buf.readUInt32LE(eocd + 16)
  if (
    (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) &&
    eocd >= 20 &&
    buf.readUInt32LE(eocd - 20) === ZIP64_LOCATOR
  ) {
    const z64 = Number(buf.readBigUInt64LE(eocd - 20 + 8))
    if (z64 + 56 > buf.length || buf.readUInt32LE(z64) !== ZIP64_EOCD) {
      throw new NotAZipError('bad zip64 end of central directory')
    }
    count = Number(buf.readBigUInt64LE(z64 + 32))
    cdSize = Number(buf.readBigUInt64LE(z64 + 40))
    cdOffset = Number(buf.readBigUInt64LE(z64 + 48))
  }
  if (cdOffset + cdSize > buf.length) {
    throw new NotAZipError('central directory outside the file')
  }
  if (count > 0 && buf.readUInt32LE(0) !== LOCAL) {
    throw new NotAZipError('no local file header at offset 0')
  }
  return { count, cdOffset }
}

/** An entry's declared size; Zip64's extra field holds it when flagged. */
function uncompressedSize(
  buf: Buffer,
  pos: number,
  nameLen: number,
  extraLen: number
): number {
  const size = buf.readUInt32LE(pos + 24)
  if (size !== 0xffffffff) return size
  let e = pos + 46 + nameLen
  const end = e + extraLen
  while (e + 4 <= end) {
    const id = buf.readUInt16LE(e)
    const len = buf.readUInt16LE(e + 2)
    if (id === 0x0001 && len >= 8) return Number(buf.readBigUInt64LE(e + 4))
    e += 4 + len
  }
  return size
}
