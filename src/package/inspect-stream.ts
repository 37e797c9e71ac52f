/*
 * Sequential reading of a region of a file through one bounded buffer, so
 * that the central directory and the entries of a 250 MB archive with
 * 100,000 entries are read without holding either in memory.
 */
import type { Hash } from 'node:crypto'
import type { FileHandle } from 'node:fs/promises'
import { NotZip } from './inspect-types.js'

const CHUNK = 1024 * 1024

export class SeqReader {
  /** Bytes loaded and not yet passed; they end at `loadedEnd`. */
  private buf: Buffer = Buffer.alloc(0)
  private scratch: Buffer | undefined
  private bufStart: number
  /** The next byte `take` returns. */
  pos: number

  constructor(
    private readonly fh: FileHandle,
    start: number,
    private readonly end: number,
    /** Every byte loaded is fed to it once, in file order. */
    private readonly hash?: Hash,
    private readonly chunk = CHUNK
  ) {
    this.bufStart = start
    this.pos = start
  }

  private get loadedEnd(): number {
    return this.bufStart + this.buf.length
  }

  /**
   * The next `n` bytes: a view that stays valid until the next `skip` (which
   * reuses one buffer, so passing 250 MB allocates 1 MiB, not 250).
   */
  async take(n: number): Promise<Buffer> {
    const view = await this.peek(n)
    if (view.length < n) throw new NotZip('truncated')
    this.pos += n
    return view
  }

  /** Up to `n` bytes from `pos` without passing them (fewer at the end). */
  async peek(n: number): Promise<Buffer> {
    const want = Math.min(n, this.end - this.pos)
    if (this.pos + want > this.loadedEnd) await this.load(want)
    const at = this.pos - this.bufStart
    return this.buf.subarray(at, at + Math.max(0, want))
  }

  /** Passes `n` bytes, reading (and hashing) them a chunk at a time. */
  async skip(n: number): Promise<void> {
    const target = this.pos + n
    if (target > this.end) throw new NotZip('truncated')
    while (this.loadedEnd < target) {
      const start = this.loadedEnd
      this.scratch ??= Buffer.allocUnsafe(this.chunk)
      const length = Math.min(this.chunk, this.end - start)
      this.buf = await this.read(start, length, this.scratch)
      this.bufStart = start
    }
    this.pos = target
  }

  /** Reads (and hashes) the rest of the region. */
  async drain(): Promise<void> {
    await this.skip(this.end - this.pos)
  }

  /** Makes `want` bytes from `pos` available, keeping the unpassed ones. */
  private async load(want: number): Promise<void> {
    const from = Math.max(this.pos, this.bufStart)
    const rest = this.buf.subarray(from - this.bufStart)
    const more = Math.min(
      Math.max(want - rest.length, this.chunk),
      this.end - this.loadedEnd
    )
    const fresh = await this.read(this.loadedEnd, more)
    this.buf = Buffer.concat([rest, fresh])
    this.bufStart = from
  }

  private async read(
    at: number,
    length: number,
    into?: Buffer
  ): Promise<Buffer> {
    const out = into ? into.subarray(0, length) : Buffer.allocUnsafe(length)
    let got = 0
    while (got < length) {
      const { bytesRead } = await this.fh.read(out, got, length - got, at + got)
      if (bytesRead === 0) throw new NotZip('truncated')
      got += bytesRead
    }
    this.hash?.update(out)
    return out
  }
}
