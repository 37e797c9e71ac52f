import { createHash, type Hash } from 'node:crypto'
import { open, rm, type FileHandle } from 'node:fs/promises'
import { PackagingError, errorMessage } from '../errors.js'

const FLUSH_BYTES = 1024 * 1024
const READ_BACK_BYTES = 1024 * 1024

/**
 * The archive file: appends copied into one write buffer (so the caller may
 * reuse its buffers at once), a running SHA-256 fed a buffer at a time, in-place patches.
 */
export class ArchiveOutput {
  pos = 0
  private readonly buf = Buffer.allocUnsafeSlow(FLUSH_BYTES)
  private used = 0
  private flushed = 0
  private readonly hash: Hash = createHash('sha256')
  private hashing = true
  private scratch: Buffer | undefined

  private constructor(
    private readonly path: string,
    private readonly fh: FileHandle
  ) {}

  static async create(path: string): Promise<ArchiveOutput> {
    try {
      return new ArchiveOutput(path, await open(path, 'w+', 0o644))
    } catch (err) {
      throw new PackagingError(`cannot create ${path}: ${errorMessage(err)}`, {
        cause: err
      })
    }
  }

  /**
   * Appends `data` if it fits in the write buffer as it is (no I/O, no
   * promise: most entries of a tree of small files); false if not.
   */
  tryAppend(data: Buffer): boolean {
    const n = data.length
    if (n >= this.buf.length / 2 || this.used + n > this.buf.length) {
      return false
    }
    data.copy(this.buf, this.used)
    this.used += n
    this.pos += n
    return true
  }

  /** `data` may be reused by the caller as soon as this resolves. */
  async append(data: Buffer): Promise<void> {
    if (data.length === 0 || this.tryAppend(data)) return
    await this.flush()
    if (this.tryAppend(data)) return
    // Large: written as it is, not copied.
    if (this.hashing) this.hash.update(data)
    this.pos += data.length
    await this.writeAt(data, this.flushed)
    this.flushed += data.length
  }

  async flush(): Promise<void> {
    if (this.used === 0) return
    const data = this.buf.subarray(0, this.used)
    if (this.hashing) this.hash.update(data)
    await this.writeAt(data, this.flushed)
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

  /** Hashes what was written since `from` by reading it back, then hashes on. */
  async resumeHash(from: number): Promise<void> {
    await this.flush()
    // One buffer for every read-back: a megabyte per large entry is churn.
    const scratch = (this.scratch ??= Buffer.allocUnsafeSlow(READ_BACK_BYTES))
    for (let at = from; at < this.pos;) {
      const want = Math.min(scratch.length, this.pos - at)
      const { bytesRead } = await this.fh.read(scratch, 0, want, at)
      if (bytesRead === 0) throw new Error(`short read at ${at}`)
      this.hash.update(scratch.subarray(0, bytesRead))
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

  /** Closes and deletes the partial archive. */
  async abort(): Promise<void> {
    await this.fh.close().catch(() => undefined)
    await rm(this.path, { force: true }).catch(() => undefined)
  }
}
