import { createHash, type Hash } from 'node:crypto'
import {
  closeSync,
  constants as fsConstants,
  openSync,
  readSync
} from 'node:fs'
import { open, rm, type FileHandle } from 'node:fs/promises'
import { resolve } from 'node:path'
import * as zlib from 'node:zlib'
import { PackagingError, errorMessage } from '../errors.js'
import { crc32 as tableCrc32, crc32Combine } from './crc32.js'
import { FilesDigest, fingerprintComment } from './fingerprint.js'
import type { ArchiveInfo, ZipEntrySource } from './types.js'

export interface ZipOptions {
  /** zlib level, 1–9. Default 6, Info-ZIP's. */
  level?: number
  /**
   * Chunks of large files compressed at once (on libuv's thread pool).
   * Default 4, the pool's size. Does not change the bytes.
   */
  concurrency?: number
  /** Bytes of file data (read plus compressed) in flight. Default 16 MiB. */
  memoryBudgetBytes?: number
}

/*
 * Format constants: the same file gives the same bytes whatever the memory
 * budget or concurrency, because every file is compressed in the same pieces.
 *
 * - A file of up to PROBE_BYTES is deflated whole by one of LANES reusable
 *   deflate streams, the n-th such file of the archive by lane n mod LANES
 *   (a reset stream is not quite a fresh one: its window still holds the
 *   previous file, which can change a byte at the end of the next, so which
 *   lane compresses a file must not depend on timing).
 * - A larger file is a 64 KiB probe, then 1 MiB chunks, each primed with the
 *   32 KiB before it, as pigz does; each piece is a one-shot deflate. If the
 *   probe does not shrink by 2 %, the whole file is stored.
 *
 * All deflating runs on libuv's thread pool (zlib's async API): no worker
 * threads, so no extra V8 isolates, and memory is the budget plus a few
 * deflate states.
 */
export const PROBE_BYTES = 64 * 1024
export const CHUNK_BYTES = 1024 * 1024
export const DICT_BYTES = 32 * 1024
const LANES = 4

const DEFAULT_BUDGET = 16 * 1024 * 1024
const DEFAULT_CONCURRENCY = 4
// Larger files are written as they are compressed, their local header
// patched afterwards; smaller ones wait until the whole file is ready.
const STREAM_ABOVE = 2 * 1024 * 1024
const FLUSH_BYTES = 1024 * 1024
const MAX16 = 0xffff
const MAX32 = 0xffffffff
// 1980-01-01 00:00:00, the earliest MS-DOS date: mtimes never reach the zip.
const DOS_TIME = 0
const DOS_DATE = (1 << 5) | 1
const MADE_BY_UNIX = (3 << 8) | 30
const S_IFREG = 0o100000
const S_IFLNK = 0o120000
const FLAG_UTF8 = 1 << 11
const ONE_BYTE = Buffer.alloc(1)
const HEADER = Buffer.alloc(30 + 0xffff + 20)
const OPEN_FLAGS = fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0)
const { Z_SYNC_FLUSH, Z_FINISH } = zlib.constants

const crc32: (data: Uint8Array) => number =
  typeof zlib.crc32 === 'function'
    ? (data) => zlib.crc32(data) >>> 0
    : (data) => tableCrc32(data)

/** What the central directory needs to know about a written entry. */
interface Written {
  name: string
  /** The name's length in UTF-8 bytes. */
  nameLength: number
  flags: number
  method: 0 | 8
  crc: number
  compressedSize: number
  size: number
  offset: number
  attrs: number
}

/** A compressed (or stored) range of a file. */
interface Piece {
  method: 0 | 8
  crc: number
  /** Uncompressed bytes covered. */
  size: number
  /** A view of the piece's ring region (or zlib's buffer, rarely). */
  data: Buffer
}

type Unit =
  | { kind: 'done' }
  | { kind: 'link'; entry: ZipEntrySource; data: Buffer }
  | {
      kind: 'small'
      entry: ZipEntrySource
      lane: number
      piece: Deferred<Piece>
    }
  | {
      kind: 'large'
      entry: ZipEntrySource
      ranges: [number, number][]
      pieces: Deferred<Piece>[]
    }

