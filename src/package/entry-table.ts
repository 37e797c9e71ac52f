/*
 * The selected entries as columns of typed arrays and their names as UTF-8
 * bytes in large blocks, not as one object and one string per file. An
 * entry costs about 50 bytes outside the JavaScript heap instead of about
 * 170 on it, so a tree of 70,000 files adds ~3 MiB to the run instead of
 * ~20 MiB of heap and garbage-collector slack (bench/README.md, "Memory that
 * does not grow with the tree"). Entries are objects only when asked for.
 */
import { lstatSync, type Stats } from 'node:fs'
import { PackagingError, errorMessage } from '../errors.js'
import { childPath } from './base-paths.js'
import { fileEntry } from './select-entries.js'
import type { EntryList, ZipEntrySource } from './types.js'

const MAX_NAME_BYTES = 0xffff
// Entries per block of columns, and bytes per block of names: blocks, not
// arrays grown by doubling, so no column holds twice what it needs.
const BLOCK_SHIFT = 13
const BLOCK = 1 << BLOCK_SHIFT
const NAMES_SHIFT = 18
const NAMES_BYTES = 1 << NAMES_SHIFT
// The folder of an entry kept as a whole object (links and given entries).
const WHOLE = 0xffffffff

interface Columns {
  /** Where the name's bytes start: names block << NAMES_SHIFT | offset. */
  name: Uint32Array
  nameBytes: Uint16Array
  /** Index of the file's folder (real path) in `dirs`, or WHOLE. */
  dir: Uint32Array
  /** -1 until the file's lstat (a listed file's size is read when asked). */
  size: Float64Array
  mode: Uint16Array
}

