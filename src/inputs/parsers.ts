/**
 * Strict parsers for one input each: a value that does not parse is an
 * InputError naming the input, never a silent default.
 */
import { InputError } from '../errors.js'
import type { InputReader } from './names.js'

/** Splits a list input on newlines and on commas outside `{}`/`[]`. */
export function splitList(raw: string): string[] {
  const out: string[] = []
  for (const line of raw.split(/\r?\n/)) {
    let depth = 0
    let current = ''
    for (const ch of line) {
      if (ch === '{' || ch === '[') depth++
      if (ch === '}' || ch === ']') depth = Math.max(0, depth - 1)
      if (ch === ',' && depth === 0) {
        out.push(current)
        current = ''
      } else {
        current += ch
      }
    }
    out.push(current)
  }
  return out.map((s) => s.trim()).filter((s) => s.length > 0)
}

/** A list input with duplicates removed, in the order given. */
export function readList(read: InputReader, name: string): string[] {
  return [...new Set(splitList(read(name)))]
}

export function parseBoolean(
  read: InputReader,
  name: string,
  def: boolean
): boolean {
  const raw = read(name)
  if (raw === '') return def
  if (['true', 'True', 'TRUE'].includes(raw)) return true
  if (['false', 'False', 'FALSE'].includes(raw)) return false
  throw new InputError(name, `must be true or false, got '${raw}'`)
}

export function parseInteger(
  read: InputReader,
  name: string,
  def: number,
  min: number,
  max: number
): number {
  const raw = read(name)
  if (raw === '') return def
  if (!/^\d+$/.test(raw)) {
    throw new InputError(
      name,
      `must be a whole number from ${min} to ${max}, got '${raw}'`
    )
  }
  const n = Number(raw)
  if (n < min || n > max) {
    throw new InputError(name, `must be from ${min} to ${max}, got ${n}`)
  }
  return n
}

export function parseChoice<T extends string>(
  read: InputReader,
  name: string,
  choices: readonly T[],
  def: T
): T {
  const raw = read(name)
  if (raw === '') return def
  if ((choices as readonly string[]).includes(raw)) return raw as T
  throw new InputError(
    name,
    `must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got '${raw}'`
  )
}

export function parseUrl(read: InputReader, name: string): string | undefined {
  const raw = read(name)
  if (raw === '') return undefined
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new InputError(name, `must be an http(s) URL, got '${raw}'`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(name, `must be an http(s) URL, got '${raw}'`)
  }
  return raw.replace(/\/+$/, '')
}

/** A relative folder inside the archive or bucket: no `..`, not absolute. */
export function checkRelativePath(name: string, value: string): string {
  if (value.includes('\\')) {
    throw new InputError(name, `must use / as separator, got '${value}'`)
  }
  if (value.startsWith('/') || /^[A-Za-z]:/.test(value)) {
    throw new InputError(
      name,
      `must be relative (no leading /), got '${value}'`
    )
  }
  const parts = value.split('/').filter((p) => p !== '' && p !== '.')
  if (parts.includes('..')) {
    throw new InputError(name, `must not contain '..', got '${value}'`)
  }
  return parts.join('/')
}
