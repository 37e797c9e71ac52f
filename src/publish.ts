/**
 * Provider-agnostic publishing policy: where the archive travels (inline or
 * through object storage), under which key, and what each region's outcome
 * is. Adapters supply the mechanisms through LayerProvider.
 */
import { readFile } from 'node:fs/promises'
import {
  InputError,
  PackagingError,
  ProviderError,
  errorMessage
} from './errors.js'
import { realSleep } from './retry.js'
import type { Principal } from './inputs.js'
import type { Logger } from './log.js'
import type { ArchiveInfo } from './package/types.js'
import { FINGERPRINT_TAIL_BYTES, fingerprintOf } from './package/fingerprint.js'
import type { TailFetcher } from './providers/content.js'
import { PROVIDER_RULES } from './providers/rules.js'
import type {
  LayerContent,
  LayerProvider,
  LayerSettings,
  LayerVersion,
  LayerVersionSummary,
  ObjectLocation,
  ProviderId
} from './providers/types.js'

export interface PublishPlan {
  provider: ProviderId
  /** Sent as LayerName (may be an ARN on AWS). */
  layerId: string
  /** Plain name, used in object keys and results. */
  layerName: string
  settings: LayerSettings
  /** May contain `{region}`. */
  bucket?: string
  objectPrefix: string
  upload: 'auto' | 'always' | 'never'
  deleteObject: boolean
  skipUnchanged: boolean
  dryRun: boolean
  shareWith: Principal[]
  /** 0 keeps every version. */
  keepVersions: number
  /** Attempts for the publish call itself (adapters do not retry it). */
  maxAttempts: number
  /** Backoff between publish attempts; injectable so tests need no real waits. */
  sleep?: (ms: number) => Promise<void>
}

export type RegionStatus = 'published' | 'unchanged' | 'planned' | 'failed'

/** One region's fate; serialised as-is into the `results` output. */
export interface RegionResult {
  region: string
  layerName: string
  version: number | null
  layerArn: string
  layerVersionArn: string
  published: boolean
  codeSha256: string
  /** `inline`, or `bucket/key` when the archive went through S3 or COS. */
  storage: string
  status: RegionStatus
  error: string
  /** Versions deleted by `keep-versions` (or, in a dry run, that would be). */
  deletedVersions: number[]
  /** Principals granted access (or, in a dry run, that would be). */
  sharedWith: string[]
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  const units = ['KiB', 'MiB', 'GiB']
  let v = n / 1024
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v.toFixed(v >= 100 ? 0 : 1)} ${units[i]}`
}

/** Content-addressed: concurrent jobs and re-runs never collide or clobber. */
export function objectKey(
  objectPrefix: string,
  layerName: string,
  sha256Hex: string
): string {
  return `${objectPrefix}${layerName}/${sha256Hex}.zip`
}

export function bucketFor(bucket: string, region: string): string {
  return bucket.replaceAll('{region}', region)
}

/** Whether this archive must travel through object storage. */
export function needsUpload(
  archiveSize: number,
  upload: PublishPlan['upload'],
  maxInlineBytes: number
): boolean {
  if (upload === 'always') return true
  if (upload === 'never') return false
  return archiveSize > maxInlineBytes
}

/**
 * Checks that need the archive but no provider call: size limits and the
 * storage decision. Throws before anything is written anywhere.
 */
export function preflight(archive: ArchiveInfo, plan: PublishPlan): void {
  const rules = PROVIDER_RULES[plan.provider]
  if (archive.unzippedSize > rules.maxUnzippedBytes) {
    throw new PackagingError(
      `The layer unzips to ${archive.unzippedSize.toLocaleString('en-US')} bytes (${formatBytes(archive.unzippedSize)}), above ${rules.displayName}'s limit of ${rules.maxUnzippedBytes.toLocaleString('en-US')} bytes; package fewer files (see 'path' exclusions)`
    )
  }
  const tooBig = archive.size > rules.maxInlineBytes
  if (tooBig && plan.upload === 'never') {
    throw new InputError(
      'upload',
      `is 'never', but the archive is ${formatBytes(archive.size)}, above ${rules.displayName}'s inline limit of ${formatBytes(rules.maxInlineBytes)}; set 'upload: auto' and a 'bucket'`
    )
  }
  if (
    needsUpload(archive.size, plan.upload, rules.maxInlineBytes) &&
    plan.bucket === undefined
  ) {
    throw new InputError(
      'bucket',
      `is required: the archive is ${formatBytes(archive.size)}, above ${rules.displayName}'s inline limit of ${formatBytes(rules.maxInlineBytes)}, so it must go through ${plan.provider === 'aws' ? 'S3' : 'COS'}; set 'bucket' to a bucket in the layer's region (e.g. my-layers-{region})`
    )
  }
}

