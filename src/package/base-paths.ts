import * as path from 'node:path'

/** `p` as an archive-style name relative to `base` (`/`-separated). */
export function toName(base: string, p: string): string {
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
export function isInside(dir: string, p: string, allowSame: boolean): boolean {
  if (below(dir, p) !== undefined) return true
  const rel = path.relative(dir, p)
  if (rel === '') return allowSame
  return (
    rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel)
  )
}
