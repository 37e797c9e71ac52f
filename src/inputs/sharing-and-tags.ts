/** share-with (AWS layer permissions) and tags (SCF layer tags). */
import { InputError } from '../errors.js'
import type { ProviderRules } from '../providers/rules.js'
import { Input, type InputReader } from './names.js'
import { splitList } from './parsers.js'
import type { Principal } from './types.js'

function parsePrincipal(item: string): Principal {
  if (/^\d{12}$/.test(item)) return { kind: 'account', id: item }
  if (/^o-[a-z0-9]{10,32}$/.test(item))
    return { kind: 'organization', id: item }
  if (item === 'public') return { kind: 'public' }
  throw new InputError(
    Input.ShareWith,
    `each entry must be a 12-digit account id, an organization id (o- and 10-32 lower-case letters or digits) or 'public', got '${item}'`
  )
}

export function readShareWith(
  read: InputReader,
  rules: ProviderRules
): Principal[] {
  const items = splitList(read(Input.ShareWith))
  if (items.length > 0 && !rules.supportsSharing) {
    throw new InputError(
      Input.ShareWith,
      `is not supported by ${rules.displayName} (it has no layer permission API); remove it`
    )
  }
  const seen = new Set<string>()
  const out: Principal[] = []
  for (const item of items) {
    const p = parsePrincipal(item)
    const key = p.kind === 'public' ? 'public' : p.id
    if (!seen.has(key)) out.push(p)
    seen.add(key)
  }
  return out
}

function parseTag(line: string, tags: Record<string, string>): void {
  const eq = line.indexOf('=')
  if (eq <= 0) {
    throw new InputError(
      Input.Tags,
      `each line must be key=value, got '${line}'`
    )
  }
  const key = line.slice(0, eq).trim()
  const value = line.slice(eq + 1).trim()
  if (key.length > 127 || value.length > 255) {
    throw new InputError(
      Input.Tags,
      `keys are at most 127 and values at most 255 characters ('${key}')`
    )
  }
  if (key in tags) {
    throw new InputError(Input.Tags, `key '${key}' is given twice`)
  }
  tags[key] = value
}

export function readTags(
  read: InputReader,
  rules: ProviderRules
): Record<string, string> {
  const raw = read(Input.Tags)
  if (raw !== '' && !rules.supportsTags) {
    throw new InputError(
      Input.Tags,
      `is only supported with provider 'tencent'; remove it`
    )
  }
  const tags: Record<string, string> = {}
  for (const line of raw.split(/\r?\n/)) {
    const t = line.trim()
    if (t !== '') parseTag(t, tags)
  }
  return tags
}
