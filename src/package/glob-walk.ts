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
import { toName } from './base-paths.js'
import { GlobPattern, MATCH_FILE } from './glob-pattern.js'

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
 * by a faster walk with its matching (glob-pattern.ts). On Windows, whose
 * path rules the walk does not repeat, @actions/glob's own search.
 * Exported for the test that holds the two to the same answers.
 */
export async function runGlob(
  lines: string[],
  follow: boolean,
  base: string
): Promise<string[]> {
  // Parses and checks the patterns as the reference does, errors included.
  const globber = await glob.create(lines.join('\n'), globOptions(follow))
  try {
    if (path.sep !== '/') return await globber.glob()
    return walk(parseLines(lines), globber.getSearchPaths(), follow)
  } catch (err) {
    throw listingError(err, base)
  }
}

/** The globber's own reading of the lines: trimmed, no blanks or comments. */
function parseLines(lines: string[]): GlobPattern[] {
  const patterns: GlobPattern[] = []
  for (const line of lines.join('\n').split('\n')) {
    const trimmed = line.trim()
    if (trimmed === '' || trimmed.startsWith('#')) continue
    const p = new GlobPattern(trimmed)
    patterns.push(p)
    const below = p.descendants()
    if (below) patterns.push(below)
  }
  return patterns
}

function listingError(err: unknown, base: string): Error {
  const m = /No information found for the path '(.*)'/.exec(errorMessage(err))
  if (m?.[1]) {
    const name = toName(base, m[1])
    let target = '?'
    try {
      target = readlinkSync(m[1])
    } catch {
      // Reported as '?'.
    }
    return new InputError(
      'symlinks',
      `link ${name} -> ${target} is dangling (its target does not exist)`,
      { cause: err }
    )
  }
  return new PackagingError(
    `could not list the files to package: ${errorMessage(err)}`,
    { cause: err }
  )
}

interface Item {
  path: string
  level: number
  /** Known from readdir for a non-link; a link (or unknown type) is stat'ed. */
  dir?: boolean
}

/**
 * @actions/glob's search (its globGenerator, with the options runGlob
 * passes), done with synchronous readdir and the directory entries' types,
 * so that a file needs no stat of its own here: a tree of 20,000 files is
 * listed in a tenth of the time, with the same result.
 */
function walk(
  patterns: GlobPattern[],
  searchPaths: string[],
  follow: boolean
): string[] {
  const includes = patterns.filter((p) => !p.negate)
  const matchKind = (itemPath: string): number => {
    let result = 0
    for (const p of patterns) {
      if (p.negate) result &= ~p.match(itemPath)
      else result |= p.match(itemPath)
    }
    return result
  }
  const stack: Item[] = []
  for (const searchPath of searchPaths) {
    if (exists(searchPath)) stack.unshift({ path: searchPath, level: 1 })
  }
  const found: string[] = []
  const chain: string[] = []
  for (let item = stack.pop(); item; item = stack.pop()) {
    const match = matchKind(item.path)
    const at = item.path
    if (match === 0 && !includes.some((p) => p.partialMatch(at))) continue
    if (item.dir ?? isDirectory(item.path, follow)) {
      // A link back up the tree would recurse for ever.
      if (follow && isCycle(item, chain)) continue
      pushChildren(item, stack)
    } else if (match & MATCH_FILE) {
      found.push(item.path)
    }
  }
  return found
}

function exists(searchPath: string): boolean {
  try {
    lstatSync(searchPath)
    return true
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw err
  }
}

function isDirectory(itemPath: string, follow: boolean): boolean {
  let st: Stats
  try {
    st = follow ? statSync(itemPath) : lstatSync(itemPath)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        `No information found for the path '${itemPath}'. This may indicate a broken symbolic link.`
      )
    }
    throw err
  }
  return st.isDirectory()
}

/** Whether a directory's real path is already on the way down to it. */
function isCycle(item: Item, chain: string[]): boolean {
  const real = realpathSync.native(item.path)
  chain.length = Math.min(chain.length, item.level - 1)
  if (chain.includes(real)) return true
  chain.push(real)
  return false
}

/** The directory's children, pushed in reverse so they pop in readdir order. */
function pushChildren(item: Item, stack: Item[]): void {
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
}