/** Logs upload progress at each 10% step or every 15 s, not on every event. */
export function progressLogger(
  log: Logger,
  label: string,
  now: () => number = Date.now
): (loaded: number, total: number) => void {
  let lastStep = -1
  let lastTime = now()
  return (loaded, total) => {
    const step = total > 0 ? Math.floor((loaded / total) * 10) : 0
    const t = now()
    if (step > lastStep || t - lastTime >= 15_000) {
      lastStep = Math.max(step, lastStep)
      lastTime = t
      const pct = total > 0 ? Math.floor((loaded / total) * 100) : 0
      log.info(
        `${label}: ${pct}% (${formatBytes(loaded)} of ${formatBytes(total)})`
      )
    }
  }
}

function emptyResult(region: string, plan: PublishPlan): RegionResult {
  return {
    region,
    layerName: plan.layerName,
    version: null,
    layerArn: '',
    layerVersionArn: '',
    published: false,
    codeSha256: '',
    storage: '',
    status: 'failed',
    error: '',
    deletedVersions: [],
    sharedWith: []
  }
}

const sorted = (list: string[]): string => [...list].sort().join('\n')

/**
 * Whether an existing version already is what we would publish: same bytes
 * (compared as hex, whatever form the provider reports) and same settings.
 */
export function isSameVersion(
  existing: LayerVersion,
  sha256Hex: string,
  settings: LayerSettings
): boolean {
  return (
    existing.sha256Hex.toLowerCase() === sha256Hex.toLowerCase() &&
    (existing.status === undefined || existing.status === 'Active') &&
    sorted(existing.compatibleRuntimes) ===
      sorted(settings.compatibleRuntimes) &&
    sorted(existing.compatibleArchitectures) ===
      sorted(settings.compatibleArchitectures) &&
    existing.description === settings.description &&
    existing.licenseInfo === settings.licenseInfo
  )
}

/** Deterministic statement ids let a re-run recognise its own grants. */
export function permissionFor(p: Principal): {
  label: string
  statementId: string
  principal: string
  organizationId?: string
} {
  switch (p.kind) {
    case 'account':
      return {
        label: p.id,
        statementId: `publish-layer-${p.id}`,
        principal: p.id
      }
    case 'organization':
      return {
        label: p.id,
        statementId: `publish-layer-${p.id}`,
        principal: '*',
        organizationId: p.id
      }
    case 'public':
      return {
        label: 'public',
        statementId: 'publish-layer-public',
        principal: '*'
      }
  }
}

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

