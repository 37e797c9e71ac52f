import * as glob from '@actions/glob'
import { lstat, readlink, realpath, stat } from 'node:fs/promises'
import type { Stats } from 'node:fs'
import * as path from 'node:path'
import { InputError, PackagingError, errorMessage } from '../errors.js'
import type { ZipEntrySource } from './types.js'

export interface SelectOptions {
  /** One glob per entry, `@actions/glob` syntax, `!` excludes; relative to baseDirectory. */
  patterns: string[]
  /** Absolute, already checked to exist inside the workspace. */
  baseDirectory: string
  /** '' or e.g. `python`, `nodejs/node_modules` (already validated). */
  prefix: string
  symlinks: 'follow' | 'preserve'
}

const STAT_CONCURRENCY = 32

/**
 * The files the patterns select, as archive entries sorted by name (byte
 * order). Nothing outside `baseDirectory` is ever read: every file's real
 * path is checked against the base's real path first.
 *
 * Links, `preserve`: stored as links (`0o777`, the link text as data). The
 * text stored is relative: an absolute target inside the base, or a relative
 * one that only reaches its target by leaving the base, is rewritten as the
 * relative path from the link to the real target, so the link still works
 * wherever the layer is extracted. `follow`: the target's content and mode.
 * Either way a link whose target resolves outside the base, or does not
 * exist, is an error naming the link.
 */
export async function selectFiles(
  opts: SelectOptions
): Promise<ZipEntrySource[]> {
  const base = path.resolve(opts.baseDirectory)
  const realBase = await realpath(base).catch((err: unknown) => {
    throw new InputError(
      'base-directory',
      `cannot be read: ${errorMessage(err)}`,
      { cause: err }
    )
  })
  const follow = opts.symlinks === 'follow'
  const lines = toGlobLines(opts.patterns, base)
  const listed = lines.some((l) => !l.startsWith('!'))
    ? await runGlob(lines, follow, base)
    : []
  const found = [...new Set(listed)]
  if (found.length === 0) {
    throw new InputError(
      'path',
      `no file matched the patterns: ${opts.patterns.join(', ')} (relative to ${base})`
    )
  }
  const ctx: Context = { base, realBase, prefix: opts.prefix, dirs: new Map() }
  const entries = await mapLimit(found, STAT_CONCURRENCY, (p) =>
    follow ? followEntry(ctx, p) : preserveEntry(ctx, p)
  )
  const keyed = entries.map((e) => ({ e, key: Buffer.from(e.name, 'utf8') }))
  keyed.sort((a, b) => Buffer.compare(a.key, b.key))
  return keyed.map((k) => k.e)
}

interface Context {
  base: string
  realBase: string
  prefix: string
  /** Real path of each directory seen, so a tree costs one realpath per directory. */
  dirs: Map<string, Promise<string>>
}

/** Anchors each pattern at the base; refuses an include that leaves it. */
function toGlobLines(patterns: string[], base: string): string[] {
  const escapedBase = globEscape(base)
  const lines: string[] = []
  for (const raw of patterns) {
    let pattern = raw.trim()
    if (pattern === '' || pattern.startsWith('#')) continue
    let bangs = ''
    while (pattern.startsWith('!')) {
      bangs += '!'
      pattern = pattern.slice(1).trim()
    }
    if (pattern === '') continue
    const include = bangs.length % 2 === 0
    if (path.isAbsolute(pattern)) {
      if (include && !isInside(base, pattern, true)) {
        throw new InputError(
          'path',
          `pattern "${raw.trim()}" is outside base-directory (${base})`
        )
      }
      lines.push(bangs + pattern)
      continue
    }
    if (include && !isInside(base, path.resolve(base, pattern), true)) {
      throw new InputError(
        'path',
        `pattern "${raw.trim()}" points outside base-directory (${base})`
      )
    }
    lines.push(`${bangs}${escapedBase}/${pattern}`)
  }
  return lines
}

