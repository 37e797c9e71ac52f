/**
 * The small files between the reader and the writer (a thousand at once in
 * a 6 MiB ring), as numbers in typed arrays indexed by the entry's number:
 * no object per file. An object per file in flight lived through two young
 * collections and was promoted, so the main thread's heap grew with how
 * long packaging ran (bench/README.md, "Memory").
 */
const WAITING = -1
const FREE = -1

export class SmallSlots {
  private index = new Int32Array(0)
  private regions = new Float64Array(0)
  private sizes = new Float64Array(0)
  private methods = new Int8Array(0)
  private crcs = new Uint32Array(0)
  private lengths = new Float64Array(0)
  private readonly errors = new Map<number, unknown>()

  constructor(capacity = 1024) {
    this.resize(capacity)
  }

  /** Entry `i`, a small file read into the ring at `at`. */
  add(i: number, at: number, size: number): void {
    while (this.index[this.slot(i)] !== FREE) this.resize(this.index.length * 2)
    const s = this.slot(i)
    this.index[s] = i
    this.regions[s] = at
    this.sizes[s] = size
    this.methods[s] = WAITING
    this.crcs[s] = 0
    this.lengths[s] = 0
  }

  has(i: number): boolean {
    return this.index[this.slot(i)] === i
  }

  /** Its batch answered: how the file is stored and how long that is. */
  settle(i: number, method: 0 | 8, crc: number, length: number): void {
    const s = this.slot(i)
    this.methods[s] = method
    this.crcs[s] = crc
    this.lengths[s] = length
  }

  fail(i: number, error: unknown): void {
    this.errors.set(i, error)
  }

  /** Whether entry `i` is settled; its error is thrown if it failed. */
  ready(i: number): boolean {
    if (this.errors.has(i)) throw this.errors.get(i)
    return this.methods[this.slot(i)] !== WAITING
  }

  /** Entry `i`'s numbers, once ready: made for the writer, used at once. */
  get(i: number): {
    at: number
    size: number
    method: 0 | 8
    crc: number
    length: number
  } {
    const s = this.slot(i)
    return {
      at: this.regions[s] as number,
      size: this.sizes[s] as number,
      method: this.methods[s] === 8 ? 8 : 0,
      crc: this.crcs[s] as number,
      length: this.lengths[s] as number
    }
  }

  /** Written: its slot is free for a later entry. */
  remove(i: number): void {
    if (this.has(i)) this.index[this.slot(i)] = FREE
    this.errors.delete(i)
  }

  private slot(i: number): number {
    return i & (this.index.length - 1)
  }

  /** More room (a power of two): the files in flight keep their numbers. */
  private resize(capacity: number): void {
    const old = {
      index: this.index,
      regions: this.regions,
      sizes: this.sizes,
      methods: this.methods,
      crcs: this.crcs,
      lengths: this.lengths
    }
    this.index = new Int32Array(capacity).fill(FREE)
    this.regions = new Float64Array(capacity)
    this.sizes = new Float64Array(capacity)
    this.methods = new Int8Array(capacity)
    this.crcs = new Uint32Array(capacity)
    this.lengths = new Float64Array(capacity)
    for (let s = 0; s < old.index.length; s++) {
      const i = old.index[s] as number
      if (i === FREE) continue
      // Entries in flight span fewer numbers than the new capacity.
      const t = this.slot(i)
      this.index[t] = i
      this.regions[t] = old.regions[s] as number
      this.sizes[t] = old.sizes[s] as number
      this.methods[t] = old.methods[s] as number
      this.crcs[t] = old.crcs[s] as number
      this.lengths[t] = old.lengths[s] as number
    }
  }
}