/** Publishes in one region. Never throws: failures come back as status `failed`. */
export async function publishRegion(
  provider: LayerProvider,
  archive: ArchiveInfo,
  plan: PublishPlan,
  log: Logger
): Promise<RegionResult> {
  const region = provider.region
  const result = emptyResult(region, plan)
  const settings: LayerSettings = { ...plan.settings, layerName: plan.layerId }
  const upload = needsUpload(archive.size, plan.upload, provider.maxInlineBytes)
  const target: ObjectLocation | undefined = upload
    ? {
        bucket: bucketFor(plan.bucket ?? '', region),
        key: objectKey(plan.objectPrefix, plan.layerName, archive.sha256),
        region
      }
    : undefined
  let uploaded: ObjectLocation | undefined
  let uploading = false
  try {
    // Skip unchanged: the newest version may already hold these exact bytes.
    let version: LayerVersion | undefined
    let newestBefore = 0
    if (plan.skipUnchanged) {
      const listed = await provider.listVersions(plan.layerId)
      const { existing, floor } = await newestSame(
        provider,
        plan.layerId,
        listed,
        archive.sha256,
        settings
      )
      newestBefore = floor
      if (existing) {
        version = existing
        result.status = 'unchanged'
        log.info(
          `[${region}] version ${existing.version} already has this archive and settings; publishing nothing`
        )
      }
    }

    if (!version && plan.dryRun) {
      result.status = 'planned'
      result.storage = target ? `${target.bucket}/${target.key}` : 'inline'
      log.info(
        `[${region}] would publish a new version of ${plan.layerName} (${target ? `through ${result.storage}` : 'inline'})`
      )
    } else if (!version) {
      if (archive.path === '') {
        // Known from its fingerprint, not built: only possible when the
        // newest version changed between the check and now.
        throw new PackagingError(
          'the newest layer version changed while this run was checking it; run the step again'
        )
      }
      let content: LayerContent
      if (target) {
        result.storage = `${target.bucket}/${target.key}`
        log.info(
          `[${region}] uploading ${formatBytes(archive.size)} to ${provider.id === 'aws' ? 's3' : 'cos'}://${target.bucket}/${target.key}`
        )
        uploading = true
        uploaded = await provider.uploadArchive(
          archive.path,
          target,
          progressLogger(log, `[${region}] upload`)
        )
        content = { kind: 'object', location: uploaded }
      } else {
        result.storage = 'inline'
        content = { kind: 'inline', zip: await readFile(archive.path) }
      }
      if (!plan.skipUnchanged) {
        newestBefore =
          (await provider.listVersions(plan.layerId))[0]?.version ?? 0
      }
      if (uploaded && plan.skipUnchanged) {
        // A concurrent run may have published this archive while we uploaded.
        const [theirs] = await sameVersionsSince(
          provider,
          plan.layerId,
          newestBefore,
          archive.sha256,
          settings,
          log
        )
        if (theirs) {
          version = theirs
          log.info(
            `[${region}] another run published this archive as version ${theirs.version} during the upload; using it`
          )
        }
      }
      for (let round = 1; !version; round++) {
        try {
          version = await publishSafely(
            provider,
            plan,
            settings,
            content,
            archive,
            newestBefore,
            log
          )
        } catch (error) {
          // The content-addressed object is shared: a concurrent run with
          // delete-object may remove it before this publish reads it.
          if (!target || !objectVanished(error) || round >= plan.maxAttempts) {
            throw error
          }
          log.info(
            `[${region}] ${target.bucket}/${target.key} was gone when the layer was published (another run's delete-object?); uploading it again`
          )
          uploaded = await provider.uploadArchive(archive.path, target)
          content = { kind: 'object', location: uploaded }
        }
      }
      result.status = 'published'
      result.published = true
      log.info(
        `[${region}] published ${plan.layerName} version ${version.version}${version.layerVersionArn ? ` (${version.layerVersionArn})` : ''}`
      )
    }

    if (version) {
      Object.assign(result, {
        version: version.version,
        layerArn: version.layerArn ?? '',
        layerVersionArn: version.layerVersionArn ?? '',
        codeSha256: version.codeSha256
      } satisfies Partial<RegionResult>)
    }
    await share(provider, plan, result, log)
    await retain(provider, plan, result, log)
  } catch (error) {
    result.status = 'failed'
    result.published = false
    result.error = errorMessage(error)
    log.debug(`[${region}] ${(error as Error)?.stack ?? result.error}`)
  } finally {
    if (uploaded && plan.deleteObject) {
      try {
        await provider.deleteObject(uploaded)
        log.info(`[${region}] deleted ${uploaded.bucket}/${uploaded.key}`)
      } catch (error) {
        log.warning(
          `[${region}] could not delete ${uploaded.bucket}/${uploaded.key}: ${errorMessage(error)}`
        )
      }
    }
    if (uploading && target && provider.sweepUploads) {
      await provider.sweepUploads(target).catch((error: unknown) => {
        log.debug(`[${region}] ${errorMessage(error)}`)
      })
    }
  }
  return result
}

/** The archive a re-run would build, known without building it. */
export interface KnownArchive {
  /** SHA-256 of the archive, lower-case hex. */
  sha256: string
  size: number
}

/**
 * Skip unchanged without packaging. When every region's newest version has
 * these settings and its archive's comment carries the fingerprint of these
 * very files, the archive this run would build is byte for byte that one
 * (the writer is deterministic): its SHA-256 and size are known, and the
 * usual skip check then finds it unchanged everywhere. Reads a few hundred
 * bytes per region; the files are hashed only if every region has such a
 * candidate. Undefined means: build the archive and compare as usual. Best
 * effort, never throws; the usual path reports any real failure.
 */