// As @actions/glob escapes literal paths (its Pattern.globEscape).
function globEscape(s: string): string {
  return (process.platform === 'win32' ? s : s.replace(/\\/g, '\\\\'))
    .replace(/(\[)(?=[^/]+\])/g, '[[]')
    .replace(/\?/g, '[?]')
    .replace(/\*/g, '[*]')
}

async function runGlob(
  lines: string[],
  follow: boolean,
  base: string
): Promise<string[]> {
  const globber = await glob.create(lines.join('\n'), {
    followSymbolicLinks: follow,
    implicitDescendants: true,
    matchDirectories: false,
    // A dangling link must fail loudly, not vanish from the layer.
    omitBrokenSymbolicLinks: false,
    excludeHiddenFiles: false
  })
  try {
    return await globber.glob()
  } catch (err) {
    const m = /No information found for the path '(.*)'/.exec(errorMessage(err))
    if (m?.[1]) {
      const name = toName(base, m[1])
      const target = await readlink(m[1]).catch(() => '?')
      throw new InputError(
        'symlinks',
        `link ${name} -> ${target} is dangling (its target does not exist)`,
        { cause: err }
      )
    }
    throw new PackagingError(
      `could not list the files to package: ${errorMessage(err)}`,
      { cause: err }
    )
  }
}

async function followEntry(ctx: Context, p: string): Promise<ZipEntrySource> {
  const name = entryName(ctx, p)
  const dirReal = await realDir(ctx, path.dirname(p))
  let st = await lstat(p)
  let real = path.join(dirReal, path.basename(p))
  if (st.isSymbolicLink()) {
    const target = await readlink(p)
    try {
      real = await realpath(p)
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
    st = await stat(real)
  }
  if (!isInside(ctx.realBase, real, false)) {
    // A directory on the way was a link leading out of the base.
    const link = await escapingLink(ctx, p)
    throw new InputError(
      'symlinks',
      `link ${link.name} -> ${link.target} resolves outside base-directory`
    )
  }
  return fileEntry(name, real, st)
}

async function preserveEntry(ctx: Context, p: string): Promise<ZipEntrySource> {
  const name = entryName(ctx, p)
  const st = await lstat(p)
  const dirReal = await realDir(ctx, path.dirname(p))
  if (!isInside(ctx.realBase, dirReal, true)) {
    throw new InputError('path', `${name} is not inside base-directory`)
  }
  const real = path.join(dirReal, path.basename(p))
  if (!st.isSymbolicLink()) return fileEntry(name, real, st)

  const text = await readlink(p)
  const lexical = path.resolve(dirReal, text)
  let target: string
  try {
    target = await realpath(lexical)
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

function realDir(ctx: Context, dir: string): Promise<string> {
  let p = ctx.dirs.get(dir)
  if (!p) {
    p = realpath(dir)
    ctx.dirs.set(dir, p)
  }
  return p
}

/** The first link on `p`'s way down from the base whose target leaves it. */
async function escapingLink(
  ctx: Context,
  p: string
): Promise<{ name: string; target: string }> {
  const parts = path.relative(ctx.base, p).split(path.sep)
  let at = ctx.base
  for (const part of parts) {
    at = path.join(at, part)
    const st = await lstat(at)
    if (!st.isSymbolicLink()) continue
    const real = await realpath(at)
    if (!isInside(ctx.realBase, real, true)) {
      return { name: entryName(ctx, at), target: await readlink(at) }
    }
  }
  return { name: entryName(ctx, p), target: await realpath(p) }
}

function entryName(ctx: Context, p: string): string {
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

function toName(base: string, p: string): string {
  return path.relative(base, p).split(path.sep).join('/')
}

/** Whether `p` is `dir` itself (when allowed) or below it. */
function isInside(dir: string, p: string, allowSame: boolean): boolean {
  const rel = path.relative(dir, p)
  if (rel === '') return allowSame
  return (
    rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel)
  )
}

async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>
): Promise<R[]> {
  const out = new Array<R>(items.length)
  let next = 0
  const run = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i] as T)
    }
  }
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, () => run())
  )
  return out
}
