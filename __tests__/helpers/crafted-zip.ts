/**
 * Builds zip archives byte by byte, including ones no honest writer makes:
 * local headers that disagree with the central directory, data descriptors,
 * ZIP64 fields, link entries, hidden bytes between entries. Used to test the
 * `zip-file` inspection the way hostile archives would reach it.
 */
import { crc32, deflateRawSync } from 'node:zlib'

export interface CraftEntry {
  name: string | Buffer
  data?: string | Buffer
  method?: 0 | 8
  /** Unix st_mode stored in the external attributes (e.g. 0o120777 for a link). */
  mode?: number
  /** Flag bit 3: local CRC and sizes zero, a signed descriptor after the data. */
  descriptor?: boolean
  /** Sizes (and offset) saturated, the values in ZIP64 extra fields. */
  zip64?: boolean
  /** General purpose flags in both headers (bit 3 is added by `descriptor`). */
  flags?: number
  /** What the local header says instead of the central record's values. */
  local?: {
    name?: string | Buffer
    flags?: number
    method?: number
    crc?: number
    compressedSize?: number
    size?: number
  }
  /** Info-ZIP Unicode Path field (0x7075) in the central record. */
  unicodePath?: string
  /** Bytes written after the entry that belong to no entry. */
  after?: Buffer
  /** The central record points at this entry's local header instead. */
  offsetOf?: number
}

const bytes = (v: string | Buffer): Buffer =>
  typeof v === 'string' ? Buffer.from(v, 'utf8') : v

function u16(n: number): Buffer {
  const b = Buffer.alloc(2)
  b.writeUInt16LE(n)
  return b
}
function u32(n: number): Buffer {
  const b = Buffer.alloc(4)
  b.writeUInt32LE(n >>> 0)
  return b
}
function u64(n: number): Buffer {
  const b = Buffer.alloc(8)
  b.writeBigUInt64LE(BigInt(n))
  return b
}

function field(id: number, data: Buffer): Buffer {
  return Buffer.concat([u16(id), u16(data.length), data])
}

interface Written {
  name: Buffer
  crc: number
  size: number
  compressedSize: number
  offset: number
  method: number
  flags: number
  mode: number
  zip64: boolean
  unicodePath?: string
}

function localEntry(e: CraftEntry, offset: number): [Buffer, Written] {
  const name = bytes(e.name)
  const data = bytes(e.data ?? '')
  const method = e.method ?? 0
  const body = method === 8 ? deflateRawSync(data) : data
  const flags = (e.flags ?? 0) | (e.descriptor ? 8 : 0) | 0x800
  const w: Written = {
    name,
    crc: crc32(data),
    size: data.length,
    compressedSize: body.length,
    offset,
    method,
    flags,
    mode: e.mode ?? 0o100644,
    zip64: e.zip64 ?? false,
    ...(e.unicodePath !== undefined && { unicodePath: e.unicodePath })
  }
  const l = e.local ?? {}
  const hidden = e.descriptor ?? false
  const crc = l.crc ?? (hidden ? 0 : w.crc)
  const csize = l.compressedSize ?? (hidden ? 0 : w.compressedSize)
  const size = l.size ?? (hidden ? 0 : w.size)
  const extra = w.zip64
    ? field(1, Buffer.concat([u64(size), u64(csize)]))
    : Buffer.alloc(0)
  const lname = l.name === undefined ? name : bytes(l.name)
  const header = Buffer.concat([
    u32(0x04034b50),
    u16(w.zip64 ? 45 : 20),
    u16(l.flags ?? flags),
    u16(l.method ?? method),
    u16(0),
    u16(0x21),
    u32(crc),
    u32(w.zip64 ? 0xffffffff : csize),
    u32(w.zip64 ? 0xffffffff : size),
    u16(lname.length),
    u16(extra.length),
    lname,
    extra
  ])
  const descriptor = hidden
    ? Buffer.concat([
        u32(0x08074b50),
        u32(w.crc),
        u32(w.compressedSize),
        u32(w.size)
      ])
    : Buffer.alloc(0)
  return [
    Buffer.concat([header, body, descriptor, e.after ?? Buffer.alloc(0)]),
    w
  ]
}

function centralRecord(w: Written): Buffer {
  const fields: Buffer[] = []
  if (w.zip64)
    fields.push(
      field(
        1,
        Buffer.concat([u64(w.size), u64(w.compressedSize), u64(w.offset)])
      )
    )
  if (w.unicodePath !== undefined) {
    fields.push(
      field(
        0x7075,
        Buffer.concat([
          Buffer.from([1]),
          u32(crc32(w.name)),
          Buffer.from(w.unicodePath)
        ])
      )
    )
  }
  const extra = Buffer.concat(fields)
  const sat = (n: number): number => (w.zip64 ? 0xffffffff : n)
  return Buffer.concat([
    u32(0x02014b50),
    u16((3 << 8) | 45),
    u16(w.zip64 ? 45 : 20),
    u16(w.flags),
    u16(w.method),
    u16(0),
    u16(0x21),
    u32(w.crc),
    u32(sat(w.compressedSize)),
    u32(sat(w.size)),
    u16(w.name.length),
    u16(extra.length),
    u16(0),
    u16(0),
    u16(0),
    u32((w.mode << 16) >>> 0),
    u32(sat(w.offset)),
    w.name,
    extra
  ])
}

function endRecords(count: number, cdOffset: number, cdSize: number): Buffer {
  const wide = count > 0xfffe
  const eocd = Buffer.concat([
    u32(0x06054b50),
    u16(0),
    u16(0),
    u16(wide ? 0xffff : count),
    u16(wide ? 0xffff : count),
    u32(cdSize),
    u32(cdOffset),
    u16(0)
  ])
  if (!wide) return eocd
  const eocd64At = cdOffset + cdSize
  return Buffer.concat([
    u32(0x06064b50),
    u64(44),
    u16(45),
    u16(45),
    u32(0),
    u32(0),
    u64(count),
    u64(count),
    u64(cdSize),
    u64(cdOffset),
    u32(0x07064b50),
    u32(0),
    u64(eocd64At),
    u32(1),
    eocd
  ])
}

/** A zip holding `entries` in this order, as the options say. */
export function craftZip(entries: CraftEntry[], leading?: Buffer): Buffer {
  const parts: Buffer[] = leading ? [leading] : []
  const written: Written[] = []
  let at = leading?.length ?? 0
  for (const e of entries) {
    const [part, w] = localEntry(e, at)
    parts.push(part)
    written.push(w)
    at += part.length
  }
  entries.forEach((e, k) => {
    if (e.offsetOf !== undefined)
      written[k]!.offset = written[e.offsetOf]!.offset
  })
  const central = Buffer.concat(written.map(centralRecord))
  return Buffer.concat([
    ...parts,
    central,
    endRecords(written.length, at, central.length)
  ])
}