export async function findBuiltArchive(
  providers: LayerProvider[],
  plan: PublishPlan,
  filesSha256: () => string,
  fetchTail: TailFetcher,
  log: Logger
): Promise<KnownArchive | undefined> {
  const settings: LayerSettings = { ...plan.settings, layerName: plan.layerId }
  const candidate = async (
    provider: LayerProvider
  ): Promise<(KnownArchive & { fingerprint: string }) | undefined> => {
    const [newest] = await provider.listVersions(plan.layerId)
    if (!newest) return undefined
    const v = await getIfExists(provider, plan.layerId, newest.version)
    if (!v?.contentUrl || !isSameVersion(v, v.sha256Hex, settings)) {
      return undefined
    }
    const tail = await fetchTail(v.contentUrl, FINGERPRINT_TAIL_BYTES)
    const fingerprint = tail && fingerprintOf(tail.bytes)
    if (!tail || !fingerprint) return undefined
    return { sha256: v.sha256Hex, size: tail.totalSize, fingerprint }
  }
  try {
    // Every region settles (a failure there is only "no candidate"), so no
    // read is still running when the region runs take over.
    const found = await forEachRegion(
      providers.map((p) => p.region),
      4,
      (region) =>
        candidate(
          providers.find((p) => p.region === region) as LayerProvider
        ).catch((error: unknown) => {
          log.debug(`[${region}] ${errorMessage(error)}`)
          return undefined
        })
    )
    const [first] = found
    if (
      !first ||
      found.some(
        (c) =>
          !c ||
          c.fingerprint !== first.fingerprint ||
          c.sha256 !== first.sha256 ||
          c.size !== first.size
      )
    ) {
      return undefined
    }
    if (filesSha256() !== first.fingerprint) return undefined
    return { sha256: first.sha256, size: first.size }
  } catch (error) {
    log.debug(
      `could not tell without packaging whether the files changed: ${errorMessage(error)}`
    )
    return undefined
  }
}

/**
 * A provider that records the list and get answers (or failures) of the
 * skip check made before packaging, and after `replay()` hands each one
 * back once: the region's run then starts from the same reads instead of
 * making them again, and a read that already failed after every attempt
 * fails at once rather than taking that time twice. Later reads (after an
 * upload, after a lost response) always go to the provider.
 */
export function recordReads(provider: LayerProvider): {
  provider: LayerProvider
  replay(): void
} {
  const kept = new Map<string, Promise<unknown>>()
  let recording = true
  const read = <T>(key: string, load: () => Promise<T>): Promise<T> => {
    if (recording) {
      const p = load()
      kept.set(key, p)
      // Awaited later, or never: not an unhandled rejection either way.
      p.catch(() => undefined)
      return p
    }
    const p = kept.get(key) as Promise<T> | undefined
    if (!p) return load()
    kept.delete(key)
    return p
  }
  const overrides: Partial<LayerProvider> = {
    listVersions: (name) =>
      read(`list\n${name}`, () => provider.listVersions(name)),
    getVersion: (name, version) =>
      read(`get\n${name}\n${version}`, () => provider.getVersion(name, version))
  }
  // Everything else is the provider's own, called on the provider.
  const wrapped = new Proxy(provider, {
    get(target, prop) {
      if (Object.hasOwn(overrides, prop)) {
        return overrides[prop as keyof LayerProvider]
      }
      const value: unknown = Reflect.get(target, prop)
      return typeof value === 'function' ? value.bind(target) : value
    }
  })
  return {
    provider: wrapped,
    replay: () => {
      recording = false
    }
  }
}

/** Whether a publish failed because the archive object was not there. */
function objectVanished(error: unknown): boolean {
  return (
    error instanceof ProviderError &&
    /NoSuchKey|NoSuchObject|Cos object .* does not exist/i.test(
      error.message
    ) &&
    /PublishLayerVersion/.test(error.operation)
  )
}

/** Whether an error says the layer version does not exist (any provider). */
function isNotFound(error: unknown): boolean {
  return (
    error instanceof ProviderError &&
    (error.httpStatus === 404 || /NotFound/i.test(error.code ?? ''))
  )
}

/** The version, or undefined when it vanished (a concurrent run deleted it). */
async function getIfExists(
  provider: LayerProvider,
  layerId: string,
  version: number
): Promise<LayerVersion | undefined> {
  try {
    return await provider.getVersion(layerId, version)
  } catch (error) {
    if (isNotFound(error)) return undefined
    throw error
  }
}

