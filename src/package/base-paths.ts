import { readdirSync } from 'node:fs'
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
export function below(dir: string, p: string): string | undefined {
  if (path.sep !== '/') return undefined
  const prefix = dir.endsWith('/') ? dir : `${dir}/`
  if (!p.startsWith(prefix) || p.length === prefix.length) return undefined
  const rel = p.slice(prefix.length)
  // Only a normalised remainder: no empty, `.` or `..` segment.
  return rel.includes('//') || /(^|\/)\.\.?(\/|$)/.test(rel) ? undefined : rel
}

/**
 * `name` in the folder `dir` (a normalised path, `/` included): joined as
 * path.join would, without normalising again a path that already is.
 */
export function childPath(dir: string, name: string): string {
  return `${dir}${dir.endsWith('/') ? '' : '/'}${name}`
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

/** The folder's names that are not UTF-8, by the string readdir gives. */
export function notUtf8Names(dir: string): Map<string, Buffer> {
  const names = new Map<string, Buffer>()
  for (const name of readdirSync(dir, { encoding: 'buffer' })) {
    const text = name.toString('utf8')
    if (!Buffer.from(text, 'utf8').equals(name)) names.set(text, name)
  }
  return names
}

/** UTF-8 as text, every other byte as `\xHH`. */
export function escapeBytes(bytes: Buffer): string {
  let out = ''
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i] ?? 0
    const size = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4
    const seq = bytes.subarray(i, i + size)
    const text = seq.toString('utf8')
    if (seq.length === size && Buffer.from(text, 'utf8').equals(seq)) {
      out += text
      i += size
    } else {
      out += `\\x${lead.toString(16).padStart(2, '0')}`
      i++
    }
  }
  return out
}
