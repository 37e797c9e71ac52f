import {
  lstatSync,
  readlinkSync,
  realpathSync,
  statSync,
  type Stats
} from 'node:fs'
import * as path from 'node:path'
import { InputError, PackagingError } from '../errors.js'
import { below, isInside, toName } from './base-paths.js'
import type { EntryTable } from './entry-table.js'
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
  /**
   * Each listed folder's number in the entry table (its real path and its
   * files' names' start), worked out for its first file (addListedFile);
   * null when its files need the long way.
   */
  folders: Map<string, number | null>
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
 * preserveEntry would make of it, added to `table`, which reads its size
 * and mode when first asked for (entry-table.ts).
 */
export function addListedFile(
  ctx: Context,
  p: string,
  follow: boolean,
  table: EntryTable
): void {
  // A folder's files share its real path, its checks and their names'
  // start: worked out once per folder, not for each of 20,000 files.
  const slash = path.sep === '/' ? p.lastIndexOf('/') : -1
  const own = p.slice(slash + 1)
  if (slash > 0 && !own.includes('\\')) {
    const dir = p.slice(0, slash)
    let folder = ctx.folders.get(dir)
    if (folder === undefined) {
      folder = listedFolder(ctx, dir, table)
      ctx.folders.set(dir, folder)
    }
    if (folder !== null) {
      table.addFile(folder, own)
      return
    }
  }
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
  table.addNamedFile(dirReal, name)
}

/**
 * A folder whose files need no check of their own: inside the base, real
 * path included, and named by a normalised path below it. Null sends its
 * files the long way, to the error that names them.
 */
function listedFolder(
  ctx: Context,
  dir: string,
  table: EntryTable
): number | null {
  const real = realDir(ctx, dir)
  if (!isInside(ctx.realBase, real, true)) return null
  const rel = dir === ctx.base ? '' : below(ctx.base, dir)
  if (rel === undefined || rel.includes('\\')) return null
  const names = [ctx.prefix, rel].filter((s) => s !== '').join('/')
  return table.folder(real, names === '' ? '' : `${names}/`)
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

export function fileEntry(
  name: string,
  real: string,
  st: Stats
): ZipEntrySource {
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
    return name
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