const DONE: Unit = { kind: 'done' }

class Deferred<T> {
  readonly promise: Promise<T>
  resolve!: (value: T) => void
  reject!: (reason: unknown) => void
  settled = false
  constructor() {
    this.promise = new Promise<T>((res, rej) => {
      this.resolve = (v) => {
        this.settled = true
        res(v)
      }
      this.reject = (e) => {
        this.settled = true
        rej(e)
      }
    })
    // Rejections are awaited by the writer in order; the rest are moot.
    this.promise.catch(() => undefined)
  }
}

/**
 * Writes `entries` as a deterministic zip at `outPath`.
 *
 * Files are read ahead of the writer, within a fixed memory budget, and
 * compressed on libuv's thread pool; entries are written strictly in name
 * order. An entry of up to 2 MiB (or a quarter of the budget) is written
 * with its CRC and sizes in the local header (as Info-ZIP does); a larger
 * one is written as its chunks come and its local header rewritten in place
 * once known, so the bytes are the same either way and no data descriptor is
 * needed. The SHA-256 is computed while writing; only a rewritten entry is
 * hashed by reading it back from the output.
 */
export async function writeZip(
  entries: ZipEntrySource[],
  outPath: string,
  opts: ZipOptions = {}
): Promise<ArchiveInfo> {
  const level = opts.level ?? 6
  if (!Number.isInteger(level) || level < 1 || level > 9) {
    throw new PackagingError(`compression level must be 1–9, got ${level}`)
  }
  const budget = Math.max(opts.memoryBudgetBytes ?? DEFAULT_BUDGET, 1 << 20)
  // A file written whole holds about twice its size of the ring at once.
  const streamAbove = Math.max(
    2 * PROBE_BYTES,
    Math.min(STREAM_ABOVE, Math.floor(budget / 8))
  )
  const concurrency = Math.max(1, opts.concurrency ?? DEFAULT_CONCURRENCY)
  const sorted = sortAndCheck(entries)
  const units = planUnits(sorted)

  const path = resolve(outPath)
  const out = await Output.create(path)
  const gate = new Ring(budget)
  const engine = new Engine(level, concurrency)
  const digest = new FilesDigest(level)
  const dispatching = dispatch(sorted, units, engine, gate, digest).catch(
    (err: unknown) => {
      for (const u of units) {
        if (u.kind === 'small' && !u.piece.settled) u.piece.reject(err)
        if (u.kind === 'large') {
          for (const p of u.pieces) if (!p.settled) p.reject(err)
        }
      }
    }
  )
  try {
    const written: Written[] = []
    for (let i = 0; i < units.length; i++) {
      const unit = units[i] as Unit
      if (unit.kind === 'done') continue
      if (unit.kind === 'link') {
        const e = unit.entry
        const w = entryRecord(e, 0, crc32(unit.data), unit.data.length, out.pos)
        w.compressedSize = unit.data.length
        await out.append(localHeader(w))
        await out.append(unit.data)
        written.push(w)
      } else if (unit.kind === 'small') {
        const p = await unit.piece.promise
        const w = entryRecord(unit.entry, p.method, p.crc, p.size, out.pos)
        w.compressedSize = p.data.length
        await out.append(localHeader(w))
        await out.append(p.data)
        gate.release()
        written.push(w)
      } else if (unit.entry.size > streamAbove) {
        written.push(await writeStreamed(unit, out, gate))
      } else {
        written.push(await writeWhole(unit, out, gate))
      }
      // Written units let go of their buffers (a settled promise keeps its value).
      units[i] = DONE
    }
    // Every file has been read (and digested) once the last one is written.
    await dispatching
    const filesSha256 = digest.hex()
    await out.append(
      centralDirectory(written, out.pos, fingerprintComment(filesSha256))
    )
    const info = await out.finish()
    return {
      path,
      size: info.size,
      sha256: info.sha256,
      unzippedSize: written.reduce((sum, w) => sum + w.size, 0),
      entryCount: written.length,
      names: sorted.map((e) => e.name),
      filesSha256
    }
  } catch (err) {
    await out.abort()
    throw err instanceof PackagingError
      ? err
      : new PackagingError(`could not write ${path}: ${errorMessage(err)}`, {
          cause: err
        })
  } finally {
    gate.abort()
    await dispatching
    engine.close()
  }
}

