import type * as fsModule from 'node:fs'
import type * as zlibModule from 'node:zlib'

/*
 * The work of a deflate worker (deflate-workers.ts), one batch per call:
 * for each item, open, read, close, then CRC and deflate, synchronously,
 * into the shared memory of the main thread's ring. A file costs no round
 * trip to libuv's pool and no main-thread turn. An item is either a small
 * file, deflated whole by its lane's reusable stream, or a range of a large
 * file, deflated one-shot with the 32 KiB before it as dictionary (or only
 * read, when its file is stored).
 *
 * These functions are also the worker's code: they are sent to the worker
 * as source text (Function.prototype.toString), so each reaches nothing
 * outside itself but its arguments (the others through `env.run`, whose
 * property names no bundler renames); the constants below are repeated in
 * them as literals.
 */

/**
 * Per item in `meta`: unit index, lane (-1: a range of a large file), where
 * its region starts in memory, bytes to deflate (or store), the file offset
 * its region starts from, dictionary bytes before them, flags, piece index.
 */
export const META_FIELDS = 8
/** Per item in `out`: method, CRC (small files), output length, status. */
export const OUT_FIELDS = 4
/** Items in a batch, at most. */
export const BATCH_FILES = 64
/**
 * A batch's mailbox: memory shared with its worker, reused batch after
 * batch, that holds each item's meta from 0 and its answer from OUT_AT. A
 * new array per batch each way outlived the young generation whenever a
 * batch did, and its memory waited for a full collection (bench/README.md).
 */
export const OUT_AT = BATCH_FILES * META_FIELDS
export const BOX_DOUBLES = BATCH_FILES * (META_FIELDS + OUT_FIELDS)
export const FLAG_LAST = 1
/** Only read: its file is stored. */
export const FLAG_STORE = 2
/** A large file's first 64 KiB: deflated, and its verdict kept for the rest. */
export const FLAG_PROBE = 4
/** Deflated or stored as its file's probe, done earlier by the same worker, said. */
export const FLAG_AS_PROBE = 8
export const STATUS_CHANGED = 1
export const STATUS_UNREADABLE = 2

/** Output room a range needs beyond its size: deflate's worst case, with margin. */
export function roomFor(size: number): number {
  return size + (size >>> 8) + 1024
}

/** What the functions below share: per worker (or the main thread). */
export interface BatchEnv {
  fs: typeof fsModule
  zlib: typeof zlibModule
  level: number
  /** The ring's shared memory. */
  mem: Buffer
  /** Each lane's reusable stream, for the lanes this thread owns. */
  lanes: zlibModule.DeflateRaw[]
  /** Per unit: whether its probe said to store the file (FLAG_AS_PROBE). */
  verdicts: Map<number, boolean>
  run: BatchFunctions
}

export interface BatchFunctions {
  readItem: typeof readItem
  deflateInto: typeof deflateInto
  runItem: typeof runItem
}

export const BATCH_FUNCTIONS: BatchFunctions = {
  readItem,
  deflateInto,
  runItem
}

/** A failed item of a batch: its index in the batch, and why. */
export interface BatchError {
  k: number
  message: string
  code?: string
}

/**
 * Runs one batch: item k's meta at `box[k * 8]`, its answer into
 * `box[512 + k * 4]` (META_FIELDS, OUT_AT, OUT_FIELDS).
 */
export function runBatch(
  env: BatchEnv,
  paths: string[],
  box: Float64Array,
  errors: BatchError[]
): void {
  for (let k = 0; k < paths.length; k++) {
    try {
      env.run.runItem(env, paths[k] as string, box, k * 8, box, 512 + k * 4)
    } catch (err) {
      const e = err as { message?: string; code?: string }
      box[512 + k * 4 + 3] = 2
      errors.push({ k, message: String(e.message ?? err), code: e.code ?? '' })
    }
  }
}

/**
 * One item. A small file's region is twice its size: the file, then room
 * for it deflated (kept only if smaller). A range's is its dictionary, the
 * range, then roomFor(range). A lane's files come in archive order, since a
 * reset stream's window still holds its previous file (deflate-format.ts).
 */
