import {
  lstatSync,
  readlinkSync,
  realpathSync,
  statSync,
  type Stats
} from 'node:fs'
import * as path from 'node:path'
import { InputError, PackagingError, errorMessage } from '../errors.js'
import { below, isInside, toName } from './base-paths.js'
import type { ZipEntrySource } from './types.js'

/** What selecting one file needs to know about the selection. */
export interface Context {
  base: string
  realBase: string
  prefix: string
  /** Real path of each directory seen, so a tree costs one realpath per directory. */
  dirs: Map<string, string>
  /** Directories listed as such, not links: no realpath needed (ListedTypes). */
  plainDirs?: Set<string>
}

export function followEntry(ctx: Context, p: string): ZipEntrySource {
  const name = entryName(ctx, p)
  const dirReal = realDir(ctx, path.dirname(p))
  let st = lstatSync(p)
  let real = path.join(dirReal, path.basename(p))
  if (st.isSymbolicLink()) {
    const target = readlinkSync(p)
    try {
      real = realpath(p)
    } catch (err) {
      throw new InputError(
        'symlinks',
        `link ${name} -> ${target} is dangling (its target does not exist)`,
        { cause: err }
      )
    }
    if (!isInside(ctx.realBase, real, false)) {
      throw new InputError(
        'symlinks',
        `link ${name} -> ${target} resolves outside base-directory`
      )
    }
    st = statSync(real)
  }
  if (!isInside(ctx.realBase, real, false)) {
    // A directory on the way was a link leading out of the base.
    const link = escapingLink(ctx, p)
    throw new InputError(
      'symlinks',
      `link ${link.name} -> ${link.target} resolves outside base-directory`
    )
  }
  return fileEntry(name, real, st)
}

/**
 * A regular file, as its folder's listing typed it: what followEntry and
 * preserveEntry would make of it, but its size and mode are read when first
 * asked for (ListedFile).
 */
export function listedFile(
  ctx: Context,
  p: string,
  follow: boolean
): ListedFile {
  const name = entryName(ctx, p)
  const dirReal = realDir(ctx, path.dirname(p))
  if (!follow && !isInside(ctx.realBase, dirReal, true)) {
    throw new InputError('path', `${name} is not inside base-directory`)
  }
  // The file is strictly inside when its folder is inside or the base.
  if (follow && !isInside(ctx.realBase, dirReal, true)) {
    // A directory on the way was a link leading out of the base.
    const link = escapingLink(ctx, p)
    throw new InputError(
      'symlinks',
      `link ${link.name} -> ${link.target} resolves outside base-directory`
    )
  }
  return new ListedFile(name, dirReal)
}

/**
 * A regular file whose size and mode are read (one lstat) when first asked
 * for. The packager asks in archive order as it reads ahead, so the stats
 * of a large tree overlap with compressing it instead of all coming first.
 * Its path is its folder's real path (shared by the folder's files) and the
 * name's last segment: a string per file less, kept to the end.
 */
export class ListedFile implements ZipEntrySource {
  // -1 until read: the fewer fields, the less each of 70,000 entries costs.
  private bytes = -1
  private bits = 0

  constructor(
    readonly name: string,
    private readonly dir: string
  ) {}

  get kind(): 'file' {
    return 'file'
  }

  get sourcePath(): string {
    const base = this.name.slice(this.name.lastIndexOf('/') + 1)
    return `${this.dir}${this.dir.endsWith('/') ? '' : '/'}${base}`
  }

  get size(): number {
    if (this.bytes < 0) this.stat()
    return this.bytes
  }

  get mode(): number {
    if (this.bytes < 0) this.stat()
    return this.bits
  }

  /** The entry as a plain object, its size and mode read. */
  plain(): ZipEntrySource {
    const { name, kind, sourcePath, mode, size } = this
    return { name, kind, sourcePath, mode, size }
  }

  private stat(): void {
    const sourcePath = this.sourcePath
    let st: Stats
    try {
      st = lstatSync(sourcePath)
    } catch (err) {
      throw new PackagingError(
        `cannot read ${this.name} (${sourcePath}): ${errorMessage(err)}`,
        { cause: err }
      )
    }
    const e = fileEntry(this.name, sourcePath, st)
    this.bits = e.mode
    this.bytes = e.size
  }
}