/**
 * An upper bound on the size of the archive writeZip makes of `entries`,
 * known without compressing: an entry is stored when deflate does not pay,
 * so it never takes much more than its size plus its headers.
 */
export function maxArchiveSize(entries: ZipEntrySource[]): number {
  let total = 22 + 56 + 20 + 0xffff
  for (const e of entries) {
    const name = Buffer.byteLength(e.name, 'utf8')
    // Headers with ZIP64 extras, plus deflate's worst case per 16 KiB block.
    total +=
      e.size + 30 + 46 + 2 * name + 48 + 5 * Math.ceil(e.size / 16384) + 64
  }
  return total
}

function sortAndCheck(entries: ZipEntrySource[]): ZipEntrySource[] {
  const keyed = entries.map((e) => ({ e, key: Buffer.from(e.name, 'utf8') }))
  keyed.sort((a, b) => Buffer.compare(a.key, b.key))
  for (let i = 0; i < keyed.length; i++) {
    const { e, key } = keyed[i] as { e: ZipEntrySource; key: Buffer }
    if (i > 0 && key.equals((keyed[i - 1] as { key: Buffer }).key)) {
      throw new PackagingError(`two entries are named ${e.name}`)
    }
    if (key.length > MAX16) {
      throw new PackagingError(`entry name too long: ${e.name.slice(0, 80)}…`)
    }
    if (e.kind === 'symlink' && e.linkTarget === undefined) {
      throw new PackagingError(`link ${e.name} has no target`)
    }
  }
  return keyed.map((k) => k.e)
}

function planUnits(sorted: ZipEntrySource[]): Unit[] {
  const units: Unit[] = []
  let small = 0
  for (const e of sorted) {
    if (e.kind === 'symlink') {
      const data = Buffer.from(e.linkTarget ?? '', 'utf8')
      units.push({ kind: 'link', entry: e, data })
    } else if (e.size <= PROBE_BYTES) {
      const lane = small++ % LANES
      units.push({ kind: 'small', entry: e, lane, piece: new Deferred() })
    } else {
      const ranges: [number, number][] = [[0, PROBE_BYTES]]
      for (let off = PROBE_BYTES; off < e.size; off += CHUNK_BYTES) {
        ranges.push([off, Math.min(off + CHUNK_BYTES, e.size)])
      }
      const pieces = ranges.map(() => new Deferred<Piece>())
      units.push({ kind: 'large', entry: e, ranges, pieces })
    }
  }
  return units
}

/** Reads and starts compressing in archive order, as far ahead as the budget allows. */
async function dispatch(
  sorted: ZipEntrySource[],
  units: Unit[],
  engine: Engine,
  gate: Ring,
  digest: FilesDigest
): Promise<void> {
  for (const [i, entry] of sorted.entries()) {
    // The writer may already have written (and dropped) a link unit.
    const unit = units[i] as Unit
    digest.entry(entry)
    if (entry.kind === 'symlink') {
      digest.data(Buffer.from(entry.linkTarget ?? '', 'utf8'))
    } else if (unit.kind === 'small') {
      const e = unit.entry
      // The file, then room for its compressed form (kept only if smaller).
      const region = await gate.acquire(2 * e.size)
      const data = readRange(e, 0, e.size, true, region)
      digest.data(data)
      const room = region.subarray(e.size)
      forward(engine.small(unit.lane, data, room), unit.piece)
    } else if (unit.kind === 'large') {
      const e = unit.entry
      let store: boolean | undefined
      for (const [i, [start, end]] of unit.ranges.entries()) {
        const last = i === unit.ranges.length - 1
        const d = unit.pieces[i] as Deferred<Piece>
        if (store) {
          const region = await gate.acquire(end - start)
          const data = readRange(e, start, end, last, region)
          digest.data(data)
          d.resolve({ method: 0, crc: crc32(data), size: data.length, data })
          continue
        }
        const from = i === 0 ? 0 : Math.max(0, start - DICT_BYTES)
        // Dictionary and chunk, then room for the chunk compressed.
        const region = await gate.acquire(end - from + (end - start))
        const buf = readRange(e, from, end, last, region)
        digest.data(buf.subarray(start - from))
        const room = region.subarray(end - from)
        const piece = engine.chunk(buf, start - from, last, i === 0, room)
        forward(piece, d)
        // Later chunks depend on the probe's verdict.
        if (store === undefined) store = (await piece).method === 0
      }
    }
  }
}