function columns(): Columns {
  return {
    name: new Uint32Array(BLOCK),
    nameBytes: new Uint16Array(BLOCK),
    dir: new Uint32Array(BLOCK),
    size: new Float64Array(BLOCK),
    mode: new Uint16Array(BLOCK)
  }
}

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
  private readonly blocks: Columns[] = []
  private readonly names: Buffer[] = []
  private namesUsed = NAMES_BYTES
  private readonly dirs: string[] = []
  private readonly dirIds = new Map<string, number>()
  private readonly whole = new Map<number, ZipEntrySource>()
  private added = 0
  private order: Uint32Array | undefined

  /** A table of `entries`, in archive order; two entries of one name are refused. */
  static of(entries: Iterable<ZipEntrySource>): EntryTable {
    if (entries instanceof EntryTable) return entries
    const table = new EntryTable()
    for (const e of entries) table.add(e)
    return table.finish('refuse')
  }

  /** A regular file `name` in the folder whose real path is `dir`. */
  addFile(name: string, dir: string): void {
    let id = this.dirIds.get(dir)
    if (id === undefined) {
      id = this.dirs.push(dir) - 1
      this.dirIds.set(dir, id)
    }
    this.push(name, id, -1, 0)
  }

  /** Any entry, kept as it is. */
  add(e: ZipEntrySource): void {
    if (e.kind === 'symlink' && e.linkTarget === undefined) {
      throw new PackagingError(`link ${e.name} has no target`)
    }
    this.whole.set(this.added, e)
    this.push(e.name, WHOLE, e.size, e.mode)
  }

  /**
   * Puts the entries in archive order. Two entries of one name are one file
   * reached by overlapping search paths (`drop`: the first found stays), or
   * a caller's mistake (`refuse`).
   */
  finish(repeats: 'drop' | 'refuse'): this {
    const all = new Uint32Array(this.added)
    for (let i = 0; i < all.length; i++) all[i] = i
    // Found in archive order (glob-walk.ts), no name twice: no sort.
    this.order = this.ascending() ? all : this.sortOut(all, repeats)
    return this
  }

  private sortOut(all: Uint32Array, repeats: 'drop' | 'refuse'): Uint32Array {
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
    return this.sorted().length
  }

  /** The entry at `k` in archive order, made now. */
  at(k: number): ZipEntrySource | undefined {
    const order = this.sorted()
    if (k < 0 || k >= order.length) return undefined
    const i = order[k] as number
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
    const order = this.sorted()
    for (let k = 0; k < order.length; k++) yield this.nameOf(order[k] as number)
  }

  /** Bytes the table holds: its columns, names and folders (the bench prints it). */
  get bytes(): number {
    const perEntry = 4 + 2 + 4 + 8 + 2
    let dirs = 0
    for (const d of this.dirs) dirs += d.length
    return (
      this.blocks.length * BLOCK * perEntry +
      this.names.length * NAMES_BYTES +
      (this.order?.byteLength ?? 0) +
      dirs
    )
  }

  nameOf(i: number): string {
    const c = this.block(i)
    const j = i & (BLOCK - 1)
    const ref = c.name[j] as number
    const at = ref & (NAMES_BYTES - 1)
    const buf = this.names[ref >>> NAMES_SHIFT] as Buffer
    return buf.toString('utf8', at, at + (c.nameBytes[j] as number))
  }

  pathOf(i: number, name: string): string {
    const dir = this.dirs[
      this.block(i).dir[i & (BLOCK - 1)] as number
    ] as string
    return childPath(dir, name.slice(name.lastIndexOf('/') + 1))
  }

  sizeOf(i: number, name: string): number {
    this.stat(i, name)
    return this.block(i).size[i & (BLOCK - 1)] as number
  }

  modeOf(i: number, name: string): number {
    this.stat(i, name)
    return this.block(i).mode[i & (BLOCK - 1)] as number
  }

  /** A listed file's size and mode, from one lstat the first time. */
  private stat(i: number, name: string): void {
    const c = this.block(i)
    const j = i & (BLOCK - 1)
    if ((c.size[j] as number) < 0) {
      const path = this.pathOf(i, name)
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
      c.mode[j] = e.mode
      c.size[j] = e.size
    }
  }

  private sorted(): Uint32Array {
    if (!this.order) throw new Error('EntryTable used before finish()')
    return this.order
  }

  private block(i: number): Columns {
    return this.blocks[i >>> BLOCK_SHIFT] as Columns
  }

  private push(name: string, dir: number, size: number, mode: number): void {
    if (this.order) throw new Error('EntryTable added to after finish()')
    // At most 3 bytes per UTF-16 unit: room checked before writing.
    if (NAMES_BYTES - this.namesUsed < name.length * 3) {
      this.names.push(Buffer.allocUnsafe(NAMES_BYTES))
      this.namesUsed = 0
    }
    const buf = this.names.at(-1) as Buffer
    const length = buf.write(name, this.namesUsed, 'utf8')
    if (length > MAX_NAME_BYTES) {
      throw new PackagingError(`entry name too long: ${name.slice(0, 80)}…`)
    }
    const i = this.added++
    if ((i & (BLOCK - 1)) === 0) this.blocks.push(columns())
    const c = this.block(i)
    const j = i & (BLOCK - 1)
    c.name[j] = ((this.names.length - 1) << NAMES_SHIFT) + this.namesUsed
    c.nameBytes[j] = length
    c.dir[j] = dir
    c.size[j] = size
    c.mode[j] = mode
    this.namesUsed += length
  }

  /** Two entries' names as their UTF-8 bytes compare. */
  private compare(a: number, b: number): number {
    const ca = this.block(a)
    const cb = this.block(b)
    const ja = a & (BLOCK - 1)
    const jb = b & (BLOCK - 1)
    const ra = ca.name[ja] as number
    const rb = cb.name[jb] as number
    const la = ca.nameBytes[ja] as number
    const lb = cb.nameBytes[jb] as number
    const na = this.names[ra >>> NAMES_SHIFT] as Buffer
    const nb = this.names[rb >>> NAMES_SHIFT] as Buffer
    const pa = ra & (NAMES_BYTES - 1)
    const pb = rb & (NAMES_BYTES - 1)
    const n = la < lb ? la : lb
    for (let k = 0; k < n; k++) {
      const d = (na[pa + k] as number) - (nb[pb + k] as number)
      if (d !== 0) return d
    }
    return la - lb
  }
}

/** A listed file of a table, as an entry: what it needs is read when asked. */
class TableFile implements ZipEntrySource {
  private known: string | undefined

  constructor(
    private readonly table: EntryTable,
    private readonly i: number
  ) {}

  get kind(): 'file' {
    return 'file'
  }

  get name(): string {
    return (this.known ??= this.table.nameOf(this.i))
  }

  get sourcePath(): string {
    return this.table.pathOf(this.i, this.name)
  }

  get size(): number {
    return this.table.sizeOf(this.i, this.name)
  }

  get mode(): number {
    return this.table.modeOf(this.i, this.name)
  }
}
