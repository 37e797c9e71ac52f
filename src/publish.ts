/**
 * Provider-agnostic publishing policy: where the archive travels (inline or
 * through object storage), under which key, and what each region's outcome
 * is. Adapters supply the mechanisms through LayerProvider.
 */
import { readFile } from 'node:fs/promises'
import { InputError, PackagingError, errorMessage } from './errors.js'
import type { Logger } from './log.js'
import type { ArchiveInfo } from './package/types.js'
import { PROVIDER_RULES } from './providers/rules.js'
import type {
  LayerContent,
  LayerProvider,
  LayerSettings,
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
      log.info(`${label}: ${pct}% (${formatBytes(loaded)} of ${formatBytes(total)})`)
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
    error: ''
  }
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
  let uploaded: ObjectLocation | undefined
  try {
    let content: LayerContent
    if (needsUpload(archive.size, plan.upload, provider.maxInlineBytes)) {
      const target: ObjectLocation = {
        bucket: bucketFor(plan.bucket ?? '', region),
        key: objectKey(plan.objectPrefix, plan.layerName, archive.sha256),
        region
      }
      result.storage = `${target.bucket}/${target.key}`
      log.info(
        `[${region}] uploading ${formatBytes(archive.size)} to ${provider.id === 'aws' ? 's3' : 'cos'}://${target.bucket}/${target.key}`
      )
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
    const version = await provider.publishLayer(
      { ...plan.settings, layerName: plan.layerId },
      content,
      archive.sha256
    )
    Object.assign(result, {
      version: version.version,
      layerArn: version.layerArn ?? '',
      layerVersionArn: version.layerVersionArn ?? '',
      codeSha256: version.codeSha256,
      published: true,
      status: 'published'
    } satisfies Partial<RegionResult>)
    log.info(
      `[${region}] published ${plan.layerName} version ${version.version}${version.layerVersionArn ? ` (${version.layerVersionArn})` : ''}`
    )
  } catch (error) {
    result.status = 'failed'
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
  }
  return result
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