/** Copies `parts` into the start of `room`. */
function gather(parts: Buffer[], room: Buffer): Buffer {
  let at = 0
  for (const part of parts) at += part.copy(room, at)
  return room.subarray(0, at)
}

function forward<T>(p: Promise<T>, d: Deferred<T>): void {
  p.then(
    (v) => d.resolve(v),
    (e: unknown) => d.reject(e)
  )
}

/** Reads exactly [start, end) of a file; `checkEof` also proves nothing follows. */
function readRange(
  e: ZipEntrySource,
  start: number,
  end: number,
  checkEof: boolean,
  into: Buffer
): Buffer {
  const length = end - start
  const buf = into.subarray(0, length)
  let fd: number
  try {
    fd = openSync(e.sourcePath, OPEN_FLAGS)
  } catch (err) {
    throw new PackagingError(
      `cannot read ${e.name} (${e.sourcePath}): ${errorMessage(err)}`,
      { cause: err }
    )
  }
  try {
    let got = 0
    while (got < length) {
      const n = readSync(fd, buf, got, length - got, start + got)
      if (n === 0) throw changed(e)
      got += n
    }
    if (checkEof && readSync(fd, ONE_BYTE, 0, 1, end) !== 0) {
      throw changed(e)
    }
    return buf
  } catch (err) {
    if (err instanceof PackagingError) throw err
    throw new PackagingError(
      `cannot read ${e.name} (${e.sourcePath}): ${errorMessage(err)}`,
      { cause: err }
    )
  } finally {
    closeSync(fd)
  }
}

/**
 * The fingerprint writeZip would store for `entries`, without building the
 * archive: every file read once, as the writer reads it (the page cache
 * makes this cheap beside deflate).
 */
export function digestFiles(entries: ZipEntrySource[], level = 6): string {
  const digest = new FilesDigest(level)
  const buf = Buffer.allocUnsafe(CHUNK_BYTES)
  for (const e of sortAndCheck(entries)) {
    digest.entry(e)
    if (e.kind === 'symlink') {
      digest.data(Buffer.from(e.linkTarget ?? '', 'utf8'))
      continue
    }
    for (let start = 0; start < e.size || start === 0; start += CHUNK_BYTES) {
      const end = Math.min(e.size, start + CHUNK_BYTES)
      digest.data(readRange(e, start, end, end === e.size, buf))
      if (end === e.size) break
    }
  }
  return digest.hex()
}

function changed(e: ZipEntrySource): PackagingError {
  return new PackagingError(
    `${e.name} (${e.sourcePath}) changed size while being packaged`
  )
}

// Not shrinking by 2% is not worth an inflate on every cold start.
function worthDeflating(inLen: number, outLen: number): boolean {
  return outLen * 50 <= inLen * 49
}

/**
 * zlib on libuv's thread pool: LANES reusable streams for small files, and
 * one-shot deflates (at most `concurrency` at once) for chunks of large ones.
 */
class Engine {
  private readonly lanes: Lane[]
  private running = 0
  private readonly waiting: (() => void)[] = []

  constructor(
    private readonly level: number,
    private readonly concurrency: number
  ) {
    this.lanes = Array.from({ length: LANES }, () => new Lane(level))
  }

  /** `room` (as long as `data`) receives the compressed bytes. */
  async small(lane: number, data: Buffer, room: Buffer): Promise<Piece> {
    const crc = crc32(data)
    const stored: Piece = { method: 0, crc, size: data.length, data }
    if (data.length === 0) return stored
    const parts = await (this.lanes[lane] as Lane).deflate(data)
    let length = 0
    for (const part of parts) length += part.length
    if (!worthDeflating(data.length, length)) return stored
    return { method: 8, crc, size: data.length, data: gather(parts, room) }
  }

