import * as path from 'node:path'
import { InputError, errorMessage } from '../errors.js'
import { isInside } from './base-paths.js'
import { globEscape } from './glob-pattern.js'
import { runGlob } from './glob-walk.js'
import { EntryTable } from './entry-table.js'
import {
  addListedFile,
  followEntry,
  preserveEntry,
  realpath,
  type Context
} from './select-entries.js'
import type { ZipEntrySource } from './types.js'

export interface SelectOptions {
  /** One glob per entry, `@actions/glob` syntax, `!` excludes; relative to baseDirectory. */
  patterns: string[]
  /** Absolute, already checked to exist inside the workspace. */
  baseDirectory: string
  /** '' or e.g. `python`, `nodejs/node_modules` (already validated). */
  prefix: string
  symlinks: 'follow' | 'preserve'
  /** Where the entry table keeps the blocks not in memory (spill-blocks.ts); default: the system's. */
  spillDir?: string
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
  const plain: ZipEntrySource[] = []
  for (const e of await listFiles(opts)) {
    const { name, kind, sourcePath, mode, size, linkTarget } = e
    plain.push({
      name,
      kind,
      sourcePath,
      mode,
      size,
      ...(linkTarget !== undefined && { linkTarget })
    })
  }
  return plain
}

/**
 * selectFiles, as a table (entry-table.ts) whose regular files' sizes and
 * modes are read when first asked for: the packager then reads them in
 * archive order, overlapped with compressing.
 */
export async function listFiles(opts: SelectOptions): Promise<EntryTable> {
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
  const directories = new Set<string>()
  const ctx: Context = {
    base,
    realBase,
    prefix: opts.prefix,
    dirs: new Map(),
    folders: new Map(),
    plainDirs: directories
  }
  // Each file becomes a row of the table as the walk finds it: no list of
  // every path (70,000 strings and their sets) is held to the end of the
  // walk. Synchronous: a sync lstat costs a fraction of a promise round trip.
  const table = new EntryTable(opts.spillDir)
  const file = (p: string, regular: boolean): void => {
    if (regular) addListedFile(ctx, p, follow, table)
    else table.add(follow ? followEntry(ctx, p) : preserveEntry(ctx, p))
  }
  if (lines.some((l) => !l.startsWith('!'))) {
    await runGlob(lines, follow, base, { file, directories })
  }
  // One entry per name: search paths may overlap (as a Set of paths did).
  table.finish('drop')
  if (table.length === 0) {
    throw new InputError(
      'path',
      `no file matched the patterns: ${opts.patterns.join(', ')} (relative to ${base})`
    )
  }
  return table
}

/**
 * Anchors each pattern at the base; refuses an include that leaves it.
 * Exported for the test that holds the walk to @actions/glob's answers.
 */
export function toGlobLines(patterns: string[], base: string): string[] {
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
      lines.push(bangs + tidyPattern(pattern, raw))
      continue
    }
    if (include && !isInside(base, path.resolve(base, pattern), true)) {
      throw new InputError(
        'path',
        `pattern "${raw.trim()}" points outside base-directory (${base})`
      )
    }
    const rel = tidyPattern(pattern, raw)
    // `./` and `.` name the base itself: everything below it.
    lines.push(`${bangs}${escapedBase}${rel === '' ? '' : `/${rel}`}`)
  }
  return lines
}

/**
 * `./python/**`, `python//sub/`: @actions/glob reads a leading `./` from its
 * working directory and repeated slashes as one, but anchored at the base its
 * check refuses any `.` folder, with the base's absolute path in the message.
 * So the `.` folders (the folder itself, wherever they are) and the extra
 * slashes go here; a trailing slash (directories only) stays. `..` is refused
 * in the user's terms, as @actions/glob refuses it.
 */
function tidyPattern(pattern: string, raw: string): string {
  const segments = pattern.split('/').filter((s) => s !== '' && s !== '.')
  if (segments.includes('..')) {
    throw new InputError(
      'path',
      `pattern "${raw.trim()}" goes up a folder with "..": patterns are matched below base-directory, so write the path from there without ".."`
    )
  }
  const joined = segments.join('/')
  const root = pattern.startsWith('/') ? '/' : ''
  if (joined === '') return root
  return `${root}${joined}${pattern.endsWith('/') ? '/' : ''}`
}
