/*
 * The entry table's names and folders: each folder's real path and its
 * files' names' start once (`pkg-12/lib/`), and for each entry only its own
 * last segment (`file-1234.js`), as UTF-8 in large blocks. A name is the
 * two read together. In a node_modules-like tree the last segment is under
 * half of a name's bytes, so 70,000 files hold ~1 MiB of names instead of
 * ~2 MiB (bench/README.md, "Seventh pass"). A folder is four numbers in
 * blocks of its own, its texts with the segments: as strings, 3,125 folders
 * held ~0.4 MiB of heap at 70,000 files, the table's last part that grew
 * with the tree ("Tenth pass").
 */
import { PackagingError } from '../errors.js'
import { SpillBlocks } from './spill-blocks.js'

const MAX_NAME_BYTES = 0xffff
// Bytes per block of segments: one holds the longest name a zip can (64 KiB).
const SEGMENTS_SHIFT = 16
const SEGMENTS_BYTES = 1 << SEGMENTS_SHIFT
// In memory at once: `compare` reads two names' starts and segments.
const RESIDENT = 4
// A folder: its start's bytes (where, how many), its real path's (the same).
const FOLDER_FIELDS = 4
const FOLDERS_SHIFT = 11
const FOLDERS = 1 << FOLDERS_SHIFT
// Folders decoded to strings and kept: the reader and the writer, a little
// behind it, each go through folders in archive order.
const DECODED = 4

interface Decoded {
  folder: number
  start: string
  real: string
}

export class EntryNames {
  private readonly blocks: SpillBlocks<Buffer>
  private readonly folders: SpillBlocks<Uint32Array>
  private folderCount = 0
  private used = 0
  /** The folder given last, for `folder` to give again. */
  private last: Decoded = { folder: -1, start: '', real: '' }
  private readonly decoded: Decoded[] = []
  private nextDecoded = 0
  /** Bytes of the segment `write` stored last. */
  written = 0

  /** `spillDir`: where blocks not in use wait (spill-blocks.ts). */
  constructor(spillDir?: string) {
    this.blocks = new SpillBlocks(
      SEGMENTS_BYTES,
      RESIDENT,
      (m) => Buffer.from(m),
      spillDir
    )
    this.folders = new SpillBlocks(
      FOLDERS * FOLDER_FIELDS * 4,
      RESIDENT,
      (m) => new Uint32Array(m),
      spillDir
    )
  }

  /**
   * A number for the folder whose real path is `real` and whose files'
   * names begin with `start` ('' or ending in '/'). Callers keep it for the
   * folder's files (select-entries.ts keeps one per folder it lists); asked
   * again for the folder it gave last, it gives the same. No map of every
   * folder: at 70,000 files one held ~2,800 maps' worth of heap past the
   * walk (bench/README.md, "Seventh pass").
   */
  folder(real: string, start: string): number {
    const last = this.last
    if (last.folder >= 0 && last.real === real && last.start === start) {
      return last.folder
    }
    const startAt = this.store(start)
    const startBytes = this.written
    const realAt = this.store(real)
    const realBytes = this.written
    const folder = this.folderCount++
    if ((folder & (FOLDERS - 1)) === 0) this.folders.add()
    const f = this.folders.get(folder >>> FOLDERS_SHIFT, true)
    const o = (folder & (FOLDERS - 1)) * FOLDER_FIELDS
    f[o] = startAt
    f[o + 1] = startBytes
    f[o + 2] = realAt
    f[o + 3] = realBytes
    this.last = { folder, start, real }
    return folder
  }

  real(folder: number): string {
    return this.decode(folder).real
  }

  /**
   * Stores `own`, the last segment of a name that begins with `start`;
   * returns where its bytes are (block << SEGMENTS_SHIFT | offset) and sets
   * `written` to their length.
   */
  write(start: number, own: string): number {
    const startBytes = this.field(start, 1)
    const at = this.store(own)
    if (startBytes + this.written > MAX_NAME_BYTES) {
      throw tooLong(this.decode(start).start + own)
    }
    return at
  }

  private store(text: string): number {
    // At most 3 bytes per UTF-16 unit: counted only when that may not fit.
    const room = SEGMENTS_BYTES - this.used
    const bytes = room < text.length * 3 ? Buffer.byteLength(text) : 0
    if (this.blocks.count === 0 || room < bytes) {
      // A block holds the longest name a zip can: what does not fit an
      // empty one is longer.
      if (bytes > MAX_NAME_BYTES) throw tooLong(text)
      this.blocks.add()
      this.used = 0
    }
    const last = this.blocks.count - 1
    const buf = this.blocks.get(last, true)
    const length = buf.write(text, this.used, 'utf8')
    const at = (last << SEGMENTS_SHIFT) + this.used
    this.used += length
    this.written = length
    return at
  }

