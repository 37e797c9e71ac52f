/*
 * The selected entries as columns of typed arrays (table-columns.ts) and
 * their names as UTF-8 bytes (entry-names.ts), not as one object and one
 * string per file: about 35 bytes an entry outside the JavaScript heap
 * instead of about 170 on it (bench/README.md, "Seventh pass"). Both are
 * kept in blocks of which only the last few used stay in memory, the rest
 * in a file (spill-blocks.ts), so the table's memory does not grow with the
 * tree ("Ninth pass"). Entries are objects only when asked for.
 */
import { lstatSync, type Stats } from 'node:fs'
import { PackagingError, errorMessage } from '../errors.js'
import { childPath } from './base-paths.js'
import { EntryNames } from './entry-names.js'
import { SpillBlocks } from './spill-blocks.js'
import {
  BLOCK,
  BLOCK_BYTES,
  BLOCK_SHIFT,
  UNKNOWN,
  columns,
  type Columns
} from './table-columns.js'
import { TableFile } from './table-file.js'
import { fileEntry } from './select-entries.js'
import type { EntryList, ZipEntrySource } from './types.js'

// Blocks of columns in memory: `compare` reads two rows' blocks, and the
// writer reads a little behind the read-ahead.
const RESIDENT = 4

/**
 * Entries added in any order, then `finish`ed into archive order (their
 * names' UTF-8 bytes, which is code point order). Two kinds:
 * - a listed file (`addFile`): a regular file named by its folder's real
 *   path and its name's last segment, whose size and mode are read (one
 *   lstat) when first asked for, so the packager's reads overlap them;
 * - any other entry (`add`), kept as the object given: links, and the
 *   entries of callers that already have objects.
 */
export class EntryTable implements EntryList {
  private readonly blocks: SpillBlocks<Columns>
  private readonly names: EntryNames
  private readonly whole = new Map<number, ZipEntrySource>()
  /** Sizes of 4 GiB and more, by row. */
  private readonly big = new Map<number, number>()
  private added = 0
  /** Rows in archive order; null when that is the order they were added in. */
  private order: Uint32Array | null | undefined

  /** `spillDir`: where blocks not in use wait (spill-blocks.ts). */
  constructor(spillDir?: string) {
    this.blocks = new SpillBlocks(BLOCK_BYTES, RESIDENT, columns, spillDir)
    this.names = new EntryNames(spillDir)
  }

  /** A table of `entries`, in archive order; two entries of one name are refused. */
  static of(entries: Iterable<ZipEntrySource>): EntryTable {
    if (entries instanceof EntryTable) return entries
    const table = new EntryTable()
    for (const e of entries) table.add(e)
    return table.finish('refuse')
  }

  /**
   * A number for the folder whose real path is `real` and whose files'
   * names begin with `start` ('' or ending in '/'), for `addFile`.
   */
  folder(real: string, start: string): number {
    return this.names.folder(real, start)
  }

  /** A regular file of `folder` named `own` there (its last segment). */
  addFile(folder: number, own: string): void {
    this.push(folder, own, -1, 0)
  }

  /** A regular file named `name` in the folder whose real path is `real`. */
  addNamedFile(real: string, name: string): void {
    this.pushNamed(real, name, -1, 0)
  }

  /** Any entry, kept as it is. */
  add(e: ZipEntrySource): void {
    if (e.kind === 'symlink' && e.linkTarget === undefined) {
      throw new PackagingError(`link ${e.name} has no target`)
    }
    this.whole.set(this.pushNamed('', e.name, e.size, e.mode), e)
  }

  /**
   * Puts the entries in archive order. Two entries of one name are one file
   * reached by overlapping search paths (`drop`: the first found stays), or
   * a caller's mistake (`refuse`).
   */
  finish(repeats: 'drop' | 'refuse'): this {
    // Found in archive order (glob-walk.ts), no name twice: no sort.
    this.order = this.ascending() ? null : this.sortOut(repeats)
    return this
  }

  private sortOut(repeats: 'drop' | 'refuse'): Uint32Array {
    // Rare (search paths that overlap, callers' own entries), and a sort
    // reads rows in no order: all of them in memory from here.
    this.blocks.keepAll()
    this.names.keepAll()
    const all = new Uint32Array(this.added)
    for (let i = 0; i < all.length; i++) all[i] = i
    // The index breaks ties: the first found of two equal names stays first.
    all.sort((a, b) => this.compare(a, b) || a - b)
    let n = 0
    for (let k = 0; k < all.length; k++) {
      const i = all[k] as number
      if (n > 0 && this.compare(all[n - 1] as number, i) === 0) {
        if (repeats === 'refuse') {
          throw new PackagingError(`two entries are named ${this.nameOf(i)}`)
        }
        this.whole.delete(i)
        continue
      }
      all[n++] = i
    }
    return n === all.length ? all : all.slice(0, n)
  }

