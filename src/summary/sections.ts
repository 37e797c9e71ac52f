/**
 * The collapsed sections at the foot of the page, always in this order:
 * functions moved, warnings, size breakdown, storage keys, archive. Each
 * is left out when it has nothing to say, and its <summary> line carries
 * the gist so it rarely needs opening.
 */
import { movesOf } from './headline.js'
import { code, count, details, prose } from './markdown.js'
import { storedObject } from './regions.js'
import {
  formatBytes,
  groupDigits,
  PROVIDER_RULES,
  providerSha,
  type ArchiveInfo,
  type FunctionMove,
  type OutputContext,
  type RegionResult,
  type SizeBreakdown,
  type SummaryExtras
} from './types.js'

function layerVersion(v: number | null): string {
  return v == null ? '—' : String(v)
}

/**
 * A function given as an ARN is shown by name (and qualifier): the region
 * is already on the line, and a whole ARN would wrap.
 */
function functionName(name: string): string {
  return /^arn:[^:]+:lambda:[^:]*:\d*:function:(.+)$/.exec(name)?.[1] ?? name
}

function tally(statuses: string[]): string {
  const n = new Map<string, number>()
  for (const s of statuses) n.set(s, (n.get(s) ?? 0) + 1)
  return [...n].map(([s, k]) => `${k} ${s}`).join(', ')
}

function functionLine(region: string, f: FunctionMove): string {
  const bits = [
    `${layerVersion(f.from)} → ${layerVersion(f.to)}`,
    prose(f.status)
  ]
  if (f.version != null)
    bits.push(`function version ${prose(String(f.version))}`)
  if (f.alias) bits.push(`alias ${code(f.alias)}`)
  if (f.error) bits.push(prose(f.error))
  return `- ${code(region)} ${code(functionName(f.name))}: ${bits.join(', ')}`
}

export function functionsSection(
  results: RegionResult[],
  extras: SummaryExtras
): string[] {
  const lines = results.flatMap((r) =>
    movesOf(r, extras).map((f) => functionLine(r.region, f))
  )
  if (lines.length === 0) return []
  const all = results.flatMap((r) => movesOf(r, extras))
  return details(
    `Functions moved (${all.length}): ${tally(all.map((f) => f.status))}`,
    lines
  )
}

export function warningsSection(extras: SummaryExtras): string[] {
  const warnings = extras.warnings ?? []
  if (warnings.length === 0) return []
  return details(
    `Warnings (${warnings.length})`,
    warnings.map((w) => `- ${prose(w)}`)
  )
}

function limitText(size: SizeBreakdown): string {
  if (size.limitShare === undefined) return ''
  const limit =
    size.limitBytes !== undefined
      ? `the ${formatBytes(size.limitBytes)} `
      : 'the '
  return `${Math.round(size.limitShare * 100)}% of ${limit}unzipped limit`
}

function sizeBody(size: SizeBreakdown): string[] {
  const body: string[] = []
  const limit = limitText(size)
  if (limit) body.push(`The layer alone uses ${limit}.`, '')
  if (size.largest.length > 0) {
    body.push('Largest packages (unzipped):', '')
    for (const p of size.largest) {
      body.push(`- ${formatBytes(p.bytes)} ${code(p.path)}`)
    }
    body.push('')
  }
  const dupes = size.duplicateCount ?? size.duplicates.length
  if (size.duplicates.length > 0) {
    body.push(
      dupes > size.duplicates.length
        ? `Packages present more than once (the costliest ${size.duplicates.length} of ${dupes}):`
        : 'Packages present more than once:',
      ''
    )
    for (const d of size.duplicates) {
      body.push(
        `- ${code(d.name)}: ${count(d.paths.length, 'copy', 'copies')}, ${formatBytes(d.bytes)} extra: ${d.paths.map(code).join(', ')}`
      )
    }
    body.push('')
  }
  return body
}

export function sizeSection(extras: SummaryExtras): string[] {
  const size = extras.size
  if (!size) return []
  const body = sizeBody(size)
  if (body.length === 0) return []
  const dupes = size.duplicateCount ?? size.duplicates.length
  const gist = [
    limitText(size),
    dupes > 0 ? count(dupes, 'duplicated package') : ''
  ].filter((s) => s !== '')
  return details(
    gist.length > 0 ? `Size: ${gist.join(', ')}` : 'Size',
    body.slice(0, -1)
  )
}

/** The full object keys, which the visible line only abbreviates. */
export function storageSection(results: RegionResult[]): string[] {
  const lines = results.flatMap((r) =>
    storedObject(r.storage) ? [`- ${code(r.region)}: ${code(r.storage)}`] : []
  )
  return lines.length > 0 ? details('Storage', lines) : []
}

export function archiveSection(
  archive: ArchiveInfo,
  ctx: OutputContext
): string[] {
  const bytes = (n: number): string =>
    `${formatBytes(n)} (${groupDigits(n)} bytes)`
  const rows = [
    '| Fact | Value |',
    '|---|---|',
    `| SHA-256 | ${code(archive.sha256)} |`,
    `| Code SHA-256 (${PROVIDER_RULES[ctx.provider].shaEncoding}) | ${code(providerSha(ctx.provider, archive.sha256))} |`,
    `| Size | ${bytes(archive.size)} |`,
    `| Unzipped | ${bytes(archive.unzippedSize)} |`,
    `| Entries | ${groupDigits(archive.entryCount)} |`
  ]
  if (archive.path === '') {
    rows.push(
      '| Built | no: the newest version was built from these very files (its archive carries their fingerprint) |'
    )
  }
  return details(
    `Archive: ${formatBytes(archive.size)} zipped, ${formatBytes(archive.unzippedSize)} unzipped, ${count(archive.entryCount, 'entry', 'entries')}`,
    rows
  )
}