  /** The segment stored at `at`, `length` bytes. */
  own(at: number, length: number): string {
    const buf = this.blocks.get(at >>> SEGMENTS_SHIFT)
    const from = at & (SEGMENTS_BYTES - 1)
    return buf.toString('utf8', from, from + length)
  }

  /** The whole name: its start and its segment. */
  text(start: number, at: number, length: number): string {
    return this.decode(start).start + this.own(at, length)
  }

  /** Field `k` of folder `folder` (FOLDER_FIELDS). */
  private field(folder: number, k: number): number {
    const f = this.folders.get(folder >>> FOLDERS_SHIFT)
    return f[(folder & (FOLDERS - 1)) * FOLDER_FIELDS + k] as number
  }

  /** Folder `folder`'s start and real path as strings, from a few kept. */
  private decode(folder: number): Decoded {
    if (this.last.folder === folder) return this.last
    for (const d of this.decoded) if (d.folder === folder) return d
    const d: Decoded = {
      folder,
      start: this.own(this.field(folder, 0), this.field(folder, 1)),
      real: this.own(this.field(folder, 2), this.field(folder, 3))
    }
    this.decoded[this.nextDecoded] = d
    this.nextDecoded = (this.nextDecoded + 1) % DECODED
    return d
  }

  /**
   * Two names as their UTF-8 bytes compare (which is code point order),
   * each given as its start and segment.
   */
  compare(
    sa: number,
    aa: number,
    la: number,
    sb: number,
    ab: number,
    lb: number
  ): number {
    const ba = this.blocks.get(aa >>> SEGMENTS_SHIFT)
    const bb = this.blocks.get(ab >>> SEGMENTS_SHIFT)
    const pa = aa & (SEGMENTS_BYTES - 1)
    const pb = ab & (SEGMENTS_BYTES - 1)
    if (sa === sb) return compareBytes(ba, pa, la, bb, pb, lb)
    // Different starts: compare as if each name's bytes were one run. Most
    // differ within their starts, so that part has its own loop. (The
    // folders' own blocks are apart from these: reading them keeps ba, bb.)
    const xa = this.field(sa, 0)
    const ka = this.field(sa, 1)
    const xb = this.field(sb, 0)
    const kb = this.field(sb, 1)
    const sba = this.blocks.get(xa >>> SEGMENTS_SHIFT)
    const sbb = this.blocks.get(xb >>> SEGMENTS_SHIFT)
    const qa = xa & (SEGMENTS_BYTES - 1)
    const qb = xb & (SEGMENTS_BYTES - 1)
    const m = ka < kb ? ka : kb
    for (let k = 0; k < m; k++) {
      const d = (sba[qa + k] as number) - (sbb[qb + k] as number)
      if (d !== 0) return d
    }
    const na = ka + la
    const nb = kb + lb
    const n = na < nb ? na : nb
    for (let k = m; k < n; k++) {
      const ca = k < ka ? (sba[qa + k] as number) : (ba[pa + k - ka] as number)
      const cb = k < kb ? (sbb[qb + k] as number) : (bb[pb + k - kb] as number)
      if (ca !== cb) return ca - cb
    }
    return na - nb
  }

  /** Bytes in memory: the blocks there (segments, starts, real paths and folders). */
  get bytes(): number {
    return this.blocks.bytes + this.folders.bytes
  }

  /** Every block in memory from now on (a sort reads names in no order). */
  keepAll(): void {
    this.blocks.keepAll()
    this.folders.keepAll()
  }

  /** Removes the files of blocks not in memory. */
  close(): void {
    this.blocks.close()
    this.folders.close()
  }
}

function compareBytes(
  a: Buffer,
  pa: number,
  la: number,
  b: Buffer,
  pb: number,
  lb: number
): number {
  const n = la < lb ? la : lb
  for (let k = 0; k < n; k++) {
    const d = (a[pa + k] as number) - (b[pb + k] as number)
    if (d !== 0) return d
  }
  return la - lb
}

function tooLong(name: string): PackagingError {
  return new PackagingError(`entry name too long: ${name.slice(0, 80)}…`)
}