  /** `buf` is the dictionary (its first `dictLength` bytes), then the chunk. */
  async chunk(
    buf: Buffer,
    dictLength: number,
    last: boolean,
    probe: boolean,
    room: Buffer
  ): Promise<Piece> {
    const data = buf.subarray(dictLength)
    const crc = crc32(data)
    const opts: zlib.ZlibOptions = {
      level: this.level,
      finishFlush: last ? Z_FINISH : Z_SYNC_FLUSH,
      chunkSize: 256 * 1024
    }
    if (dictLength > 0) opts.dictionary = buf.subarray(0, dictLength)
    while (this.running >= this.concurrency) {
      await new Promise<void>((r) => this.waiting.push(r))
    }
    this.running++
    let out: Buffer
    try {
      out = await new Promise<Buffer>((res, rej) =>
        zlib.deflateRaw(data, opts, (err, result) =>
          err ? rej(err) : res(result)
        )
      )
    } finally {
      this.running--
      this.waiting.shift()?.()
    }
    if (probe && !worthDeflating(data.length, out.length)) {
      return { method: 0, crc, size: data.length, data }
    }
    // Output larger than its input (kept: the file may still shrink overall)
    // stays in zlib's buffer.
    const kept = out.length <= room.length ? gather([out], room) : out
    return { method: 8, crc, size: data.length, data: kept }
  }

  close(): void {
    for (const lane of this.lanes) lane.close()
  }
}

/** A deflate stream reused file after file: write with Z_FINISH, collect, reset. */
class Lane {
  private readonly stream: zlib.DeflateRaw
  private parts: Buffer[] = []
  private tail: Promise<unknown> = Promise.resolve()
  private failed: Error | undefined

  constructor(level: number) {
    this.stream = zlib.createDeflateRaw({ level, flush: Z_FINISH })
    this.stream.on('data', (d: Buffer) => this.parts.push(d))
    this.stream.on('error', (err) => (this.failed = err))
  }

  /** Deflates `data` as one whole raw deflate stream; calls run in order. */
  deflate(data: Buffer): Promise<Buffer[]> {
    const run = (): Promise<Buffer[]> =>
      new Promise<Buffer[]>((res, rej) => {
        if (this.failed) return rej(this.failed)
        this.stream.write(data, (err) => {
          if (err) return rej(err)
          // Anything still buffered is emitted as 'data' by read().
          while (this.stream.read() !== null);
          const parts = this.parts
          this.parts = []
          this.stream.reset()
          res(parts)
        })
      })
    const p = this.tail.then(run)
    this.tail = p.catch(() => undefined)
    return p
  }

  close(): void {
    this.stream.destroy()
  }
}

/** All pieces first, then the entry with its sizes known. */
async function writeWhole(
  unit: Extract<Unit, { kind: 'large' }>,
  out: Output,
  gate: Ring
): Promise<Written> {
  const e = unit.entry
  const pieces: Piece[] = []
  for (const d of unit.pieces) pieces.push(await d.promise)
  const { crc, size, compressedSize } = combine(pieces)
  if (size !== e.size) throw changed(e)
  let method = (pieces[0] as Piece).method
  const w = entryRecord(e, method, crc, size, out.pos)
  if (method === 8 && compressedSize >= size) method = 0
  w.method = method
  if (method === 0) {
    // Deflate did not pay off over the whole file: store it.
    w.compressedSize = size
    await out.append(localHeader(w))
    if (pieces[0]?.method === 0) {
      for (const p of pieces) await out.append(p.data)
    } else {
      await copyRaw(e, out)
    }
  } else {
    w.compressedSize = compressedSize
    await out.append(localHeader(w))
    for (const p of pieces) await out.append(p.data)
  }
  for (let i = 0; i < pieces.length; i++) gate.release()
  return w
}

