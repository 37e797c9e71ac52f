import { GLOBSTAR, Minimatch } from 'minimatch'
import * as path from 'node:path'

/*
 * One line of an @actions/glob pattern list, matched as @actions/glob
 * matches it (its internal Pattern class, POSIX paths), on the same
 * minimatch with the same options: the walk in glob-walk.ts lists what
 * @actions/glob's own search lists, without one `stat` per path.
 * __tests__/package-walk.test.ts holds the two to the same answers.
 */

/** @actions/glob's MatchKind. */
export const MATCH_DIRECTORY = 1
export const MATCH_FILE = 2
const MATCH_ALL = 3

const OPTIONS = {
  dot: true,
  nobrace: true,
  nocase: false,
  nocomment: true,
  noext: true,
  nonegate: true
} as const

/** Collapses repeated slashes (@actions/glob's normalizeSeparators). */
function normalize(p: string): string {
  return p.replace(/\/\/+/g, '/')
}

/** Drops one trailing slash, but not the root's. */
function trimTrailing(p: string): string {
  const n = normalize(p)
  return n.endsWith('/') && n !== '/' ? n.slice(0, -1) : n
}

export class GlobPattern {
  readonly negate: boolean
  /** The pattern's path segments, the root ('/') first. */
  readonly segments: string[]
  /** A pattern ending in `/` matches directories only. */
  readonly trailingSeparator: boolean
  private readonly minimatch: Minimatch
  /**
   * For `<literal path>/**`, the most common pattern by far: what a path
   * must start with to match, so that matching it is a string comparison
   * rather than minimatch splitting every path of the tree.
   */
  private readonly below: string | undefined

  /** `line`: an absolute pattern, `!` to exclude (already accepted by glob.create). */
  constructor(
    line: string,
    private readonly isImplicit = false
  ) {
    let pattern = line.trim()
    let negate = false
    while (pattern.startsWith('!')) {
      negate = !negate
      pattern = pattern.slice(1).trim()
    }
    this.negate = negate
    pattern = normalize(pattern)
    this.trailingSeparator = pattern.endsWith('/')
    pattern = trimTrailing(pattern)
    this.segments =
      pattern === '/' ? ['/'] : ['/', ...pattern.slice(1).split('/')]
    this.minimatch = new Minimatch(pattern, OPTIONS)
    this.below = literalBelow(this.minimatch)
  }

  /**
   * The pattern for everything below what this one matches (the
   * implicitDescendants option), when this one does not already end in `**`.
   */
  descendants(): GlobPattern | undefined {
    const last = this.segments[this.segments.length - 1]
    if (!this.trailingSeparator && last === '**') return undefined
    const below = `/${[...this.segments.slice(1), '**'].join('/')}`
    return new GlobPattern(this.negate ? `!${below}` : below, true)
  }

  /** MATCH_DIRECTORY, MATCH_FILE (both: 3) or 0. */
  match(itemPath: string): number {
    let p: string
    if (this.segments[this.segments.length - 1] === '**') {
      p = normalize(itemPath)
      // minimatch matches `/foo/**` against `/foo/` but not `/foo`.
      if (!p.endsWith('/') && !this.isImplicit) p = `${p}/`
      // The walk's paths are normalised: no `.` or `..` segment, which `**`
      // would refuse.
      if (this.below !== undefined) {
        if (!p.startsWith(this.below)) return 0
        return this.trailingSeparator ? MATCH_DIRECTORY : MATCH_ALL
      }
    } else {
      p = trimTrailing(itemPath)
    }
    if (!this.minimatch.match(p)) return 0
    return this.trailingSeparator ? MATCH_DIRECTORY : MATCH_ALL
  }

  /** Whether something below `itemPath` may match. */
  partialMatch(itemPath: string): boolean {
    const p = trimTrailing(itemPath)
    if (path.posix.dirname(p) === p) return true
    const parts = this.minimatch.set[0] ?? []
    return this.minimatch.matchOne(p.split(/\/+/), parts, true)
  }
}

/** `/a/b/` for a pattern minimatch parsed as the literal `/a/b` then `**`. */
function literalBelow(m: Minimatch): string | undefined {
  const [parts, ...others] = m.set
  if (!parts || others.length > 0 || parts.at(-1) !== GLOBSTAR) return undefined
  const literal = parts.slice(0, -1)
  if (literal.length < 2 || !literal.every((x) => typeof x === 'string')) {
    return undefined
  }
  return `${literal.join('/')}/`
}

// As @actions/glob escapes literal paths (its Pattern.globEscape).
export function globEscape(s: string): string {
  return (process.platform === 'win32' ? s : s.replace(/\\/g, '\\\\'))
    .replace(/(\[)(?=[^/]+\])/g, '[[]')
    .replace(/\?/g, '[?]')
    .replace(/\*/g, '[*]')
}
