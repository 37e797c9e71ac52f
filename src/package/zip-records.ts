/*
 * The zip specification as this writer uses it (APPNOTE 6.3): the per-entry
 * records, their fixed fields and the archive order. Every entry is written
 * with its CRC and sizes in its local header, so no data descriptor
 * (general purpose flag bit 3) is ever needed.
 */
import type { ZipEntrySource } from './types.js'

export const MAX16 = 0xffff
export const MAX32 = 0xffffffff
/** "Made by" UNIX, spec version 3.0: the external attributes hold st_mode. */
export const MADE_BY_UNIX = (3 << 8) | 30
// 1980-01-01 00:00:00, the earliest MS-DOS date: mtimes never reach the zip.
const DOS_TIME = 0
const DOS_DATE = (1 << 5) | 1
const S_IFREG = 0o100000
const S_IFLNK = 0o120000
const FLAG_UTF8 = 1 << 11
const LOCAL_SIG = 0x04034b50
const CENTRAL_SIG = 0x02014b50
// One scratch buffer for every local header: the caller copies it out.
const HEADER = Buffer.alloc(30 + MAX16 + 20)

/** What the headers of one written entry say. */
export interface EntryRecord {
  name: string
  /** The name's length in UTF-8 bytes. */
  nameLength: number
  flags: number
  method: 0 | 8
  crc: number
  compressedSize: number
  size: number
  /** Where its local header starts in the archive. */
  offset: number
  attrs: number
}

export function entryRecord(
  e: ZipEntrySource,
  method: 0 | 8,
  crc: number,
  size: number,
  offset: number
): EntryRecord {
  // Kept as a string: a buffer per entry, alive to the end, would scatter
  // small long-lived allocations among the per-file ones (heap growth).
  const nameLength = Buffer.byteLength(e.name, 'utf8')
  const nonAscii = nameLength !== e.name.length
  const type = e.kind === 'symlink' ? S_IFLNK : S_IFREG
  return {
    name: e.name,
    nameLength,
    flags: nonAscii ? FLAG_UTF8 : 0,
    method,
    crc,
    compressedSize: 0,
    size,
    offset,
    // Unsigned: a link's S_IFLNK bits reach bit 31.
    attrs: ((type | (e.mode & 0o7777)) * 0x10000) >>> 0
  }
}

/**
 * Local header; a ZIP64 extra only for an entry of 4 GiB or more. The
 * result is a view of a shared scratch buffer, valid until the next call.
 */
export function localHeader(w: EntryRecord): Buffer {
  const zip64 = w.size >= MAX32
  const extraLength = zip64 ? 20 : 0
  const b = HEADER.fill(0, 0, 30 + w.nameLength + extraLength)
  b.writeUInt32LE(LOCAL_SIG, 0)
  writeCommonFields(b, 4, w, {
    version: versionNeeded(w, zip64),
    compressedSize: zip64 ? MAX32 : w.compressedSize,
    size: zip64 ? MAX32 : w.size,
    extraLength
  })
  b.write(w.name, 30, 'utf8')
  if (zip64) {
    const x = 30 + w.nameLength
    b.writeUInt16LE(0x0001, x)
    b.writeUInt16LE(16, x + 2)
    b.writeBigUInt64LE(BigInt(w.size), x + 4)
    b.writeBigUInt64LE(BigInt(w.compressedSize), x + 12)
  }
  return b.subarray(0, 30 + w.nameLength + extraLength)
}

/** The record's values too large for their 32-bit fields, in ZIP64 order. */
function zip64Values(w: EntryRecord): number[] {
  return [w.size, w.compressedSize, w.offset].filter((v) => v >= MAX32)
}

function isZip64(w: EntryRecord): boolean {
  return w.size >= MAX32 || w.compressedSize >= MAX32 || w.offset >= MAX32
}

/** The length of the entry's central directory record. */
export function centralHeaderLength(w: EntryRecord): number {
  const extraLength = isZip64(w) ? 4 + 8 * zip64Values(w).length : 0
  return 46 + w.nameLength + extraLength
}

/**
 * Writes the entry's central directory record into `b` at `at` (zeroed
 * bytes); ZIP64 fields only where needed. Returns where it ends.
 */
export function writeCentralHeader(
  b: Buffer,
  at: number,
  w: EntryRecord
): number {
  const big = isZip64(w) ? zip64Values(w) : []
  const extraLength = big.length > 0 ? 4 + 8 * big.length : 0
  b.writeUInt32LE(CENTRAL_SIG, at)
  b.writeUInt16LE(MADE_BY_UNIX, at + 4)
  writeCommonFields(b, at + 6, w, {
    version: versionNeeded(w, extraLength > 0),
    compressedSize: w.compressedSize >= MAX32 ? MAX32 : w.compressedSize,
    size: w.size >= MAX32 ? MAX32 : w.size,
    extraLength
  })
  // comment length, disk number, internal attributes: 0
  b.writeUInt32LE(w.attrs, at + 38)
  b.writeUInt32LE(w.offset >= MAX32 ? MAX32 : w.offset, at + 42)
  b.write(w.name, at + 46, 'utf8')
  let x = at + 46 + w.nameLength
  if (extraLength > 0) {
    b.writeUInt16LE(0x0001, x)
    b.writeUInt16LE(extraLength - 4, x + 2)
    x += 4
    for (const value of big) {
      b.writeBigUInt64LE(BigInt(value), x)
      x += 8
    }
  }
  return x
}

/**
 * The 26 bytes both headers share, "version needed" to "extra field length"
 * (local header offset 4, central record offset 6).
 */
function writeCommonFields(
  b: Buffer,
  at: number,
  w: EntryRecord,
  f: {
    version: number
    compressedSize: number
    size: number
    extraLength: number
  }
): void {
  b.writeUInt16LE(f.version, at)
  b.writeUInt16LE(w.flags, at + 2)
  b.writeUInt16LE(w.method, at + 4)
  b.writeUInt16LE(DOS_TIME, at + 6)
  b.writeUInt16LE(DOS_DATE, at + 8)
  b.writeUInt32LE(w.crc, at + 10)
  b.writeUInt32LE(f.compressedSize, at + 14)
  b.writeUInt32LE(f.size, at + 18)
  b.writeUInt16LE(w.nameLength, at + 22)
  b.writeUInt16LE(f.extraLength, at + 24)
}

function versionNeeded(w: EntryRecord, zip64: boolean): number {
  if (zip64) return 45
  return w.method === 8 ? 20 : 10
}