function combine(pieces: Piece[]): {
  crc: number
  size: number
  compressedSize: number
} {
  let crc = 0
  let size = 0
  let compressedSize = 0
  for (const p of pieces) {
    crc = size === 0 ? p.crc : crc32Combine(crc, p.crc, p.size)
    size += p.size
    compressedSize += p.data.length
  }
  return { crc, size, compressedSize }
}

async function writeStreamed(
  unit: Extract<Unit, { kind: 'large' }>,
  out: Output,
  gate: Ring
): Promise<Written> {
  const e = unit.entry
  await out.pauseHash()
  const w = entryRecord(e, 8, 0, e.size, out.pos)
  const headerLength = localHeader(w).length
  await out.append(Buffer.alloc(headerLength))
  const dataStart = out.pos
  let crc = 0
  let done = 0
  for (const d of unit.pieces) {
    const p = await d.promise
    if (done === 0) w.method = p.method
    crc = done === 0 ? p.crc : crc32Combine(crc, p.crc, p.size)
    done += p.size
    w.compressedSize += p.data.length
    await out.append(p.data)
    gate.release()
  }
  w.crc = crc
  if (done !== e.size) throw changed(e)
  if (w.method === 8 && w.compressedSize >= w.size) {
    // Deflate did not pay off over the whole file: store it, as a file that
    // fits in memory would have been.
    await out.rewind(dataStart)
    await copyRaw(e, out)
    w.method = 0
    w.compressedSize = w.size
  }
  const header = localHeader(w)
  if (header.length !== headerLength) {
    throw new PackagingError(`internal: local header of ${e.name} resized`)
  }
  await out.patch(w.offset, header)
  await out.resumeHash(w.offset)
  return w
}

async function copyRaw(e: ZipEntrySource, out: Output): Promise<void> {
  const fh = await open(
    e.sourcePath,
    fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0)
  )
  try {
    for (let pos = 0; pos < e.size;) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, e.size - pos))
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos)
      if (bytesRead === 0) {
        throw new PackagingError(`${e.name} changed size while being packaged`)
      }
      await out.append(buf.subarray(0, bytesRead))
      pos += bytesRead
    }
  } finally {
    await fh.close()
  }
}

