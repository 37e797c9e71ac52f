/**
 * keep-versions: deletes what is older than the newest N. A failed delete
 * is a warning, not a failure: the release itself succeeded.
 */
import { errorMessage, ProviderError } from '../errors.js'
import type { Logger } from '../log.js'
import type { LayerProvider } from '../providers/types.js'
import type { KeptVersion, PublishPlan, RegionResult } from './plan.js'

/** Versions to delete so that only the newest `keep` remain, never `current`. */
export function versionsToDelete(
  versions: number[],
  keep: number,
  current: number
): number[] {
  if (keep <= 0) return []
  const newestFirst = [...new Set(versions)].sort((a, b) => b - a)
  return newestFirst.slice(keep).filter((v) => v !== current)
}

export async function retain(
  provider: LayerProvider,
  plan: PublishPlan,
  result: RegionResult,
  log: Logger
): Promise<void> {
  if (plan.keepVersions <= 0) return
  const region = result.region
  let existing: number[]
  try {
    existing = (await provider.listVersions(plan.layerId)).map((v) => v.version)
  } catch (error) {
    log.warning(
      `[${region}] keep-versions: could not list versions: ${errorMessage(error)}`
    )
    return
  }
  // In a dry run of a new version, that version would be the newest.
  const planned =
    result.version === null ? Math.max(0, ...existing) + 1 : result.version
  const all = result.version === null ? [planned, ...existing] : existing
  const doomed = versionsToDelete(all, plan.keepVersions, planned)
  if (doomed.length === 0) return
  const users = await usersOf(provider, plan, result, log)
  if (users === undefined) return
  for (const v of doomed.filter((d) => users.has(d))) {
    keep(result, { version: v, functions: users.get(v) ?? [] }, plan, log)
  }
  const free = doomed.filter((d) => !users.has(d))
  if (plan.dryRun) {
    result.deletedVersions.push(...free)
    if (free.length > 0) {
      log.info(
        `[${region}] would delete versions ${free.join(', ')} (keep-versions: ${plan.keepVersions})`
      )
    }
    return
  }
  for (const v of free) await deleteOne(provider, plan, result, v, log)
}

async function deleteOne(
  provider: LayerProvider,
  plan: PublishPlan,
  result: RegionResult,
  v: number,
  log: Logger
): Promise<void> {
  try {
    await provider.deleteVersion(plan.layerId, v)
    result.deletedVersions.push(v)
    log.info(
      `[${result.region}] deleted version ${v} (keep-versions: ${plan.keepVersions})`
    )
  } catch (error) {
    if (error instanceof ProviderError && error.kind === 'in-use') {
      keep(result, { version: v, functions: [] }, plan, log)
      return
    }
    log.warning(
      `[${result.region}] keep-versions: could not delete version ${v}: ${errorMessage(error)}`
    )
  }
}

function keep(
  result: RegionResult,
  kept: KeptVersion,
  plan: PublishPlan,
  log: Logger
): void {
  result.keptInUse.push(kept)
  const who =
    kept.functions.length > 0
      ? `used by ${kept.functions.join(', ')}`
      : 'still bound to a function'
  log.info(
    `[${result.region}] kept version ${kept.version}, ${who} (keep-versions: ${plan.keepVersions} never deletes a version in use)`
  )
}

/**
 * Which versions functions still use, where the provider can list them;
 * an empty map where it cannot (SCF refuses to delete a bound version
 * instead). Undefined when listing failed: then nothing is deleted, since
 * deleting blind could break a function.
 */
async function usersOf(
  provider: LayerProvider,
  plan: PublishPlan,
  result: RegionResult,
  log: Logger
): Promise<Map<number, string[]> | undefined> {
  const list = provider.functions?.layerUsers
  if (!list) return new Map()
  try {
    return await list.call(provider.functions, result.layerArn || plan.layerId)
  } catch (error) {
    log.warning(
      `[${result.region}] keep-versions: could not tell which versions functions use, so none was deleted: ${errorMessage(error)}`
    )
    return undefined
  }
}