  private ascending(): boolean {
    for (let i = 1; i < this.added; i++) {
      if (this.compare(i - 1, i) >= 0) return false
    }
    return true
  }

  get length(): number {
    const order = this.sorted()
    return order ? order.length : this.added
  }

  /** The entry at `k` in archive order, made now. */
  at(k: number): ZipEntrySource | undefined {
    if (k < 0 || k >= this.length) return undefined
    const i = this.row(k)
    return this.whole.get(i) ?? new TableFile(this, i)
  }

  *[Symbol.iterator](): Iterator<ZipEntrySource> {
    for (let k = 0; k < this.length; k++) yield this.at(k) as ZipEntrySource
  }

  /** The names in archive order, each made when reached. */
  nameList(): Iterable<string> {
    return { [Symbol.iterator]: () => this.eachName() }
  }

  private *eachName(): Generator<string> {
    const n = this.length
    for (let k = 0; k < n; k++) yield this.nameOf(this.row(k))
  }

  /** Bytes the table holds in memory: columns, names and folders there. */
  get bytes(): number {
    return this.blocks.bytes + this.names.bytes + (this.order?.byteLength ?? 0)
  }

  /**
   * Removes the file of blocks not in memory; the table is not used after.
   * One not closed lets go of its file when collected (spill-blocks.ts).
   */
  close(): void {
    this.blocks.close()
    this.names.close()
  }

  nameOf(i: number): string {
    const c = this.block(i)
    const j = i & (BLOCK - 1)
    return this.names.text(
      c.folder[j] as number,
      c.own[j] as number,
      c.ownBytes[j] as number
    )
  }

  pathOf(i: number): string {
    const c = this.block(i)
    const j = i & (BLOCK - 1)
    return childPath(
      this.names.real(c.folder[j] as number),
      this.names.own(c.own[j] as number, c.ownBytes[j] as number)
    )
  }

  sizeOf(i: number, name: string): number {
    this.stat(i, name)
    const size = this.block(i).size[i & (BLOCK - 1)] as number
    return size === UNKNOWN ? (this.big.get(i) as number) : size
  }

  modeOf(i: number, name: string): number {
    this.stat(i, name)
    return this.block(i).mode[i & (BLOCK - 1)] as number
  }

  /** A listed file's size and mode, from one lstat the first time. */
  private stat(i: number, name: string): void {
    const j = i & (BLOCK - 1)
    if (this.block(i).size[j] === UNKNOWN && !this.big.has(i)) {
      const path = this.pathOf(i)
      let st: Stats
      try {
        st = lstatSync(path)
      } catch (err) {
        throw new PackagingError(
          `cannot read ${name} (${path}): ${errorMessage(err)}`,
          { cause: err }
        )
      }
      const e = fileEntry(name, path, st)
      this.setSize(i, e.size)
      this.block(i, true).mode[j] = e.mode
    }
  }

  /** `size`, or -1 for not read yet. */
  private setSize(i: number, size: number): void {
    if (size >= UNKNOWN) this.big.set(i, size)
    this.block(i, true).size[i & (BLOCK - 1)] =
      size < 0 ? UNKNOWN : Math.min(size, UNKNOWN)
  }

  private sorted(): Uint32Array | null {
    if (this.order === undefined) {
      throw new Error('EntryTable used before finish()')
    }
    return this.order
  }

  private row(k: number): number {
    return this.order ? (this.order[k] as number) : k
  }

  /** Row `i`'s block; `write`: it will be changed. */
  private block(i: number, write = false): Columns {
    return this.blocks.get(i >>> BLOCK_SHIFT, write)
  }

  /** A row for a whole name: its folder's start is the name up to its last '/'. */
  private pushNamed(
    real: string,
    name: string,
    size: number,
    mode: number
  ): number {
    const cut = name.lastIndexOf('/') + 1
    const folder = this.folder(real, name.slice(0, cut))
    return this.push(folder, name.slice(cut), size, mode)
  }

  private push(
    folder: number,
    own: string,
    size: number,
    mode: number
  ): number {
    if (this.order !== undefined) {
      throw new Error('EntryTable added to after finish()')
    }
    const at = this.names.write(folder, own)
    const i = this.added++
    if ((i & (BLOCK - 1)) === 0) this.blocks.add()
    const c = this.block(i, true)
    const j = i & (BLOCK - 1)
    c.own[j] = at
    c.ownBytes[j] = this.names.written
    c.folder[j] = folder
    c.mode[j] = mode
    this.setSize(i, size)
    return i
  }

  /** Two entries' names as their UTF-8 bytes compare. */
  private compare(a: number, b: number): number {
    const ca = this.block(a)
    const cb = this.block(b)
    const ja = a & (BLOCK - 1)
    const jb = b & (BLOCK - 1)
    return this.names.compare(
      ca.folder[ja] as number,
      ca.own[ja] as number,
      ca.ownBytes[ja] as number,
      cb.folder[jb] as number,
      cb.own[jb] as number,
      cb.ownBytes[jb] as number
    )
  }
}
