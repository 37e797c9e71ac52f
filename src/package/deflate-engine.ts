import * as zlib from 'node:zlib'

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
export const LANES = 4
const { Z_SYNC_FLUSH, Z_FINISH } = zlib.constants

/** A compressed (or stored) range of a file. */
export interface Piece {
  method: 0 | 8
  /** CRC-32 of the file from its start to the end of this piece. */
  crc: number
  /** Uncompressed bytes covered. */
  size: number
  /** A view of the piece's ring region (or zlib's buffer, rarely). */
  data: Buffer
}

// Not shrinking by 2% is not worth an inflate on every cold start.
export function worthDeflating(inLen: number, outLen: number): boolean {
  return outLen * 50 <= inLen * 49
}

/** Copies `parts` into the start of `room`. */
function gather(parts: Buffer[], room: Buffer): Buffer {
  let at = 0
  for (const part of parts) at += part.copy(room, at)
  return room.subarray(0, at)
}

/**
 * zlib on libuv's thread pool: LANES reusable streams for small files, and
 * one-shot deflates (at most `concurrency` at once) for chunks of large ones.
 */
export class DeflateEngine {
  private readonly lanes: Lane[]
  private running = 0
  private readonly waiting: (() => void)[] = []

  constructor(
    private readonly level: number,
    private readonly concurrency: number
  ) {
    this.lanes = Array.from({ length: LANES }, () => new Lane(level))
  }

  /**
   * Deflates a small file on its lane; `room` (as long as `data`) receives
   * the compressed bytes. A callback, not a promise: this runs once per
   * file, and its garbage is most of what a tree of small files makes.
   */
  small(lane: number, data: Buffer, room: Buffer, done: Done): void {
    const crc = zlib.crc32(data)
    const size = data.length
    if (size === 0) return done(undefined, { method: 0, crc, size, data })
    ;(this.lanes[lane] as Lane).deflate(data, (err, parts) => {
      if (err) return done(err)
      let length = 0
      for (const part of parts) length += part.length
      if (!worthDeflating(size, length)) {
        return done(undefined, { method: 0, crc, size, data })
      }
      done(undefined, { method: 8, crc, size, data: gather(parts, room) })
    })
  }

  /**
   * `buf` is the dictionary (its first `dictLength` bytes), then the chunk;
   * `crc` is the file's CRC through the chunk (the caller's running CRC).
   */
  async chunk(
    buf: Buffer,
    dictLength: number,
    crc: number,
    last: boolean,
    probe: boolean,
    room: Buffer
  ): Promise<Piece> {
    const data = buf.subarray(dictLength)
    const opts: zlib.ZlibOptions = {
      level: this.level,
      finishFlush: last ? Z_FINISH : Z_SYNC_FLUSH,
      chunkSize: 256 * 1024
    }
    if (dictLength > 0) opts.dictionary = buf.subarray(0, dictLength)
    const out = await this.limited(
      () =>
        new Promise<Buffer>((res, rej) =>
          zlib.deflateRaw(data, opts, (err, result) =>
            err ? rej(err) : res(result)
          )
        )
    )
    if (probe && !worthDeflating(data.length, out.length)) {
      return { method: 0, crc, size: data.length, data }
    }
    // Output larger than its input (kept: the file may still shrink overall)
    // stays in zlib's buffer.
    const kept = out.length <= room.length ? gather([out], room) : out
    return { method: 8, crc, size: data.length, data: kept }
  }

  private async limited<T>(task: () => Promise<T>): Promise<T> {
    while (this.running >= this.concurrency) {
      await new Promise<void>((r) => this.waiting.push(r))
    }
    this.running++
    try {
      return await task()
    } finally {
      this.running--
      this.waiting.shift()?.()
    }
  }

  close(): void {
    for (const lane of this.lanes) lane.close()
  }
}

/** Called with the piece, or with the error that stopped it. */
export type Done = (err: unknown, piece?: Piece) => void

interface LaneTask {
  data: Buffer
  done: (err: unknown, parts: Buffer[]) => void
}

/**
 * A deflate stream reused file after file: write with Z_FINISH, collect,
 * reset. Files are deflated one at a time, in the order given.
 */
class Lane {
  private readonly stream: zlib.DeflateRaw
  private parts: Buffer[] = []
  private readonly queue: (LaneTask | undefined)[] = []
  private head = 0
  private busy = false
  private failed: Error | undefined

  constructor(level: number) {
    this.stream = zlib.createDeflateRaw({ level, flush: Z_FINISH })
    this.stream.on('data', (d: Buffer) => this.parts.push(d))
    this.stream.on('error', (err) => (this.failed = err))
  }

  /** Deflates `data` as one whole raw deflate stream. */
  deflate(data: Buffer, done: LaneTask['done']): void {
    this.queue.push({ data, done })
    if (!this.busy) this.next()
  }

  private next(): void {
    const task = this.queue[this.head]
    if (!task) {
      this.queue.length = this.head = 0
      this.busy = false
      return
    }
    this.queue[this.head++] = undefined
    this.busy = true
    if (this.failed) {
      task.done(this.failed, [])
      return this.next()
    }
    this.stream.write(task.data, (err) => {
      if (err) {
        this.failed ??= err
        task.done(err, [])
        return this.next()
      }
      // Anything still buffered is emitted as 'data' by read().
      while (this.stream.read() !== null);
      const parts = this.parts
      this.parts = []
      this.stream.reset()
      task.done(undefined, parts)
      this.next()
    })
  }

  close(): void {
    this.stream.destroy()
  }
}
