/*
 * Blocks of bytes of one size, numbered as they are added, of which only the
 * few used last stay in memory; the others wait in a file and are read back
 * when asked for. The entry table (entry-table.ts, entry-names.ts) keeps its
 * columns and names in them, so what it holds in memory is a few blocks
 * whatever the number of files: at 70,000 files it held ~2.3 MiB, the one
 * part of a run's memory that grew with the tree (bench/README.md, "Ninth
 * pass"). Its readers go through it in order (the walk adds, the writer and
 * the checks read in archive order), so each block is written once and read
 * back about once.
 */
import { randomBytes } from 'node:crypto'
import { closeSync, openSync, unlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readFully, writeFully } from '../util/fd-io.js'

interface Slot<T> {
  bytes: Uint8Array
  view: T
  /** The block it holds. */
  block: number
  /** Changed since it was last written to the file (or never written). */
  dirty: boolean
  used: number
}

interface SpillFile {
  fd: number
  /** Set while the file still has a name to remove (it could not be unlinked while open). */
  path: string | undefined
}

// A table that is never closed (its archive's names are read to the end of
// the run) lets go of its file when it is collected.
const files = new FinalizationRegistry<SpillFile>(closeFile)

export class SpillBlocks<T> {
  private readonly slots: Slot<T>[] = []
  /** Per block: its slot, or -1 while it is only in the file. */
  private readonly slotOf: number[] = []
  private clock = 0
  private file: SpillFile | undefined

  /**
   * `view` makes what callers use of a block's memory (made once per slot:
   * a slot's memory is reused for the block read into it). `resident`
   * blocks at most stay in memory: a block asked for stays usable until
   * `resident` others have been asked for since.
   */
  constructor(
    readonly blockBytes: number,
    private resident: number,
    private readonly view: (memory: ArrayBuffer) => T,
    private readonly dir: string = tmpdir()
  ) {}

  get count(): number {
    return this.slotOf.length
  }

  /** Bytes in memory. */
  get bytes(): number {
    return this.slots.length * this.blockBytes
  }

  /** A new block, the last; its view (its bytes are not cleared). */
  add(): T {
    const block = this.slotOf.length
    this.slotOf.push(-1)
    return this.place(block, false).view
  }

  /** Block `block`'s view, read back if it was spilled; `write`: it will be changed. */
  get(block: number, write = false): T {
    const at = this.slotOf[block]
    if (at === undefined) throw new RangeError(`no block ${block}`)
    const slot = at >= 0 ? (this.slots[at] as Slot<T>) : this.place(block, true)
    slot.used = ++this.clock
    if (write) slot.dirty = true
    return slot.view
  }

  /** Every block in memory from now on: for access in no order (a sort). */
  keepAll(): void {
    this.resident = Infinity
  }

  /** Removes the file; the blocks in memory stay usable. */
  close(): void {
    if (this.file === undefined) return
    files.unregister(this)
    closeFile(this.file)
    this.file = undefined
  }

  private place(block: number, read: boolean): Slot<T> {
    let at = this.slots.length
    if (at < this.resident) {
      const memory = new ArrayBuffer(this.blockBytes)
      const bytes = new Uint8Array(memory)
      this.slots.push({
        bytes,
        view: this.view(memory),
        block,
        dirty: true,
        used: 0
      })
    } else {
      at = this.oldest()
      const old = this.slots[at] as Slot<T>
      if (old.dirty && !this.saved(old)) {
        // No file to spill to (no room, no such folder): the blocks stay in
        // memory, as they all did before there were files.
        this.resident = Infinity
        return this.place(block, read)
      }
      this.slotOf[old.block] = -1
      old.block = block
    }
    const slot = this.slots[at] as Slot<T>
    slot.dirty = !read
    if (read) this.read(slot)
    slot.used = ++this.clock
    this.slotOf[block] = at
    return slot
  }

  /** The slot used longest ago. */
  private oldest(): number {
    let best = 0
    for (let s = 1; s < this.slots.length; s++) {
      if ((this.slots[s] as Slot<T>).used < (this.slots[best] as Slot<T>).used)
        best = s
    }
    return best
  }

  private saved(slot: Slot<T>): boolean {
    try {
      this.write(slot)
      return true
    } catch {
      return false
    }
  }

  private write(slot: Slot<T>): void {
    writeFully(this.open().fd, slot.bytes, slot.block * this.blockBytes)
  }

  private read(slot: Slot<T>): void {
    const at = slot.block * this.blockBytes
    if (readFully(this.open().fd, slot.bytes, at) < slot.bytes.length) {
      throw new Error(`entry table: block ${slot.block} was never written`)
    }
  }

  private open(): SpillFile {
    if (this.file) return this.file
    const path = join(
      this.dir,
      `publish-layer-table-${process.pid}-${randomBytes(6).toString('hex')}`
    )
    const fd = openSync(path, 'wx+', 0o600)
    const file: SpillFile = { fd, path }
    // Unlinked while open (POSIX), it leaves nothing behind however the
    // process ends; where that is refused, it is removed on close.
    try {
      unlinkSync(path)
      file.path = undefined
    } catch {
      // Windows: removed by close(), or with the runner's temporary folder.
    }
    files.register(this, file, this)
    return (this.file = file)
  }
}

function closeFile(file: SpillFile): void {
  try {
    closeSync(file.fd)
    if (file.path !== undefined) unlinkSync(file.path)
  } catch {
    // Already gone: nothing to let go of.
  }
}
