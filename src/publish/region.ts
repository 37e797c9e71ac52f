/**
 * Publishing in one region: skip check, upload or inline, publish (with
 * lost-response recovery), then sharing and retention. Never throws:
 * failures come back as status `failed`, so one region cannot stop others.
 */
import { readFile } from 'node:fs/promises'
import {
  errorMessage,
  PackagingError,
  ProviderError,
  throwIfCancelled
} from '../errors.js'
import { moveFunctions } from '../functions/index.js'
import type { Logger } from '../log.js'
import type { ArchiveInfo } from '../package/types.js'
import type {
  LayerContent,
  LayerProvider,
  LayerVersion
} from '../providers/types.js'
import { FirstReads, type RegionReads } from '../skip/first-reads.js'
import { checkUnchanged, type UnchangedCheck } from '../skip/versions.js'
import { emptyResult, type PublishPlan, type RegionResult } from './plan.js'
import {
  publishVersion,
  sameSinceFloor,
  type PublishStep
} from './publish-version.js'
import { retain } from './retain.js'
import { share } from './share.js'
import { uploadTarget } from './storage.js'
import { ArchiveUpload } from './upload.js'

/** Uploads (or reads) the archive, then publishes it once. */
async function publishNew(
  step: PublishStep,
  copy: ArchiveUpload | undefined,
  result: RegionResult
): Promise<LayerVersion> {
  const { provider, plan, archive, log } = step
  if (archive.path === '') {
    // Known from its fingerprint, not built: only possible when the newest
    // version changed between the check and now.
    throw new PackagingError(
      'the newest layer version changed while this run was checking it; run the step again'
    )
  }
  result.storage = copy ? copy.storage : 'inline'
  throwIfCancelled(plan.signal)
  let content: LayerContent = copy
    ? await copy.upload()
    : { kind: 'inline', zip: await readFile(archive.path) }
  if (!plan.skipUnchanged) {
    step.newestBefore =
      (await provider.listVersions(plan.layerId))[0]?.version ?? 0
  } else if (copy) {
    // A concurrent run may have published this archive while we uploaded.
    const [theirs] = await sameSinceFloor(step)
    if (theirs) {
      log.info(
        `[${provider.region}] another run published this archive as version ${theirs.version} during the upload; using it`
      )
      return theirs
    }
  }
  for (let round = 1; ; round++) {
    try {
      return await publishVersion(step, content)
    } catch (error) {
      // The content-addressed object is shared: a concurrent run with
      // delete-object may remove it before this publish reads it.
      const vanished =
        copy !== undefined &&
        ProviderError.isObjectMissing(error) &&
        round < plan.maxAttempts
      if (!vanished) throw error
      content = await copy.again()
    }
  }
}

/** The skip check: a version that already holds this archive, if any. */
async function unchangedVersion(
  step: PublishStep,
  known: RegionReads | undefined,
  result: RegionResult
): Promise<LayerVersion | undefined> {
  const { provider, plan, archive, settings, log } = step
  if (!plan.skipUnchanged) return undefined
  const reads = new FirstReads(provider, plan.layerId, known)
  const check = await checkUnchanged(reads, archive.sha256, settings)
  step.newestBefore = check.floor
  const existing = check.existing ?? (await stillPublishing(step, check))
  if (existing) {
    result.status = 'unchanged'
    log.info(
      `[${provider.region}] version ${existing.version} already has this archive and settings; publishing nothing`
    )
  }
  return existing
}

/**
 * A version of this archive still being published is waited for rather
 * than published again; if it fails or times out, we publish our own.
 */
async function stillPublishing(
  step: PublishStep,
  check: UnchangedCheck
): Promise<LayerVersion | undefined> {
  const { provider, plan, log } = step
  if (check.publishing === undefined || !provider.waitUntilUsable) {
    return undefined
  }
  log.info(
    `[${provider.region}] version ${check.publishing} holds this archive and is still being published (another run, or one that was stopped); waiting for it`
  )
  try {
    return await provider.waitUntilUsable(plan.layerId, check.publishing)
  } catch (error) {
    log.info(
      `[${provider.region}] version ${check.publishing} did not become usable (${errorMessage(error)}); publishing a new one`
    )
    return undefined
  }
}

function recordVersion(result: RegionResult, version: LayerVersion): void {
  Object.assign(result, {
    version: version.version,
    layerArn: version.layerArn ?? '',
    layerVersionArn: version.layerVersionArn ?? '',
    codeSha256: version.codeSha256
  } satisfies Partial<RegionResult>)
}

/** Publishes in one region. Never throws: failures come back as `failed`. */
export async function publishRegion(
  provider: LayerProvider,
  archive: ArchiveInfo,
  plan: PublishPlan,
  log: Logger,
  known?: RegionReads
): Promise<RegionResult> {
  const region = provider.region
  const result = emptyResult(region, plan)
  const settings = { ...plan.settings, layerName: plan.layerId }
  const target = uploadTarget(archive, plan, provider)
  const copy =
    target && new ArchiveUpload(provider, target, archive, log, plan.signal)
  const step: PublishStep = {
    provider,
    plan,
    settings,
    archive,
    newestBefore: 0,
    log
  }
  try {
    let version = await unchangedVersion(step, known, result)
    if (!version && plan.dryRun) {
      result.status = 'planned'
      result.storage = copy ? copy.storage : 'inline'
      log.info(
        `[${region}] would publish a new version of ${plan.layerName} (${copy ? `through ${result.storage}` : 'inline'})`
      )
    } else if (!version) {
      version = await publishNew(step, copy, result)
      result.status = 'published'
      result.published = true
      log.info(
        `[${region}] published ${plan.layerName} version ${version.version}${version.layerVersionArn ? ` (${version.layerVersionArn})` : ''}`
      )
    }
    if (version) recordVersion(result, version)
    throwIfCancelled(plan.signal)
    await moveFunctions(provider, plan, result, log)
    throwIfCancelled(plan.signal)
    await share(provider, plan, result, log)
    throwIfCancelled(plan.signal)
    await retain(provider, plan, result, log)
  } catch (error) {
    result.status = 'failed'
    result.published = false
    result.error = errorMessage(error)
    log.debug(`[${region}] ${(error as Error)?.stack ?? result.error}`)
  } finally {
    await copy?.cleanUp(plan.deleteObject)
  }
  return result
}
