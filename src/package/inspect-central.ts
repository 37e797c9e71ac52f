/*
 * The end record and the central directory of a given zip, read through a
 * bounded buffer into a columnar table (inspect-types.ts).
 */
import type { FileHandle } from 'node:fs/promises'
import { findEndRecord } from './fingerprint.js'
import {
  DIRECTORY,
  FILE,
  LINK,
  NotZip,
  type CentralTable
} from './inspect-types.js'
import { SeqReader } from './inspect-stream.js'
import { MAX16, MAX32 } from './zip-records.js'

const EOCD64_SIG = 0x06064b50
const LOCATOR_SIG = 0x07064b50
const CENTRAL_SIG = 0x02014b50
const S_IFMT = 0o170000
const S_IFLNK = 0o120000
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

interface EndRecord {
  comment: string
  count: number
  cdSize: number
  cdOffset: number
  /** Where the central directory must end: the (ZIP64) end record. */
  cdEnd: number
}

async function readAt(fh: FileHandle, at: number, n: number): Promise<Buffer> {
  const buf = Buffer.alloc(n)
  const { bytesRead } = await fh.read(buf, 0, n, at)
  if (bytesRead < n) throw new NotZip('truncated')
  return buf
}

/** The end of central directory record, read through to ZIP64's when used. */
export async function readEnd(
  fh: FileHandle,
  size: number
): Promise<EndRecord> {
  if (size < 22) throw new NotZip('too short')
  const tailLength = Math.min(size, 22 + MAX16)
  const tailStart = size - tailLength
  const tail = await readAt(fh, tailStart, tailLength)
  const eocd = findEndRecord(tail)
  if (eocd < 0) throw new NotZip('no end of central directory record')
  const commentStart = eocd + 22
  const end: EndRecord = {
    comment: tail.toString(
      'latin1',
      commentStart,
      commentStart + tail.readUInt16LE(eocd + 20)
    ),
    count: tail.readUInt16LE(eocd + 10),
    cdSize: tail.readUInt32LE(eocd + 12),
    cdOffset: tail.readUInt32LE(eocd + 16),
    cdEnd: tailStart + eocd
  }
  const saturated =
    end.count === MAX16 || end.cdSize === MAX32 || end.cdOffset === MAX32
  return saturated ? readZip64End(fh, end) : end
}

async function readZip64End(
  fh: FileHandle,
  end: EndRecord
): Promise<EndRecord> {
  const eocdAt = end.cdEnd
  if (eocdAt < 20) return end
  const loc = await readAt(fh, eocdAt - 20, 20)
  if (loc.readUInt32LE(0) !== LOCATOR_SIG) return end
  const at = Number(loc.readBigUInt64LE(8))
  if (at + 56 > eocdAt) throw new NotZip('bad ZIP64 locator')
  const rec = await readAt(fh, at, 56)
  if (rec.readUInt32LE(0) !== EOCD64_SIG) {
    throw new NotZip('bad ZIP64 end of central directory')
  }
  return {
    comment: end.comment,
    count: Number(rec.readBigUInt64LE(32)),
    cdSize: Number(rec.readBigUInt64LE(40)),
    cdOffset: Number(rec.readBigUInt64LE(48)),
    cdEnd: at
  }
}

function emptyTable(end: EndRecord): CentralTable {
  const n = end.count
  return {
    count: n,
    comment: end.comment,
    cdOffset: end.cdOffset,
    names: [],
    rawNames: new Map(),
    offset: new Float64Array(n),
    compressedSize: new Float64Array(n),
    size: new Float64Array(n),
    crc: new Uint32Array(n),
    flags: new Uint16Array(n),
    method: new Uint16Array(n),
    mode: new Uint32Array(n),
    kind: new Uint8Array(n),
    dataOffset: new Float64Array(n)
  }
}

/** What a central record says beyond the table's columns. */
export interface RecordExtras {
  /** Info-ZIP's Unicode Path field (0x7075), which some extractors prefer. */
  unicodePath?: string
}

/**
 * Streams the central directory into a table. `onRecord` sees each entry as
 * it is read (for the name rules), so a bad name fails before the rest.
 */
