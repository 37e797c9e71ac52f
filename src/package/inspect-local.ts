/*
 * The one pass over a given zip's bytes: the SHA-256, and what a streaming
 * extractor (one that reads local headers, never the central directory)
 * would see. Every local header must agree with its central record, the
 * entries must tile the data from byte 0 to the central directory (bytes
 * that belong to no entry could hold local headers the directory does not
 * list), and each link entry's target is read for the path rules.
 */
import { createHash } from 'node:crypto'
import type { FileHandle } from 'node:fs/promises'
import { inflateRawSync } from 'node:zlib'
import { unicodePathOf, zip64Fields } from './inspect-central.js'
import { checkUnicodePath, escapeText, refuse, shown } from './inspect-paths.js'
import { SeqReader } from './inspect-stream.js'
import { LINK, NotZip, type CentralTable } from './inspect-types.js'

const LOCAL_SIG = 0x04034b50
const DESCRIPTOR_SIG = 0x08074b50
const FLAG_DESCRIPTOR = 1 << 3
/** Bits 1-2 only hint at the deflate level; they change nothing a reader does. */
const COMPARED_FLAGS = 0xffff & ~0x0006
/** Linux's PATH_MAX: no longer link target can be created. */
const MAX_TARGET = 4096
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

export interface LocalPass {
  sha256: string
  /** Each link entry's target, by entry index. */
  targets: Map<number, string>
}

export async function readLocals(
  fh: FileHandle,
  size: number,
  t: CentralTable
): Promise<LocalPass> {
  const order = Uint32Array.from({ length: t.count }, (_, i) => i).sort(
    (a, b) => (t.offset[a] ?? 0) - (t.offset[b] ?? 0)
  )
  const hash = createHash('sha256')
  const reader = new SeqReader(fh, 0, size, hash)
  const targets = new Map<number, string>()
  for (let k = 0; k < order.length; k++) {
    const i = order[k] ?? 0
    const next = k + 1 < order.length ? order[k + 1] : undefined
    placed(reader.pos, t, i, k === 0 ? undefined : order[k - 1])
    await readLocalHeader(reader, t, i)
    if (t.kind[i] === LINK) targets.set(i, await readTarget(reader, t, i))
    else await reader.skip(t.compressedSize[i] ?? 0)
    if ((t.flags[i] ?? 0) & FLAG_DESCRIPTOR) {
      const end = next === undefined ? t.cdOffset : (t.offset[next] ?? 0)
      await passDescriptor(reader, t, i, end)
    }
  }
  if (reader.pos !== t.cdOffset) {
    const last = order[order.length - 1]
    const after = last === undefined ? '' : ` after entry "${shown(t, last)}"`
    hidden(t.cdOffset - reader.pos, after)
  }
  await reader.drain()
  return { sha256: hash.digest('hex'), targets }
}

function hidden(bytes: number, where: string): never {
  refuse(
    `${bytes} bytes${where} belong to no entry; an extractor reading local headers could find entries there that the central directory does not list`
  )
}

/** Entry `i` starts exactly where the previous one ended. */
function placed(
  pos: number,
  t: CentralTable,
  i: number,
  previous: number | undefined
): void {
  const offset = t.offset[i] ?? 0
  if (offset > pos) hidden(offset - pos, ` before entry "${shown(t, i)}"`)
  if (offset < pos && previous !== undefined) {
    refuse(
      `entry "${shown(t, i)}" starts inside entry "${shown(t, previous)}"; overlapping entries are refused`
    )
  }
}

async function readLocalHeader(
  reader: SeqReader,
  t: CentralTable,
  i: number
): Promise<void> {
  const h = await reader.take(30)
  if (h.readUInt32LE(0) !== LOCAL_SIG) {
    throw new NotZip(`no local header at offset ${t.offset[i]}`)
  }
  const nameLength = h.readUInt16LE(26)
  const rest = await reader.take(nameLength + h.readUInt16LE(28))
  const name = rest.subarray(0, nameLength)
  const extra = rest.subarray(nameLength)
  const expected = t.rawNames.get(i) ?? Buffer.from(t.names[i] ?? '', 'utf8')
  if (!name.equals(expected)) {
    refuse(
      `entry "${shown(t, i)}" is named "${shownBytes(name)}" in its local header; an extractor reading local headers would write that name instead`
    )
  }
  const unicodePath = unicodePathOf(extra)
  if (unicodePath !== undefined) checkUnicodePath(t, i, unicodePath)
  const field = disagreement(h, extra, t, i)
  if (field !== undefined) {
    refuse(
      `entry "${shown(t, i)}": its local header and the central directory disagree on the ${field}; extractors reading either would see different files`
    )
  }
  t.dataOffset[i] = reader.pos
}

