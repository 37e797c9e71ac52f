/*
 * The path rules for a given zip: where each entry lands when any extractor
 * writes it, and where each link entry leads. Every refusal is one
 * InputError naming `zip-file`, the entry and the rule.
 */
import { InputError } from '../errors.js'
import { DIRECTORY, FILE, LINK, type CentralTable } from './inspect-types.js'

/** Symlinks followed while resolving one target, as Linux's ELOOP limit. */
const MAX_HOPS = 40

export function refuse(rule: string): never {
  throw new InputError('zip-file', rule)
}

/** An entry's name fit for a message: unprintable characters escaped. */
export function shown(t: CentralTable, i: number): string {
  const raw = t.rawNames.get(i)
  if (raw === undefined) return escapeText(t.names[i] ?? '')
  // Not UTF-8: every byte outside printable ASCII is shown as \xNN.
  let out = ''
  for (const b of raw)
    out += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : hex(b)
  return out
}

function hex(code: number): string {
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u{${code.toString(16)}}`
}

/** Control characters, and those that reorder or hide the text around them. */
function unprintable(c: number): boolean {
  return (
    c < 0x20 ||
    (c >= 0x7f && c <= 0x9f) ||
    c === 0x200e ||
    c === 0x200f ||
    c === 0x2028 ||
    c === 0x2029 ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2066 && c <= 0x2069) ||
    c === 0xfeff
  )
}

export function escapeText(s: string): string {
  let out = ''
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0
    out += unprintable(c) ? hex(c) : ch
  }
  return out
}

/** An absolute path, a drive, a backslash or a `..` segment: outside the root. */
export function unsafeName(name: string): boolean {
  return (
    name === '' ||
    name.includes('\\') ||
    name.includes('\0') ||
    name.startsWith('/') ||
    /^[A-Za-z]:/.test(name) ||
    name.split('/').some((s) => s === '..')
  )
}

export function checkName(t: CentralTable, i: number, name: string): void {
  if (unsafeName(name)) {
    const what = name === t.names[i] ? shown(t, i) : escapeText(name)
    refuse(`entry "${what}" would extract outside the layer root`)
  }
}

/**
 * Info-ZIP's Unicode Path field names the entry for the extractors that
 * prefer it. It must stay inside the root; and for an ASCII header name
 * (the same bytes in CP437 and UTF-8) it must be that name, or two
 * extractors would write two different files.
 */
export function checkUnicodePath(
  t: CentralTable,
  i: number,
  path: string
): void {
  checkName(t, i, path)
  const name = t.names[i] ?? ''
  if (path !== name && !t.rawNames.has(i) && /^[\x20-\x7e]*$/.test(name)) {
    refuse(
      `entry "${shown(t, i)}" carries a Unicode Path field naming "${escapeText(path)}"; extractors disagree on which name they write`
    )
  }
}

/** Where an entry lands, relative to the root: no empty or `.` segments. */
export function pathKey(name: string): string {
  const plain =
    !name.endsWith('/') &&
    !name.includes('//') &&
    !name.startsWith('./') &&
    !name.includes('/./') &&
    !name.endsWith('/.') &&
    name !== '.'
  // Most names are already plain: keep the string, not a copy of it.
  return plain ? name : segments(name).join('/')
}

function segments(path: string): string[] {
  return path.split('/').filter((s) => s !== '' && s !== '.')
}

/** Each entry's landing path to its index; two entries on one path are refused. */
export function indexPaths(t: CentralTable): Map<string, number> {
  const index = new Map<string, number>()
  for (let i = 0; i < t.count; i++) {
    const key = pathKey(t.names[i] ?? '')
    if (key === '') {
      if (t.kind[i] === DIRECTORY) continue
      refuse(`entry "${shown(t, i)}" names the layer root itself, not a file`)
    }
    const first = index.get(key)
    if (first !== undefined) {
      const same = t.names[first] === t.names[i]
      refuse(
        same
          ? `entry "${shown(t, i)}" appears more than once; extractors disagree on which copy is kept`
          : `entry "${shown(t, i)}" lands on the same path as entry "${shown(t, first)}"; extractors disagree on which is kept`
      )
    }
    index.set(key, i)
  }
  return index
}

/** No entry is written through a link entry, nor under a file entry. */
export function checkParents(
  t: CentralTable,
  index: Map<string, number>
): void {
  for (let i = 0; i < t.count; i++) {
    const key = pathKey(t.names[i] ?? '')
    for (let p = key.lastIndexOf('/'); p > 0; p = key.lastIndexOf('/', p - 1)) {
      const j = index.get(key.slice(0, p))
      if (j === undefined || t.kind[j] === DIRECTORY) continue
      refuse(
        t.kind[j] === LINK
          ? `entry "${shown(t, i)}" would be written through link entry "${shown(t, j)}"`
          : `entry "${shown(t, i)}" lies under file entry "${shown(t, j)}", which an extractor would have to replace`
      )
    }
  }
}

/**
 * Every link entry's target, resolved from the link's own folder and through
 * the archive's other links, stays inside the layer root. Links that leave
 * it are refused, not published with a warning: packaging refuses links
 * that resolve outside base-directory in both symlink modes, and a given
 * zip is held to the same rule.
 */
export function checkLinks(
  t: CentralTable,
  index: Map<string, number>,
  targets: Map<number, string>
): void {
  for (const [i, target] of targets) {
    const outcome = resolveLink(t, index, targets, i)
    if (outcome === undefined) continue
    const link = `link entry "${shown(t, i)}" -> "${escapeText(target)}"`
    refuse(
      outcome === 'loop'
        ? `${link} passes through more than ${MAX_HOPS} links (a loop); links must resolve inside the layer root`
        : `${link} resolves outside the layer root`
    )
  }
}

function absolute(target: string): boolean {
  return target.startsWith('/') || /^[A-Za-z]:[\\/]/.test(target)
}

/** 'outside' or 'loop' when the link leads there; undefined when it stays in. */
function resolveLink(
  t: CentralTable,
  index: Map<string, number>,
  targets: Map<number, string>,
  link: number
): 'outside' | 'loop' | undefined {
  const first = targets.get(link) ?? ''
  if (absolute(first)) return 'outside'
  const at = segments(pathKey(t.names[link] ?? ''))
  at.pop()
  const pending = segments(first)
  let hops = 0
  for (let seg = pending.shift(); seg !== undefined; seg = pending.shift()) {
    if (seg === '..') {
      if (at.pop() === undefined) return 'outside'
      continue
    }
    at.push(seg)
    const j = index.get(at.join('/'))
    if (j === undefined || t.kind[j] !== LINK) continue
    if (++hops > MAX_HOPS) return 'loop'
    const next = targets.get(j) ?? ''
    if (absolute(next)) return 'outside'
    // The link's own segment is replaced by its target, read from its folder.
    at.pop()
    pending.unshift(...segments(next))
  }
  return undefined
}

/** At least one entry a layer can use. */
export function checkHasFile(t: CentralTable): void {
  for (let i = 0; i < t.count; i++) if (t.kind[i] === FILE) return
  refuse('holds no file entries; a layer needs at least one file')
}
