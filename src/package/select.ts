import * as glob from '@actions/glob'
import {
  lstatSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  statSync,
  type Stats
} from 'node:fs'
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
  let realBase: string
  try {
    realBase = realpath(base)
  } catch (err) {
    throw new InputError(
      'base-directory',
      `cannot be read: ${errorMessage(err)}`,
      { cause: err }
    )
  }
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
  // Synchronous: nothing else runs while files are selected, and a sync
  // lstat costs a fraction of a promise round trip through the thread pool.
  const entries = found.map((p) =>
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
  dirs: Map<string, string>
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

/** The options runGlob gives @actions/glob (and that walk() follows). */
export function globOptions(follow: boolean): glob.GlobOptions {
  return {
    followSymbolicLinks: follow,
    implicitDescendants: true,
    matchDirectories: false,
    // A dangling link must fail loudly, not vanish from the layer.
    omitBrokenSymbolicLinks: false,
    excludeHiddenFiles: false
  }
}

/**
 * The files @actions/glob would list for `lines` (absolute patterns), found
 * by a faster walk over its own patterns. Exported for the test that holds
 * the two to the same answers.
 */
export async function runGlob(
  lines: string[],
  follow: boolean,
  base: string
): Promise<string[]> {
  const globber = await glob.create(lines.join('\n'), globOptions(follow))
  try {
    const patterns = patternsOf(globber)
    return patterns ? walk(patterns, follow) : await globber.glob()
  } catch (err) {
    const m = /No information found for the path '(.*)'/.exec(errorMessage(err))
    if (m?.[1]) {
      const name = toName(base, m[1])
      let target = '?'
      try {
        target = readlinkSync(m[1])
      } catch {
        // Reported as '?'.
      }
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

function followEntry(ctx: Context, p: string): ZipEntrySource {
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

function preserveEntry(ctx: Context, p: string): ZipEntrySource {
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
    p = realpath(dir)
    ctx.dirs.set(dir, p)
  }
  return p
}

/** One system call, as fs.promises.realpath (the JS version lstats each component). */
function realpath(p: string): string {
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
  const rel = below(base, p) ?? path.relative(base, p)
  return path.sep === '/' ? rel : rel.split(path.sep).join('/')
}

/**
 * `p` relative to `dir` when `p` is a normalised path below it, by string
 * prefix: selection calls this for every file, and path.relative resolves
 * both paths each time.
 */
function below(dir: string, p: string): string | undefined {
  if (path.sep !== '/') return undefined
  const prefix = dir.endsWith('/') ? dir : `${dir}/`
  if (!p.startsWith(prefix) || p.length === prefix.length) return undefined
  const rel = p.slice(prefix.length)
  // Only a normalised remainder: no empty, `.` or `..` segment.
  return rel.includes('//') || /(^|\/)\.\.?(\/|$)/.test(rel) ? undefined : rel
}

/** Whether `p` is `dir` itself (when allowed) or below it. */
function isInside(dir: string, p: string, allowSame: boolean): boolean {
  if (below(dir, p) !== undefined) return true
  const rel = path.relative(dir, p)
  if (rel === '') return allowSame
  return (
    rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel)
  )
}

/**
 * What the walk uses of @actions/glob's own Pattern objects: its matching,
 * so the syntax and meaning of `path` stay exactly @actions/glob's.
 */
interface GlobPattern {
  negate: boolean
  searchPath: string
  trailingSeparator: boolean
  segments: string[]
  match(itemPath: string): number
  partialMatch(itemPath: string): boolean
}
type PatternClass = new (
  negate: boolean,
  isImplicitPattern: boolean,
  segments: string[]
) => GlobPattern
// MatchKind.File in @actions/glob.
const MATCH_FILE = 2

/** The globber's parsed patterns, or undefined if its shape is not the known one. */
function patternsOf(globber: glob.Globber): GlobPattern[] | undefined {
  const patterns = (globber as unknown as { patterns?: unknown }).patterns
  if (!Array.isArray(patterns) || patterns.length === 0) return undefined
  const known = patterns.every(
    (p: Partial<GlobPattern> | null) =>
      typeof p?.match === 'function' &&
      typeof p.partialMatch === 'function' &&
      typeof p.searchPath === 'string' &&
      Array.isArray(p.segments) &&
      typeof p.negate === 'boolean'
  )
  return known ? (patterns as GlobPattern[]) : undefined
}

/**
 * @actions/glob's search (its globGenerator, with the options runGlob
 * passes), done with synchronous readdir and the directory entries' types,
 * so that a file needs no stat of its own here: a tree of 20,000 files is
 * listed in a tenth of the time, with the same result.
 */
function walk(own: GlobPattern[], follow: boolean): string[] {
  const patterns: GlobPattern[] = []
  for (const p of own) {
    patterns.push(p)
    // implicitDescendants
    if (p.trailingSeparator || p.segments[p.segments.length - 1] !== '**') {
      const Pattern = p.constructor as PatternClass
      patterns.push(new Pattern(p.negate, true, p.segments.concat('**')))
    }
  }
  const includes = patterns.filter((p) => !p.negate)
  const matchKind = (itemPath: string): number => {
    let result = 0
    for (const p of patterns) {
      if (p.negate) result &= ~p.match(itemPath)
      else result |= p.match(itemPath)
    }
    return result
  }

  interface Item {
    path: string
    level: number
    /** Known from readdir for a non-link; a link (or unknown type) is stat'ed. */
    dir?: boolean
  }
  const stack: Item[] = []
  for (const searchPath of searchPaths(includes)) {
    try {
      lstatSync(searchPath)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue
      throw err
    }
    stack.unshift({ path: searchPath, level: 1 })
  }
  const found: string[] = []
  const chain: string[] = []
  for (let item = stack.pop(); item; item = stack.pop()) {
    const match = matchKind(item.path)
    const partial =
      match !== 0 || includes.some((p) => p.partialMatch(item.path))
    if (!partial) continue
    let dir = item.dir
    if (dir === undefined) {
      let st: Stats
      try {
        st = follow ? statSync(item.path) : lstatSync(item.path)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
          throw new Error(
            `No information found for the path '${item.path}'. This may indicate a broken symbolic link.`
          )
        }
        throw err
      }
      dir = st.isDirectory()
    }
    if (dir) {
      if (follow) {
        // A link back up the tree would recurse for ever.
        const real = realpath(item.path)
        chain.length = Math.min(chain.length, item.level - 1)
        if (chain.includes(real)) continue
        chain.push(real)
      }
      const children = readdirSync(item.path, { withFileTypes: true })
      for (let i = children.length - 1; i >= 0; i--) {
        const d = children[i] as (typeof children)[number]
        const known = d.isDirectory() ? true : d.isFile() ? false : undefined
        stack.push({
          path: path.join(item.path, d.name),
          level: item.level + 1,
          ...(known !== undefined && { dir: known })
        })
      }
    } else if (match & MATCH_FILE) {
      found.push(item.path)
    }
  }
  return found
}

/** @actions/glob's getSearchPaths: each include's root, none under another. */
function searchPaths(includes: GlobPattern[]): string[] {
  const roots = new Set(includes.map((p) => p.searchPath))
  const result: string[] = []
  const included = new Set<string>()
  for (const p of includes) {
    const key = p.searchPath
    if (included.has(key)) continue
    let ancestor = false
    for (let child = key, parent = path.dirname(key); parent !== child;) {
      if (roots.has(parent)) {
        ancestor = true
        break
      }
      child = parent
      parent = path.dirname(parent)
    }
    if (!ancestor) {
      result.push(key)
      included.add(key)
    }
  }
  return result
}