export function runItem(
  env: BatchEnv,
  path: string,
  meta: Float64Array,
  m: number,
  out: Float64Array,
  o: number
): void {
  const unit = meta[m] as number
  const lane = meta[m + 1] as number
  const at = meta[m + 2] as number
  const size = meta[m + 3] as number
  const from = meta[m + 4] as number
  const dict = meta[m + 5] as number
  const f = meta[m + 6] as number
  const room = lane >= 0 ? size : f & 2 ? 0 : size + (size >>> 8) + 1024
  const region = env.mem.subarray(at, at + dict + size + room)
  // Status 1: the file is not the size it was selected with.
  if (
    !env.run.readItem(env.fs, path, region, dict + size, from, (f & 1) !== 0)
  ) {
    out[o + 3] = 1
    return
  }
  const data = region.subarray(dict, dict + size)
  const { verdicts } = env
  out[o] = 0
  out[o + 2] = size
  let n = -1
  if (lane >= 0) {
    out[o + 1] = env.zlib.crc32(data)
    if (size === 0) return
    const stream = env.lanes[lane] as zlibModule.DeflateRaw
    n = env.run.deflateInto(stream, data, region.subarray(size), 4)
    stream.reset()
  } else if (f & 8 ? verdicts.get(unit) === false : (f & 2) === 0) {
    // Its output goes to the ring: no buffer of its own (the least is 64).
    const opts = { level: env.level, chunkSize: 64 }
    const stream = env.zlib.createDeflateRaw(
      dict > 0 ? { ...opts, dictionary: region.subarray(0, dict) } : opts
    )
    // Z_FINISH (4) ends the file; Z_SYNC_FLUSH (2) ends a range on a byte.
    const flush = f & 1 ? 4 : 2
    n = env.run.deflateInto(stream, data, region.subarray(dict + size), flush)
    stream.close()
    if (n < 0) throw new Error('deflate output beyond its bound')
  } else if (f & 8 && !verdicts.has(unit)) {
    throw new Error('no probe verdict')
  }
  // Not shrinking by 2% is not worth an inflate on every cold start; for a
  // probe, that stores the whole file.
  const worth = n >= 0 && n * 50 <= size * 49
  if (f & 4) verdicts.set(unit, !worth)
  if (f & 1) verdicts.delete(unit)
  if (worth || (n >= 0 && lane < 0 && (f & 4) === 0)) {
    out[o] = 8
    out[o + 2] = n
  }
}

/**
 * Reads `length` bytes from `from` into `region`; for the file's last
 * bytes, proves that nothing follows (a short read when asking for one
 * byte more). False when the file is not that size.
 */
export function readItem(
  fs: typeof fsModule,
  path: string,
  region: Buffer,
  length: number,
  from: number,
  last: boolean
): boolean {
  const fd = fs.openSync(
    path,
    fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0)
  )
  try {
    const spare = last && region.length > length
    const want = spare ? length + 1 : length
    let got = 0
    for (let n = -1; got < length && n !== 0; got += n) {
      n = fs.readSync(fd, region, got, want - got, from + got)
    }
    if (got === length && last && !spare) {
      got += fs.readSync(fd, Buffer.alloc(1), 0, 1, from + length)
    }
    return got === length
  } finally {
    fs.closeSync(fd)
  }
}

/**
 * All of `data` through `stream` with `flush`, output to `room` while it
 * fits; returns the output's length, or -1 if it did not fit. The stream
 * always runs to the end: a lane's next file depends on the window this
 * one leaves. zlib's synchronous one-shot API closes its stream after each
 * call; the handle under a stream is what it drives, and it can be reset.
 */
export function deflateInto(
  stream: zlibModule.DeflateRaw,
  data: Buffer,
  room: Buffer,
  flush: number
): number {
  const z = stream as unknown as {
    _handle: { writeSync(...args: unknown[]): void }
    _writeState: Uint32Array
  }
  let inOff = 0
  let inLen = data.length
  let target = room
  let total = 0
  for (;;) {
    z._handle.writeSync(flush, data, inOff, inLen, target, 0, target.length)
    if (stream.destroyed) throw new Error('zlib failed')
    const outLeft = z._writeState[0] as number
    const inLeft = z._writeState[1] as number
    total += target.length - outLeft
    if (outLeft !== 0) return target === room ? total : -1
    inOff += inLen - inLeft
    inLen = inLeft
    // Past the room: the rest only to finish the stream.
    if (target === room) target = Buffer.allocUnsafe(64 * 1024)
  }
}