function shownBytes(name: Buffer): string {
  try {
    return escapeText(UTF8.decode(name))
  } catch {
    let out = ''
    for (const b of name) {
      out +=
        b >= 0x20 && b < 0x7f
          ? String.fromCharCode(b)
          : `\\x${b.toString(16).padStart(2, '0')}`
    }
    return out
  }
}

/**
 * The field a local header states differently from the central record. With
 * a data descriptor (flag bit 3) the header may leave CRC and sizes zero.
 */
function disagreement(
  h: Buffer,
  extra: Buffer,
  t: CentralTable,
  i: number
): string | undefined {
  const flags = h.readUInt16LE(6)
  if ((flags ^ (t.flags[i] ?? 0)) & COMPARED_FLAGS) return 'flags'
  if (h.readUInt16LE(8) !== t.method[i]) return 'compression method'
  const sizes = zip64Fields(extra, {
    size: h.readUInt32LE(22),
    compressedSize: h.readUInt32LE(18),
    offset: 0
  })
  if (sizes === undefined) return 'ZIP64 sizes'
  const crc = h.readUInt32LE(14)
  const deferred = (flags & FLAG_DESCRIPTOR) !== 0
  if (!(deferred && crc === 0) && crc !== t.crc[i]) return 'CRC-32'
  const blank = sizes.size === 0 && sizes.compressedSize === 0
  if (deferred && blank) return undefined
  if (sizes.compressedSize !== t.compressedSize[i]) return 'compressed size'
  if (sizes.size !== t.size[i]) return 'size'
  return undefined
}

/**
 * Passes the data descriptor after entry `i`'s data. Its signature is
 * optional and its sizes are 4 or 8 bytes (ZIP64): the form that states the
 * central record's CRC and sizes, ending where the next entry starts when
 * more than one does, is the one a streaming extractor would read.
 */
async function passDescriptor(
  reader: SeqReader,
  t: CentralTable,
  i: number,
  nextStart: number
): Promise<void> {
  const b = await reader.peek(24)
  const fits: number[] = []
  const signed = b.length >= 4 && b.readUInt32LE(0) === DESCRIPTOR_SIG
  for (const start of signed ? [4, 0] : [0]) {
    for (const wide of [false, true]) {
      const length = start + (wide ? 20 : 12)
      if (length > b.length || b.readUInt32LE(start) !== t.crc[i]) continue
      const word = (at: number): number =>
        wide ? Number(b.readBigUInt64LE(at)) : b.readUInt32LE(at)
      const step = wide ? 8 : 4
      if (
        word(start + 4) === t.compressedSize[i] &&
        word(start + 4 + step) === t.size[i]
      ) {
        fits.push(length)
      }
    }
  }
  const length =
    fits.find((n) => reader.pos + n === nextStart) ?? fits[0] ?? undefined
  if (length === undefined) {
    refuse(
      `entry "${shown(t, i)}": its data descriptor disagrees with the central directory; extractors reading either would see different files`
    )
  }
  await reader.skip(length)
}

/** A link entry's target: its (small) data, inflated if need be. */
async function readTarget(
  reader: SeqReader,
  t: CentralTable,
  i: number
): Promise<string> {
  const compressed = t.compressedSize[i] ?? 0
  const link = `link entry "${shown(t, i)}"`
  if (compressed > MAX_TARGET * 16) {
    refuse(`${link} has a target longer than ${MAX_TARGET} bytes`)
  }
  const data = await reader.take(compressed)
  let bytes: Buffer
  if (t.method[i] === 0) bytes = data
  else if (t.method[i] === 8) {
    try {
      bytes = inflateRawSync(data, { maxOutputLength: MAX_TARGET })
    } catch {
      refuse(
        `${link} has a target that cannot be inflated or is longer than ${MAX_TARGET} bytes`
      )
    }
  } else {
    refuse(
      `${link} uses compression method ${t.method[i]}, so where it points cannot be checked`
    )
  }
  const target = bytes.toString('utf8')
  if (target === '' || target.includes('\0') || bytes.length > MAX_TARGET) {
    refuse(`${link} has an empty or invalid target`)
  }
  return target
}