/**
 * The skip-unchanged check. Walks the newest versions while they hold this
 * archive with these settings. `existing` is the oldest Active one of them
 * (never a duplicate a concurrent run is about to delete); `floor` is the
 * newest version that does not hold it, below which no run of this archive
 * can have published. Versions still being published (a concurrent run on
 * Tencent) count as holding it but are not returned; versions that vanish
 * while we look are passed over.
 */
async function newestSame(
  provider: LayerProvider,
  layerId: string,
  listed: LayerVersionSummary[],
  sha256Hex: string,
  settings: LayerSettings
): Promise<{ existing: LayerVersion | undefined; floor: number }> {
  let existing: LayerVersion | undefined
  for (const v of listed.slice(0, 20)) {
    const got = await getIfExists(provider, layerId, v.version)
    if (!got) continue
    const { status, ...anyStatus } = got
    if (
      !isSameVersion(anyStatus, sha256Hex, settings) ||
      status === 'PublishFailed'
    ) {
      return { existing, floor: v.version }
    }
    if (status === undefined || status === 'Active') existing = got
  }
  const rest = listed.slice(20)[0]?.version ?? 0
  return { existing, floor: rest }
}

/**
 * Versions newer than `after` that hold this archive with these settings,
 * oldest first. Used after a lost response and after a concurrent race.
 */
async function sameVersionsSince(
  provider: LayerProvider,
  layerId: string,
  after: number,
  sha256Hex: string,
  settings: LayerSettings,
  log: Logger
): Promise<LayerVersion[]> {
  // Best effort: failing to look only means a duplicate may remain.
  try {
    const candidates = (await provider.listVersions(layerId))
      .filter((v) => v.version > after)
      .sort((a, b) => a.version - b.version)
    const out: LayerVersion[] = []
    for (const c of candidates) {
      // A concurrent run may delete its duplicate between our list and get.
      const v = await getIfExists(provider, layerId, c.version)
      if (!v) continue
      // A version still becoming Active (Tencent) may be the one we just made.
      const { status, ...anyStatus } = v
      if (status === 'PublishFailed') continue
      if (isSameVersion(anyStatus, sha256Hex, settings)) out.push(v)
    }
    return out
  } catch (error) {
    log.debug(
      `[${provider.region}] looking for this archive's version failed: ${errorMessage(error)}`
    )
    return []
  }
}

/** Longest wait for a publish that got no answer to show up (see below). */
const MAX_GRACE_MS = 60_000
const POLL_MS = 1000

/**
 * Looks for a version holding this archive, published after `after`: at
 * once, then each second for up to `graceMs`.
 */
async function findPublished(
  provider: LayerProvider,
  plan: PublishPlan,
  settings: LayerSettings,
  archive: ArchiveInfo,
  after: number,
  graceMs: number,
  sleep: (ms: number) => Promise<void>,
  log: Logger
): Promise<LayerVersion[]> {
  const polls = Math.ceil(graceMs / POLL_MS)
  for (let i = 0; ; i++) {
    const found = await sameVersionsSince(
      provider,
      plan.layerId,
      after,
      archive.sha256,
      settings,
      log
    )
    if (found.length > 0 || i >= polls) return found
    await sleep(Math.min(POLL_MS, graceMs - i * POLL_MS))
  }
}

/**
 * Publishes with our own retries, so that a publish whose response was lost
 * (the provider committed it, the connection died) is found rather than
 * published twice; then, if concurrent runs published the same archive,
 * keeps the oldest of those versions and deletes our duplicate.
 */
