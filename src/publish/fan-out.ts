/**
 * The fan-out over regions: every region is attempted, at most four at
 * once, each with its own provider; one region's failure is reported with
 * the others at the end instead of stopping them.
 */
import { errorMessage, throwIfCancelled } from '../errors.js'
import type { Logger } from '../log.js'
import type { ArchiveInfo } from '../package/types.js'
import type { LayerProvider } from '../providers/types.js'
import type { RegionReads } from '../skip/first-reads.js'
import { PROVIDER_RULES } from '../providers/rules.js'
import { mapLimit } from '../util/concurrency.js'
import { emptyResult, type PublishPlan, type RegionResult } from './plan.js'
import { publishRegion } from './region.js'
import { needsUpload } from './storage.js'

/** Publishes to every region (bounded parallelism), creating each region's provider. */
export async function publishAll(
  regions: string[],
  makeProvider: (region: string) => Promise<LayerProvider>,
  archive: ArchiveInfo,
  plan: PublishPlan,
  log: Logger,
  concurrency = 4,
  known: RegionReads[] = []
): Promise<RegionResult[]> {
  return mapLimit(regions, concurrency, async (region) => {
    let provider: LayerProvider
    try {
      // A cancelled step starts no new region.
      throwIfCancelled(plan.signal)
      provider = await makeProvider(region)
    } catch (error) {
      return { ...emptyResult(region, plan), error: errorMessage(error) }
    }
    const reads = known.find((r) => r.region === region)
    return publishRegion(provider, archive, plan, log, reads)
  })
}

/** The log group's title: where the archive goes, and how. */
export function publishTitle(
  regions: string[],
  archive: ArchiveInfo,
  plan: PublishPlan
): string {
  const rules = PROVIDER_RULES[plan.provider]
  const via = needsUpload(archive.size, plan.upload, rules.maxInlineBytes)
    ? 'via object storage'
    : 'inline'
  return `Publish to ${rules.displayName} (${regions.join(', ')}), ${via}`
}

/** The step's failure, naming each failed region; undefined when none failed. */
export function failureOf(results: RegionResult[]): Error | undefined {
  const failed = results.filter((r) => r.status === 'failed')
  const functions = results.flatMap((r) =>
    r.functions
      .filter((f) => f.status === 'failed')
      .map((f) => `${r.region}: function ${f.name}: ${f.error ?? 'failed'}`)
  )
  if (failed.length === 0 && functions.length === 0) return undefined
  const lines = failed.map((r) => `${r.region}: ${r.error}`)
  const parts: string[] = []
  if (failed.length > 0) {
    parts.push(
      failed.length === 1 && results.length === 1
        ? lines[0]!
        : `Publishing failed in ${failed.length} of ${results.length} regions:\n${lines.join('\n')}`
    )
  }
  if (functions.length > 0) {
    parts.push(
      `${functions.length === 1 ? 'One function was' : `${functions.length} functions were`} not moved to the new layer version:\n${functions.join('\n')}`
    )
  }
  return new Error(parts.join('\n'))
}
