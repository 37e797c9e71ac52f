/**
 * The memory budget as one ring buffer, carved in archive order and given
 * back in the same order: file data and compressed output live in it, so
 * packaging allocates no buffer per file (per-file buffers die old in V8 and
 * pile up until a full collection). It is shared memory: the small-file
 * workers read and deflate into it. One waiter (the reader).
 */
export class MemoryRing {
  // Pages are only committed as the ring first reaches them.
  readonly buf: Buffer
  private head = 0
  private tail = 0
  private readonly held: number[] = []
  private wake: (() => void) | undefined
  private aborted = false

  constructor(private readonly capacity: number) {
    this.buf = Buffer.from(new SharedArrayBuffer(capacity))
  }

  /** `n` bytes at `at`: what a region held (views of the shared memory). */
  view(at: number, n: number): Buffer {
    return this.buf.subarray(at, at + n)
  }

  /** A region of `n` bytes, waiting until older regions are released. */
  async acquire(n: number): Promise<Buffer> {
    for (;;) {
      const region = this.tryAcquire(n)
      if (region) return region
      await new Promise<void>((r) => (this.wake = r))
    }
  }

  /** A region of `n` bytes if one is free now (no promise), else undefined. */
  tryAcquire(n: number): Buffer | undefined {
    if (this.aborted) throw new Error('aborted')
    if (this.held.length === 0) this.head = this.tail = 0
    // The workers see only the shared memory: no region lives elsewhere.
    if (n > this.capacity)
      throw new Error(`internal: ${n} bytes exceed the ring`)
    if (this.held.length === 0 || this.tail > this.head) {
      if (this.capacity - this.tail >= n) return this.take(this.tail, n, n)
      // Skip the end of the ring and wrap around.
      if (n <= this.head) return this.take(0, n, this.capacity - this.tail + n)
      return undefined
    }
    return this.head - this.tail >= n ? this.take(this.tail, n, n) : undefined
  }

  private take(at: number, n: number, consumed: number): Buffer {
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
