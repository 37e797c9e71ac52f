/**
 * Publishing one version safely: our own retries, so that a publish whose
 * response was lost (the provider committed it, the connection died) is
 * found rather than published twice; then, if concurrent runs published the
 * same archive, everyone keeps the oldest of those versions.
 */
import { errorMessage, ProviderError, throwIfCancelled } from '../errors.js'
import type { Logger } from '../log.js'
import type { ArchiveInfo } from '../package/types.js'
import type {
  LayerContent,
  LayerProvider,
  LayerSettings,
  LayerVersion
} from '../providers/types.js'
import { sameVersionsSince } from '../skip/versions.js'
import { realSleep, retry } from '../util/retry.js'
import type { PublishPlan } from './plan.js'

/** Longest wait for a publish that got no answer to show up (see below). */
const MAX_GRACE_MS = 60_000
const POLL_MS = 1000

/** What one region's publish works with. */
export interface PublishStep {
  provider: LayerProvider
  plan: PublishPlan
  settings: LayerSettings
  archive: ArchiveInfo
  /** No version at or below this can hold the archive (skip check's floor). */
  newestBefore: number
  log: Logger
}

/** Versions above the floor that hold this archive, oldest first. */
export function sameSinceFloor(step: PublishStep): Promise<LayerVersion[]> {
  const { provider, plan, archive, settings, newestBefore, log } = step
  return sameVersionsSince(
    provider,
    plan.layerId,
    newestBefore,
    archive.sha256,
    settings,
    log
  )
}

/**
 * Looks for a version holding this archive, published after the floor: at
 * once, then each second for up to `graceMs`.
 */
async function findPublished(
  step: PublishStep,
  graceMs: number
): Promise<LayerVersion[]> {
  const sleep = step.plan.sleep ?? realSleep
  const polls = Math.ceil(graceMs / POLL_MS)
  for (let i = 0; ; i++) {
    const found = await sameSinceFloor(step)
    if (found.length > 0 || i >= polls) return found
    await sleep(Math.min(POLL_MS, graceMs - i * POLL_MS))
  }
}

/** One publish attempt; a failed one first looks for a version it made. */
async function attemptPublish(
  step: PublishStep,
  content: LayerContent
): Promise<LayerVersion> {
  const { provider, plan, settings, archive, log } = step
  const now = plan.now ?? Date.now
  throwIfCancelled(plan.signal)
  const started = now()
  try {
    return await provider.publishLayer(settings, content, archive.sha256)
  } catch (error) {
    if (!(error instanceof ProviderError && error.retryable)) throw error
    // No answer at all (timeout, reset): the provider may still be at work
    // on it. Give it twice as long as it already took to show the version
    // before publishing again, so a late commit is not doubled.
    const graceMs = ProviderError.isUnanswered(error)
      ? Math.min(MAX_GRACE_MS, 2 * (now() - started))
      : 0
    const [found] = await findPublished(step, graceMs)
    if (!found) throw error
    const mine =
      (await provider.waitUntilUsable?.(plan.layerId, found.version)) ?? found
    log.info(
      `[${provider.region}] the publish response was lost, but version ${mine.version} holds this archive; using it instead of publishing again`
    )
    return mine
  }
}

/** Concurrent runs with the same content each publish; all keep the oldest. */
async function keepOldest(
  step: PublishStep,
  mine: LayerVersion
): Promise<LayerVersion> {
  const { provider, plan, log } = step
  const region = provider.region
  const [winner] = await sameSinceFloor(step)
  if (!winner || winner.version >= mine.version) return mine
  log.info(
    `[${region}] another run published this archive as version ${winner.version}; deleting the duplicate version ${mine.version}`
  )
  try {
    await provider.deleteVersion(plan.layerId, mine.version)
  } catch (error) {
    log.warning(
      `[${region}] could not delete duplicate version ${mine.version}: ${errorMessage(error)}`
    )
    return mine
  }
  return (
    (await provider.waitUntilUsable?.(plan.layerId, winner.version)) ?? winner
  )
}

/** Publishes once, however many attempts and concurrent runs that takes. */
export async function publishVersion(
  step: PublishStep,
  content: LayerContent
): Promise<LayerVersion> {
  const { plan, log } = step
  const mine = await retry(() => attemptPublish(step, content), {
    attempts: plan.maxAttempts,
    isRetryable: (e) => e instanceof ProviderError && e.retryable,
    ...(plan.sleep && { sleep: plan.sleep }),
    ...(plan.random && { random: plan.random }),
    onRetry: (error, attempt, delayMs) =>
      log.info(
        `[${step.provider.region}] publish attempt ${attempt} of ${plan.maxAttempts} failed (${errorMessage(error)}); retrying in ${delayMs} ms`
      )
  })
  return keepOldest(step, mine)
}
