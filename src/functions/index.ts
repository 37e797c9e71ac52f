/**
 * The functions phase of a region: after its version is published (or
 * found unchanged), move every function named in update-functions to it.
 * Runs on unchanged runs too, so a re-run repairs functions an earlier run
 * did not reach; a region whose publish failed moves none.
 */
import type { Logger } from '../log.js'
import type { LayerUse } from '../providers/functions.js'
import type { LayerProvider } from '../providers/types.js'
import type { PublishPlan, RegionResult } from '../publish/plan.js'
import { mapLimit } from '../util/concurrency.js'
import { realSleep } from '../util/retry.js'
import { moveFunction, type FunctionMove } from './move.js'
import { functionsIn } from './refs.js'

export type { FunctionMove } from './move.js'

/** Updates refused because the function changed meanwhile, at most. */
const MAX_CONFLICTS = 3

/**
 * The version functions move to, with the layer's identity across its
 * versions (the layer ARN where the provider has one, else its name). In a
 * dry run of a new version, that is the version after the newest.
 */
async function targetOf(
  provider: LayerProvider,
  plan: PublishPlan,
  result: RegionResult
): Promise<LayerUse> {
  if (result.version !== null) {
    return { layer: result.layerArn || plan.layerId, version: result.version }
  }
  const [newest] = await provider.listVersions(plan.layerId)
  if (!newest) return { layer: plan.layerId, version: 1 }
  const v = await provider.getVersion(plan.layerId, newest.version)
  return { layer: v.layerArn ?? plan.layerId, version: newest.version + 1 }
}

function describeMove(m: FunctionMove): string {
  switch (m.status) {
    case 'updated':
      return `moved ${m.name} from version ${m.from} to ${m.to}${m.version ? `, published function version ${m.version}` : ''}${m.alias ? ` (alias ${m.alias})` : ''}`
    case 'planned':
      return `would move ${m.name} from :${m.from} to :${m.to}`
    case 'up to date':
      return `${m.name} already uses version ${m.to}${m.version ? ` (function version ${m.version})` : ''}`
    case 'failed':
      return `function ${m.name}: ${m.error ?? 'failed'}`
  }
}

export async function moveFunctions(
  provider: LayerProvider,
  plan: PublishPlan,
  result: RegionResult,
  log: Logger
): Promise<void> {
  const refs = functionsIn(plan.functions.targets, result.region)
  if (refs.length === 0 || result.status === 'failed') return
  const api = provider.functions
  if (!api) throw new Error(`${provider.id} cannot update functions`)
  const target = await targetOf(provider, plan, result)
  const moves = await mapLimit(refs, 4, (fn) =>
    moveFunction(api, fn, target, {
      dryRun: plan.dryRun,
      publishVersion: plan.functions.publishVersion,
      ...(plan.functions.alias !== undefined && {
        alias: plan.functions.alias
      }),
      waitTimeoutMs: plan.functions.waitTimeoutSeconds * 1000,
      maxConflicts: MAX_CONFLICTS,
      sleep: plan.sleep ?? realSleep,
      now: plan.now ?? Date.now,
      ...(plan.signal && { signal: plan.signal })
    })
  )
  for (const m of moves) {
    const line = `[${result.region}] ${describeMove(m)}`
    if (m.status === 'failed') log.warning(line)
    else log.info(line)
  }
  result.functions.push(...moves)
}
