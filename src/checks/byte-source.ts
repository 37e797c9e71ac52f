/**
 * Bounded random access to a file's bytes, from a Buffer of the whole file,
 * an open file handle, or the first bytes packaging already holds in front
 * of either; and a one-block cache over it, so the ELF reader's many small
 * neighbouring reads cost one read each.
 */
import { readFully } from '../util/fd-io.js'
import type { FileHandle } from 'node:fs/promises'

/** Random access to a file's bytes; `read` may return fewer bytes at its end. */
export interface ByteSource {
  readonly size: number
  read(offset: number, length: number): Promise<Uint8Array>
}

/** A whole file already in memory; reads are views, not copies. */
export function bufferSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: (offset, length) =>
      Promise.resolve(bytes.subarray(offset, offset + length))
  }
}

/** An open file: each read is one bounded positional read. */
export function fileHandleSource(handle: FileHandle, size: number): ByteSource {
  return {
    size,
    async read(offset, length) {
      const buffer = Buffer.allocUnsafe(
        Math.max(0, Math.min(length, size - offset))
      )
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset)
      return buffer.subarray(0, bytesRead)
    }
  }
}

/**
 * An open file descriptor, read synchronously: an ELF's facts are a few
 * small reads, and a round trip through libuv's pool for each made the
 * native check 4 times dearer (bench: checks).
 */
export function fdSource(fd: number, size: number): ByteSource {
  return {
    size,
    read(offset, length) {
      const n = Math.max(0, Math.min(length, size - offset))
      const buffer = Buffer.allocUnsafe(n)
      const got = readFully(fd, buffer, offset)
      return Promise.resolve(buffer.subarray(0, got))
    }
  }
}

/** Serves reads inside `prefix` (the bytes packaging already holds) from it. */
export function withPrefix(prefix: Uint8Array, rest: ByteSource): ByteSource {
  return {
    size: rest.size,
    read: (offset, length) =>
      offset + length <= prefix.length
        ? Promise.resolve(prefix.subarray(offset, offset + length))
        : rest.read(offset, length)
  }
}

const BLOCK = 4096
const MAX_STRING = 256

/** One cached block over a source, so neighbouring small reads cost one. */
export class Window {
  private start = 0
  private data: Uint8Array = new Uint8Array(0)
  constructor(
    private readonly source: ByteSource,
    /** Byte order of the numbers read; known once the ident is read. */
    public little = true
  ) {}

  async view(offset: number, length: number): Promise<Reader | undefined> {
    if (offset < 0 || length < 0 || offset + length > this.source.size) {
      return undefined
    }
    const end = this.start + this.data.length
    if (offset < this.start || offset + length > end) {
      const want = Math.min(Math.max(length, BLOCK), this.source.size - offset)
      this.data = await this.source.read(offset, want)
      this.start = offset
      if (this.data.length < length) return undefined
    }
    const at = this.data.byteOffset + offset - this.start
    return new Reader(new DataView(this.data.buffer, at, length), this.little)
  }

  async string(offset: number): Promise<string | undefined> {
    const length = Math.min(MAX_STRING, this.source.size - offset)
    const view = await this.view(offset, length)
    if (!view) return undefined
    const bytes = new Uint8Array(view.data.buffer, view.data.byteOffset, length)
    const nul = bytes.indexOf(0)
    return nul < 0 ? undefined : Buffer.from(bytes.subarray(0, nul)).toString()
  }
}

/** Numbers at offsets of one view, in the file's byte order. */
export class Reader {
  constructor(
    readonly data: DataView,
    private readonly little: boolean
  ) {}
  u16(at: number): number {
    return this.data.getUint16(at, this.little)
  }
  u32(at: number): number {
    return this.data.getUint32(at, this.little)
  }
  /** A 64-bit field as a number; values past 2^53 cannot be file offsets. */
  u64(at: number): number {
    return Number(this.data.getBigUint64(at, this.little))
  }
  word(at: number, bits: 32 | 64): number {
    return bits === 64 ? this.u64(at) : this.u32(at)
  }
}
