/**
 * @actions/glob's globber, made with the options the walk follows
 * (glob-walk.ts), and its refusals told in the user's terms.
 */
import * as glob from '@actions/glob'
import { readlinkSync } from 'node:fs'
import { InputError, PackagingError, errorMessage } from '../errors.js'
import { toName } from './base-paths.js'
import { globEscape } from './glob-pattern.js'

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
 * glob.create, its refusals told in the user's terms: its messages quote the
 * pattern anchored at the base, an absolute path the user never wrote.
 */
export async function createGlobber(
  lines: string[],
  follow: boolean,
  base: string
): Promise<glob.Globber> {
  try {
    return await glob.create(lines.join('\n'), globOptions(follow))
  } catch (err) {
    const message = errorMessage(err)
    const line = await firstRefused(lines, follow)
    const written = line === undefined ? '' : ` "${userPattern(line, base)}"`
    const rule = /Relative pathing/.test(message)
      ? 'names a "." or ".." folder (escaped or not), which patterns may not'
      : /too long/.test(message)
        ? "is too long (the matcher takes at most 65,536 characters, base-directory's path included)"
        : `is not a pattern @actions/glob accepts (${hideBase(message, base)})`
    throw new InputError('path', `pattern${written} ${rule}`, { cause: err })
  }
}

/** The message without the base's absolute path, as written or escaped. */
function hideBase(message: string, base: string): string {
  const named = (text: string, s: string) =>
    text.split(s).join('<base-directory>')
  return named(named(message, globEscape(base)), base)
}

/** The line glob.create refuses on its own (only on the failure path). */
async function firstRefused(
  lines: string[],
  follow: boolean
): Promise<string | undefined> {
  for (const line of lines) {
    try {
      await glob.create(line, globOptions(follow))
    } catch {
      return line
    }
  }
  return undefined
}

/** An anchored line as the user wrote it: relative to the base. */
function userPattern(line: string, base: string): string {
  const bangs = /^!*/.exec(line)?.[0] ?? ''
  const anchored = line.slice(bangs.length)
  const escapedBase = globEscape(base)
  const rel = anchored.startsWith(escapedBase)
    ? anchored.slice(escapedBase.length).replace(/^\//, '')
    : anchored
  const shown = bangs + (rel === '' ? '.' : rel)
  return shown.length > 200 ? `${shown.slice(0, 200)}…` : shown
}

export function listingError(err: unknown, base: string): Error {
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