export function preserveEntry(ctx: Context, p: string): ZipEntrySource {
  const name = entryName(ctx, p)
  const st = lstatSync(p)
  const dirReal = realDir(ctx, path.dirname(p))
  if (!isInside(ctx.realBase, dirReal, true)) {
    throw new InputError('path', `${name} is not inside base-directory`)
  }
  const real = path.join(dirReal, path.basename(p))
  if (!st.isSymbolicLink()) return fileEntry(name, real, st)

  const text = readlinkSync(p)
  const lexical = path.resolve(dirReal, text)
  let target: string
  try {
    target = realpath(lexical)
  } catch (err) {
    if (!isInside(ctx.realBase, lexical, true)) {
      throw new InputError(
        'symlinks',
        `link ${name} -> ${text} resolves outside base-directory`
      )
    }
    throw new InputError(
      'symlinks',
      `link ${name} -> ${text} is dangling (its target does not exist)`,
      { cause: err }
    )
  }
  if (!isInside(ctx.realBase, target, true)) {
    throw new InputError(
      'symlinks',
      `link ${name} -> ${text} resolves outside base-directory`
    )
  }
  const kept =
    !path.isAbsolute(text) && isInside(ctx.realBase, lexical, true)
      ? path.relative(dirReal, lexical)
      : path.relative(dirReal, target)
  const linkTarget = (kept === '' ? '.' : kept).split(path.sep).join('/')
  return {
    name,
    kind: 'symlink',
    sourcePath: real,
    mode: 0o777,
    size: Buffer.byteLength(linkTarget, 'utf8'),
    linkTarget
  }
}

function fileEntry(name: string, real: string, st: Stats): ZipEntrySource {
  if (!st.isFile()) {
    throw new PackagingError(
      `${name} is not a regular file (sockets, FIFOs and devices cannot go into a layer)`
    )
  }
  return {
    name,
    kind: 'file',
    sourcePath: real,
    mode: st.mode & 0o111 ? 0o755 : 0o644,
    size: st.size
  }
}

function realDir(ctx: Context, dir: string): string {
  let p = ctx.dirs.get(dir)
  if (p === undefined) {
    const parent = path.dirname(dir)
    p =
      ctx.plainDirs?.has(dir) && parent !== dir
        ? path.join(realDir(ctx, parent), path.basename(dir))
        : realpath(dir)
    ctx.dirs.set(dir, p)
  }
  return p
}

/** One system call, as fs.promises.realpath (the JS version lstats each component). */
export function realpath(p: string): string {
  return realpathSync.native(p)
}

/** The first link on `p`'s way down from the base whose target leaves it. */
function escapingLink(
  ctx: Context,
  p: string
): { name: string; target: string } {
  const parts = path.relative(ctx.base, p).split(path.sep)
  let at = ctx.base
  for (const part of parts) {
    at = path.join(at, part)
    const st = lstatSync(at)
    if (!st.isSymbolicLink()) continue
    const real = realpath(at)
    if (!isInside(ctx.realBase, real, true)) {
      return { name: entryName(ctx, at), target: readlinkSync(at) }
    }
  }
  return { name: entryName(ctx, p), target: realpath(p) }
}

function entryName(ctx: Context, p: string): string {
  const fast = below(ctx.base, p)
  // Below the base, normalised: what the checks below would find (the
  // prefix is validated with the inputs).
  if (fast !== undefined && !fast.includes('\\')) {
    const name = ctx.prefix === '' ? fast : `${ctx.prefix}/${fast}`
    // A copy of its own: a slice of the walk's path keeps the whole path
    // alive as long as the entry (~75 bytes an entry more).
    return Buffer.from(name, 'utf8').toString('utf8')
  }
  const rel = toName(ctx.base, p)
  if (!isInside(ctx.base, p, false)) {
    throw new InputError(
      'path',
      `matched ${p}, which is outside base-directory (${ctx.base})`
    )
  }
  if (rel.includes('\\')) {
    throw new InputError(
      'path',
      `file name "${rel}" contains a backslash, which unzip tools read as a folder separator`
    )
  }
  const name = ctx.prefix === '' ? rel : `${ctx.prefix}/${rel}`
  const segments = name.split('/')
  if (
    name.startsWith('/') ||
    segments.some((s) => s === '' || s === '.' || s === '..')
  ) {
    throw new InputError(
      'path',
      `entry name "${name}" is not a safe relative path`
    )
  }
  return name
}
