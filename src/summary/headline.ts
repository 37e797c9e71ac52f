/**
 * The sentence under the title and the failures right after it: what a
 * reader needs before any table.
 */
import { code, count, prose } from './markdown.js'
import type {
  FunctionMove,
  OutputContext,
  RegionResult,
  SummaryExtras
} from './types.js'

/** `version 14 to 2 regions and version 3 to 1 region`, in first-seen order. */
function versionsTo(published: RegionResult[]): string {
  const byVersion = new Map<string, number>()
  for (const r of published) {
    const v = r.version != null ? `version ${r.version}` : 'a new version'
    byVersion.set(v, (byVersion.get(v) ?? 0) + 1)
  }
  return [...byVersion]
    .map(([v, n]) => `${v} to ${count(n, 'region')}`)
    .join(' and ')
}

/** A region's function moves: given apart in `extras`, else in the result. */
export function movesOf(
  r: RegionResult,
  extras: SummaryExtras
): FunctionMove[] {
  return extras.functions?.[r.region] ?? r.functions ?? []
}

function functionFailures(
  results: RegionResult[],
  extras: SummaryExtras
): number {
  return results
    .flatMap((r) => movesOf(r, extras))
    .filter((f) => f.status === 'failed').length
}

/**
 * "Published version 14 to 3 regions; 1 unchanged; 1 failed." Counts
 * regions, not calls, so it reads the same for one region or twenty.
 */
export function headline(
  results: RegionResult[],
  ctx: OutputContext,
  extras: SummaryExtras = {}
): string {
  const of = (s: RegionResult['status']): RegionResult[] =>
    results.filter((r) => r.status === s)
  const published = of('published')
  const planned = of('planned')
  const parts: string[] = []
  if (published.length > 0) parts.push(`Published ${versionsTo(published)}`)
  if (planned.length > 0) {
    parts.push(
      `Would publish a new version to ${count(planned.length, 'region')}`
    )
  }
  if (parts.length === 0) {
    parts.push(ctx.dryRun ? 'Would publish nothing' : 'Published nothing')
  }
  const unchanged = of('unchanged').length
  if (unchanged > 0) parts.push(`${unchanged} unchanged`)
  const failed = of('failed').length
  if (failed > 0) parts.push(`${failed} failed`)
  const fnFailed = functionFailures(results, extras)
  if (fnFailed > 0) {
    parts.push(`${count(fnFailed, 'function update')} failed`)
  }
  const warnings = extras.warnings?.length ?? 0
  if (warnings > 0) parts.push(count(warnings, 'warning'))
  return `${parts.join('; ')}.`
}

/** One line per failure, region failures first, each with its error. */
export function failureLines(
  results: RegionResult[],
  extras: SummaryExtras = {}
): string[] {
  const lines = results
    .filter((r) => r.status === 'failed')
    .map((r) => `- ${code(r.region)}: ${prose(r.error)}`)
  for (const r of results) {
    for (const f of movesOf(r, extras)) {
      if (f.status !== 'failed') continue
      lines.push(
        `- ${code(r.region)}: function ${code(f.name)}: ${prose(f.error ?? 'failed')}`
      )
    }
  }
  return lines
}