function entryRecord(
  e: ZipEntrySource,
  method: 0 | 8,
  crc: number,
  size: number,
  offset: number
): Written {
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

/** Local header; a ZIP64 extra only for an entry of 4 GiB or more. */
function localHeader(w: Written): Buffer {
  const zip64 = w.size >= MAX32
  const extraLength = zip64 ? 20 : 0
  // One scratch buffer for every local header: the caller copies it out.
  const b = HEADER.fill(0, 0, 30 + w.nameLength + extraLength)
  b.writeUInt32LE(0x04034b50, 0)
  b.writeUInt16LE(versionNeeded(w, zip64), 4)
  b.writeUInt16LE(w.flags, 6)
  b.writeUInt16LE(w.method, 8)
  b.writeUInt16LE(DOS_TIME, 10)
  b.writeUInt16LE(DOS_DATE, 12)
  b.writeUInt32LE(w.crc, 14)
  b.writeUInt32LE(zip64 ? MAX32 : w.compressedSize, 18)
  b.writeUInt32LE(zip64 ? MAX32 : w.size, 22)
  b.writeUInt16LE(w.nameLength, 26)
  b.writeUInt16LE(extraLength, 28)
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

function versionNeeded(w: Written, zip64: boolean): number {
  if (zip64) return 45
  return w.method === 8 ? 20 : 10
}

function centralDirectory(
  written: Written[],
  cdOffset: number,
  comment: string
): Buffer {
  const parts: Buffer[] = []
  let cdSize = 0
  for (const w of written) {
    const bigSize = w.size >= MAX32
    const bigCompressed = w.compressedSize >= MAX32
    const bigOffset = w.offset >= MAX32
    const extraLength =
      (bigSize || bigCompressed || bigOffset ? 4 : 0) +
      (bigSize ? 8 : 0) +
      (bigCompressed ? 8 : 0) +
      (bigOffset ? 8 : 0)
    const b = Buffer.alloc(46 + w.nameLength + extraLength)
    b.writeUInt32LE(0x02014b50, 0)
    b.writeUInt16LE(MADE_BY_UNIX, 4)
    b.writeUInt16LE(versionNeeded(w, extraLength > 0 || w.size >= MAX32), 6)
    b.writeUInt16LE(w.flags, 8)
    b.writeUInt16LE(w.method, 10)
    b.writeUInt16LE(DOS_TIME, 12)
    b.writeUInt16LE(DOS_DATE, 14)
    b.writeUInt32LE(w.crc, 16)
    b.writeUInt32LE(bigCompressed ? MAX32 : w.compressedSize, 20)
    b.writeUInt32LE(bigSize ? MAX32 : w.size, 24)
    b.writeUInt16LE(w.nameLength, 28)
    b.writeUInt16LE(extraLength, 30)
    // comment length, disk number, internal attributes: 0
    b.writeUInt32LE(w.attrs, 38)
    b.writeUInt32LE(bigOffset ? MAX32 : w.offset, 42)
    b.write(w.name, 46, 'utf8')
    if (extraLength > 0) {
      let x = 46 + w.nameLength
      b.writeUInt16LE(0x0001, x)
      b.writeUInt16LE(extraLength - 4, x + 2)
      x += 4
      for (const [big, value] of [
        [bigSize, w.size],
        [bigCompressed, w.compressedSize],
        [bigOffset, w.offset]
      ] as const) {
        if (!big) continue
        b.writeBigUInt64LE(BigInt(value), x)
        x += 8
      }
    }
    parts.push(b)
    cdSize += b.length
  }
  const count = written.length
  const zip64 = count > MAX16 || cdSize >= MAX32 || cdOffset >= MAX32
  if (zip64) {
    const rec = Buffer.alloc(56 + 20)
    const eocd64Offset = cdOffset + cdSize
    rec.writeUInt32LE(0x06064b50, 0)
    rec.writeBigUInt64LE(44n, 4)
    rec.writeUInt16LE(MADE_BY_UNIX, 12)
    rec.writeUInt16LE(45, 14)
    // this disk, disk with the central directory: 0
    rec.writeBigUInt64LE(BigInt(count), 24)
    rec.writeBigUInt64LE(BigInt(count), 32)
    rec.writeBigUInt64LE(BigInt(cdSize), 40)
    rec.writeBigUInt64LE(BigInt(cdOffset), 48)
    rec.writeUInt32LE(0x07064b50, 56)
    rec.writeUInt32LE(0, 60)
    rec.writeBigUInt64LE(BigInt(eocd64Offset), 64)
    rec.writeUInt32LE(1, 72)
    parts.push(rec)
  }
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(Math.min(count, MAX16), 8)
  end.writeUInt16LE(Math.min(count, MAX16), 10)
  end.writeUInt32LE(Math.min(cdSize, MAX32), 12)
  end.writeUInt32LE(Math.min(cdOffset, MAX32), 16)
  const text = Buffer.from(comment, 'latin1')
  end.writeUInt16LE(text.length, 20)
  parts.push(end, text)
  return Buffer.concat(parts)
}

/**
 * The archive file: appends copied into one write buffer (so ring regions
 * can be released at once), a running SHA-256, in-place patches.
 */
class Output {
  pos = 0
  private readonly buf = Buffer.allocUnsafeSlow(FLUSH_BYTES)
  private used = 0
  private flushed = 0
  private readonly scratch = Buffer.allocUnsafeSlow(CHUNK_BYTES)
  private readonly hash: Hash = createHash('sha256')
  private hashing = true

  private constructor(
    private readonly path: string,
    private readonly fh: FileHandle
  ) {}

  static async create(path: string): Promise<Output> {
    try {
      return new Output(path, await open(path, 'w+', 0o644))
    } catch (err) {
      throw new PackagingError(`cannot create ${path}: ${errorMessage(err)}`, {
        cause: err
      })
    }
  }

  /** `data` may be reused by the caller as soon as this resolves. */
  async append(data: Buffer): Promise<void> {
    if (data.length === 0) return
    if (this.hashing) this.hash.update(data)
    this.pos += data.length
    const large = data.length >= this.buf.length / 2
    if (large || this.used + data.length > this.buf.length) await this.flush()
    if (large) {
      await this.writeAt(data, this.flushed)
      this.flushed += data.length
      return
    }
    data.copy(this.buf, this.used)
    this.used += data.length
  }

  async flush(): Promise<void> {
    if (this.used === 0) return
    await this.writeAt(this.buf.subarray(0, this.used), this.flushed)
    this.flushed += this.used
    this.used = 0
  }

  private async writeAt(data: Buffer, at: number): Promise<void> {
    for (let done = 0; done < data.length;) {
      const { bytesWritten } = await this.fh.write(
        data,
        done,
        data.length - done,
        at + done
      )
      done += bytesWritten
    }
  }

  /** Bytes from here on are hashed later by `resumeHash`. */
  async pauseHash(): Promise<void> {
    await this.flush()
    this.hashing = false
  }

  async resumeHash(from: number): Promise<void> {
    await this.flush()
    for (let at = from; at < this.pos;) {
      const want = Math.min(this.scratch.length, this.pos - at)
      const { bytesRead } = await this.fh.read(this.scratch, 0, want, at)
      if (bytesRead === 0) throw new Error(`short read at ${at}`)
      this.hash.update(this.scratch.subarray(0, bytesRead))
      at += bytesRead
    }
    this.hashing = true
  }

  async rewind(to: number): Promise<void> {
    await this.flush()
    await this.fh.truncate(to)
    this.pos = to
    this.flushed = to
  }

  async patch(at: number, data: Buffer): Promise<void> {
    await this.flush()
    await this.writeAt(data, at)
  }

  async finish(): Promise<{ size: number; sha256: string }> {
    await this.flush()
    await this.fh.close()
    return { size: this.pos, sha256: this.hash.digest('hex') }
  }

  async abort(): Promise<void> {
    await this.fh.close().catch(() => undefined)
    await rm(this.path, { force: true }).catch(() => undefined)
  }
}

/**
 * The memory budget as one ring buffer, carved in archive order and given
 * back in the same order: file data and compressed output live in it, so
 * packaging allocates no buffer per file (per-file buffers die old in V8 and
 * pile up until a full collection). One waiter (the dispatcher).
 */
class Ring {
  private buf: Buffer | undefined
  private head = 0
  private tail = 0
  private readonly held: number[] = []
  private wake: (() => void) | undefined
  private aborted = false

  constructor(private readonly capacity: number) {}

  /** A region of `n` bytes, waiting until older regions are released. */
  async acquire(n: number): Promise<Buffer> {
    for (;;) {
      if (this.aborted) throw new Error('aborted')
      if (this.held.length === 0) this.head = this.tail = 0
      if (n > this.capacity) {
        // Larger than the whole budget: alone, in its own buffer.
        if (this.held.length === 0) {
          this.held.push(0)
          return Buffer.allocUnsafeSlow(n)
        }
      } else if (this.held.length === 0 || this.tail > this.head) {
        if (this.capacity - this.tail >= n) return this.take(this.tail, n, n)
        // Skip the end of the ring and wrap around.
        if (n <= this.head)
          return this.take(0, n, this.capacity - this.tail + n)
      } else if (this.head - this.tail >= n) {
        return this.take(this.tail, n, n)
      }
      await new Promise<void>((r) => (this.wake = r))
    }
  }

  private take(at: number, n: number, consumed: number): Buffer {
    this.buf ??= Buffer.allocUnsafeSlow(this.capacity)
    this.held.push(consumed)
    this.tail = (at + n) % this.capacity
    if (this.tail === this.head) this.tail = at + n
    return this.buf.subarray(at, at + n)
  }

  /** Gives back the oldest region. */
  release(): void {
    const consumed = this.held.shift() ?? 0
    this.head = (this.head + consumed) % this.capacity
    this.notify()
  }

  abort(): void {
    this.aborted = true
    this.notify()
  }

  private notify(): void {
    const w = this.wake
    this.wake = undefined
    w?.()
  }
}