export async function readCentralTable(
  fh: FileHandle,
  size: number,
  onRecord: (t: CentralTable, i: number, extras: RecordExtras) => void
): Promise<CentralTable> {
  const end = await readEnd(fh, size)
  const { count, cdSize, cdOffset } = end
  if (cdOffset + cdSize > end.cdEnd) {
    throw new NotZip('central directory lies outside the file')
  }
  // A record is at least 46 bytes: a count beyond that is a lie, and
  // believing it would size the table from an attacker's number.
  if (count * 46 > cdSize) throw new NotZip('central directory is too short')
  const table = emptyTable(end)
  const reader = new SeqReader(fh, cdOffset, cdOffset + cdSize)
  for (let i = 0; i < count; i++) {
    const head = await reader.take(46).catch(() => damaged(i))
    if (head.readUInt32LE(0) !== CENTRAL_SIG) damaged(i)
    const lengths = [28, 30, 32].map((at) => head.readUInt16LE(at))
    const rest = await reader
      .take(lengths.reduce((a, b) => a + b, 0))
      .catch(() => damaged(i))
    const extras = parseRecord(table, i, head, rest)
    onRecord(table, i, extras)
  }
  if (reader.pos !== cdOffset + cdSize) {
    throw new NotZip('central directory holds more than its end record counts')
  }
  return table
}

function damaged(i: number): never {
  throw new NotZip(`central directory record ${i + 1} is damaged`)
}

function parseRecord(
  t: CentralTable,
  i: number,
  head: Buffer,
  rest: Buffer
): RecordExtras {
  const nameLength = head.readUInt16LE(28)
  const extraLength = head.readUInt16LE(30)
  const rawName = rest.subarray(0, nameLength)
  const name = decodeName(t, i, rawName)
  t.names.push(name)
  const fields = zip64Fields(
    rest.subarray(nameLength, nameLength + extraLength),
    {
      size: head.readUInt32LE(24),
      compressedSize: head.readUInt32LE(20),
      offset: head.readUInt32LE(42)
    }
  )
  if (fields === undefined) throw new NotZip(`bad ZIP64 field for ${name}`)
  t.offset[i] = fields.offset
  t.compressedSize[i] = fields.compressedSize
  t.size[i] = fields.size
  t.crc[i] = head.readUInt32LE(16)
  t.flags[i] = head.readUInt16LE(8)
  t.method[i] = head.readUInt16LE(10)
  const mode = head.readUInt32LE(38) >>> 16
  t.mode[i] = mode
  t.kind[i] =
    (mode & S_IFMT) === S_IFLNK ? LINK : name.endsWith('/') ? DIRECTORY : FILE
  if (fields.offset + 30 > t.cdOffset) {
    throw new NotZip(`entry "${name}" points outside the archive data`)
  }
  const unicodePath = unicodePathOf(
    rest.subarray(nameLength, nameLength + extraLength)
  )
  return unicodePath === undefined ? {} : { unicodePath }
}

function decodeName(t: CentralTable, i: number, raw: Buffer): string {
  try {
    return UTF8.decode(raw)
  } catch {
    t.rawNames.set(i, Buffer.from(raw))
    return raw.toString('utf8')
  }
}

export interface SizeFields {
  size: number
  compressedSize: number
  offset: number
}

/** Each extra field of a record, as (id, data). */
export function* extraFields(extra: Buffer): Generator<[number, Buffer]> {
  for (let x = 0; x + 4 <= extra.length;) {
    const len = extra.readUInt16LE(x + 2)
    yield [extra.readUInt16LE(x), extra.subarray(x + 4, x + 4 + len)]
    x += 4 + len
  }
}

/** The fields, each saturated one read from the ZIP64 extra; undefined if it is short. */
export function zip64Fields(
  extra: Buffer,
  fields: SizeFields
): SizeFields | undefined {
  const f = { ...fields }
  for (const [id, data] of extraFields(extra)) {
    if (id !== 0x0001) continue
    let y = 0
    const next = (): number | undefined => {
      if (y + 8 > data.length) return undefined
      y += 8
      return Number(data.readBigUInt64LE(y - 8))
    }
    for (const key of ['size', 'compressedSize', 'offset'] as const) {
      if (f[key] !== MAX32) continue
      const v = next()
      if (v === undefined) return undefined
      f[key] = v
    }
  }
  return f
}

/** The name in an Info-ZIP Unicode Path field (0x7075), if there is one. */
export function unicodePathOf(extra: Buffer): string | undefined {
  for (const [id, data] of extraFields(extra)) {
    if (id === 0x7075 && data.length >= 5) return data.toString('utf8', 5)
  }
  return undefined
}