async function publishSafely(
  provider: LayerProvider,
  plan: PublishPlan,
  settings: LayerSettings,
  content: LayerContent,
  archive: ArchiveInfo,
  newestBefore: number,
  log: Logger
): Promise<LayerVersion> {
  const region = provider.region
  const sleep = plan.sleep ?? realSleep
  let mine: LayerVersion | undefined
  for (let attempt = 1; !mine; attempt++) {
    const started = Date.now()
    try {
      mine = await provider.publishLayer(settings, content, archive.sha256)
    } catch (error) {
      const retryable = error instanceof ProviderError && error.retryable
      if (!retryable) throw error
      // No answer at all (timeout, reset): the provider may still be at
      // work on it. Give it twice as long as it already took to show the
      // version before publishing again, so a late commit is not doubled.
      const noResponse =
        error instanceof ProviderError && error.httpStatus === undefined
      const graceMs = noResponse
        ? Math.min(MAX_GRACE_MS, 2 * (Date.now() - started))
        : 0
      const found = await findPublished(
        provider,
        plan,
        settings,
        archive,
        newestBefore,
        graceMs,
        sleep,
        log
      )
      if (found.length > 0) {
        mine =
          (await provider.waitUntilUsable?.(plan.layerId, found[0]!.version)) ??
          found[0]!
        log.info(
          `[${region}] the publish response was lost, but version ${mine.version} holds this archive; using it instead of publishing again`
        )
        break
      }
      if (attempt >= plan.maxAttempts) throw error
      const delay =
        Math.min(20_000, 500 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2)
      log.info(
        `[${region}] publish attempt ${attempt} of ${plan.maxAttempts} failed (${errorMessage(error)}); retrying in ${Math.round(delay)} ms`
      )
      await sleep(delay)
    }
  }
  // Concurrent runs with the same content each publish; all keep the oldest.
  const same = await sameVersionsSince(
    provider,
    plan.layerId,
    newestBefore,
    archive.sha256,
    settings,
    log
  )
  const winner = same[0]
  if (winner && winner.version < mine.version) {
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
  return mine
}

/** Grants read access per principal; a grant already there counts as done. */
async function share(
  provider: LayerProvider,
  plan: PublishPlan,
  result: RegionResult,
  log: Logger
): Promise<void> {
  if (plan.shareWith.length === 0) return
  const region = result.region
  for (const p of plan.shareWith) {
    const perm = permissionFor(p)
    if (plan.dryRun || result.version === null) {
      result.sharedWith.push(perm.label)
      continue
    }
    if (!provider.addPermission) {
      throw new InputError('share-with', `is not supported by ${provider.id}`)
    }
    const added = await provider.addPermission(
      plan.layerId,
      result.version,
      perm.statementId,
      perm.principal,
      ...(perm.organizationId !== undefined ? [perm.organizationId] : [])
    )
    result.sharedWith.push(perm.label)
    log.info(
      `[${region}] ${added ? 'shared' : 'already shared'} version ${result.version} with ${perm.label}`
    )
  }
}

/**
 * keep-versions: deletes what is older than the newest N. A failed delete
 * is a warning: the release itself succeeded.
 */
async function retain(
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
  if (plan.dryRun) {
    result.deletedVersions.push(...doomed)
    if (doomed.length > 0) {
      log.info(
        `[${region}] would delete versions ${doomed.join(', ')} (keep-versions: ${plan.keepVersions})`
      )
    }
    return
  }
  for (const v of doomed) {
    try {
      await provider.deleteVersion(plan.layerId, v)
      result.deletedVersions.push(v)
      log.info(
        `[${region}] deleted version ${v} (keep-versions: ${plan.keepVersions})`
      )
    } catch (error) {
      log.warning(
        `[${region}] keep-versions: could not delete version ${v}: ${errorMessage(error)}`
      )
    }
  }
}

/**
 * Runs `task` for every region with at most `limit` at once. Every region
 * is attempted; results keep the order of `regions`.
 */
export async function forEachRegion<T>(
  regions: string[],
  limit: number,
  task: (region: string) => Promise<T>
): Promise<T[]> {
  const results = new Array<T>(regions.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < regions.length) {
      const i = next++
      results[i] = await task(regions[i]!)
    }
  }
  await Promise.all(
    Array.from({ length: Math.min(limit, regions.length) }, worker)
  )
  return results
}

/** Publishes to every region (bounded parallelism), creating each region's provider. */
export async function publishAll(
  regions: string[],
  makeProvider: (region: string) => Promise<LayerProvider>,
  archive: ArchiveInfo,
  plan: PublishPlan,
  log: Logger,
  concurrency = 4
): Promise<RegionResult[]> {
  return forEachRegion(regions, concurrency, async (region) => {
    let provider: LayerProvider
    try {
      provider = await makeProvider(region)
    } catch (error) {
      return { ...emptyResult(region, plan), error: errorMessage(error) }
    }
    return publishRegion(provider, archive, plan, log)
  })
}
