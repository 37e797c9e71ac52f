/**
 * The per-region part of the page: a narrow table, the identifiers people
 * copy, where the archive went, and what was shared or deleted.
 *
 * Layout rule: a table column never holds a long unbreakable value. An
 * ARN of a 64-character layer name is ~116 monospace characters, nearly
 * the whole 1012 px pane on its own; in a table beside other columns it
 * wraps or scrolls. So ARNs go in a code block (one per line, never
 * wrapped) and storage keys are shortened here and given in full in a
 * collapsed section.
 */
import { code, count, prose } from './markdown.js'
import {
  PROVIDER_RULES,
  type OutputContext,
  type RegionResult
} from './types.js'

export const STATUS_LABEL: Record<RegionResult['status'], string> = {
  published: '✅ published',
  unchanged: '⏸️ unchanged',
  planned: '📝 planned',
  failed: '❌ failed'
}

/** Tencent has no ARNs: a version is named `name:version`. */
function tencentId(r: RegionResult): string {
  return r.version != null ? `${r.layerName}:${r.version}` : r.layerName
}

export function regionTable(
  results: RegionResult[],
  ctx: OutputContext
): string[] {
  const tencent = ctx.provider === 'tencent'
  const lines = tencent
    ? ['| Region | Version | Layer | Status |', '|---|---|---|---|']
    : ['| Region | Version | Status |', '|---|---|---|']
  for (const r of results) {
    const id = tencent ? ` ${code(tencentId(r))} |` : ''
    lines.push(
      `| ${r.region} | ${r.version ?? '—'} |${id} ${STATUS_LABEL[r.status]} |`
    )
  }
  return [...lines, '']
}

/** AWS only: every layer version ARN on its own line, ready to copy. */
export function arnBlock(
  results: RegionResult[],
  ctx: OutputContext
): string[] {
  if (ctx.provider !== 'aws') return []
  const arns = [
    ...new Set(results.map((r) => r.layerVersionArn).filter((a) => a !== ''))
  ]
  if (arns.length === 0) return []
  const label = arns.length === 1 ? 'Layer version ARN' : 'Layer version ARNs'
  return [`${label}:`, '', '```text', ...arns, '```', '']
}

export interface StoredObject {
  bucket: string
  key: string
}

/** `bucket/key` as publish.ts records it; bucket names never hold a `/`. */
export function storedObject(storage: string): StoredObject | undefined {
  const slash = storage.indexOf('/')
  if (slash <= 0) return undefined
  return { bucket: storage.slice(0, slash), key: storage.slice(slash + 1) }
}

/** `publish-layer/shared-deps/3f5a…(64 hex).zip` → `publish-layer/…/3f5a0c9be41d….zip`. */
export function shortKey(key: string): string {
  const parts = key.split('/')
  const last = (parts.at(-1) ?? '').replace(
    /^([0-9a-f]{12})[0-9a-f]{20,}(\.zip)$/,
    '$1…$2'
  )
  return parts.length > 2
    ? `${parts[0]}/…/${last}`
    : [...parts.slice(0, -1), last].join('/')
}

/**
 * The buckets of one key, as the `bucket` input is usually written: when
 * every bucket is its region's name in one pattern, the pattern once
 * (`my-layers-{region}`) instead of twenty names.
 */
function bucketsText(pairs: { region: string; bucket: string }[]): string {
  const buckets = [...new Set(pairs.map((p) => p.bucket))]
  const patterns = new Set(
    pairs.map((p) => p.bucket.replaceAll(p.region, '{region}'))
  )
  const [pattern] = patterns
  if (
    buckets.length > 1 &&
    patterns.size === 1 &&
    pattern?.includes('{region}')
  ) {
    return `buckets ${code(pattern)}`
  }
  return `${buckets.length === 1 ? 'bucket' : 'buckets'} ${buckets.map(code).join(', ')}`
}

/** One line: which buckets, the short key, and how many regions went inline. */
export function storageLine(
  results: RegionResult[],
  ctx: OutputContext
): string[] {
  const service = PROVIDER_RULES[ctx.provider].storage.name
  const byKey = new Map<string, { region: string; bucket: string }[]>()
  let inline = 0
  for (const r of results) {
    if (r.storage === 'inline') inline++
    const obj = storedObject(r.storage)
    if (!obj) continue
    byKey.set(obj.key, [
      ...(byKey.get(obj.key) ?? []),
      { region: r.region, bucket: obj.bucket }
    ])
  }
  const parts = [...byKey].map(
    ([key, pairs]) =>
      `${service} ${bucketsText(pairs)}, key ${code(shortKey(key))}`
  )
  if (inline > 0) {
    parts.push(
      byKey.size === 0 && inline === results.length
        ? 'inline (no bucket)'
        : `inline for ${count(inline, 'region')}`
    )
  }
  if (parts.length === 0) return []
  const more = byKey.size > 0 ? ' (full keys under Storage below)' : ''
  return [`Storage: ${parts.join('; ')}${more}.`, '']
}

/**
 * What each region shared, deleted and kept because a function still uses
 * it (or, in a dry run, would).
 */
export function regionNotes(
  results: RegionResult[],
  ctx: OutputContext
): string[] {
  const verb = ctx.dryRun ? 'would ' : ''
  const notes = results.flatMap((r) => {
    const bits: string[] = []
    if (r.sharedWith.length > 0) {
      bits.push(
        `${verb}${ctx.dryRun ? 'share' : 'shared'} with ${r.sharedWith.map(prose).join(', ')}`
      )
    }
    if (r.deletedVersions.length > 0) {
      bits.push(
        `${verb}${ctx.dryRun ? 'delete' : 'deleted'} version${r.deletedVersions.length > 1 ? 's' : ''} ${r.deletedVersions.join(', ')}`
      )
    }
    for (const k of r.keptInUse ?? []) {
      const by =
        k.functions.length > 0 ? ` by ${k.functions.map(code).join(', ')}` : ''
      bits.push(
        `${ctx.dryRun ? 'would keep' : 'kept'} version ${k.version}, in use${by}`
      )
    }
    return bits.length > 0 ? [`- ${code(r.region)}: ${bits.join('; ')}`] : []
  })
  return notes.length > 0 ? [...notes, ''] : []
}
