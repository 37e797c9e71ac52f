/**
 * The Tencent LayerProvider: SCF layer calls (API 3.0), COS (upload.ts)
 * for archives above the inline limit. PublishLayerVersion is retried here
 * only on throttling, where nothing was created, and otherwise left to
 * publish.ts, which first looks for a version a lost response created.
 */
import { ProviderError } from '../../errors.js'
import type { Logger } from '../../log.js'
import { PROVIDER_RULES } from '../rules.js'
import { shaToHex } from '../sha.js'
import type {
  LayerContent,
  LayerProvider,
  LayerSettings,
  LayerVersion,
  LayerVersionSummary,
  ObjectLocation,
  Progress
} from '../types.js'
import {
  realClock,
  type Clock,
  type CosApi,
  type GetResponse,
  type PublishRequest,
  type ScfApi,
  type TencentProviderConfig
} from './api.js'
import { TencentCaller } from './call.js'
import {
  isRetryableTencentError,
  wasRefused,
  type ErrorDetail
} from './errors.js'
import { TencentFunctions } from './functions.js'
import { TENCENT_PART_SIZE } from './parts.js'
import { CosUploader } from './upload.js'
import { waitActive, type WaitContext } from './wait-active.js'

/**
 * Versions that are going or never came: deletion is asynchronous
 * (Deleting → Deleted) and a failed one stays listed. They count neither
 * as the version to reuse nor toward keep-versions.
 */
const GONE = new Set(['Deleting', 'DeleteFailed', 'Deleted', 'PublishFailed'])

export class TencentLayerProvider implements LayerProvider {
  readonly id = 'tencent' as const
  readonly region: string
  readonly maxInlineBytes = PROVIDER_RULES.tencent.maxInlineBytes
  readonly maxUnzippedBytes = PROVIDER_RULES.tencent.maxUnzippedBytes
  /** Overridable for tests; the real value is TENCENT_PART_SIZE. */
  partSize = TENCENT_PART_SIZE
  readonly functions: TencentFunctions
  private readonly caller: TencentCaller
  private readonly uploader: CosUploader

  constructor(
    private readonly scfApi: ScfApi,
    /** COS is built only when an upload happens: most runs never need it. */
    cos: CosApi | (() => Promise<CosApi>),
    private readonly config: TencentProviderConfig,
    private readonly log: Logger,
    clock: Clock = realClock
  ) {
    this.region = config.region
    this.caller = new TencentCaller(config.region, config, log, clock)
    const factory = typeof cos === 'function' ? cos : async () => cos
    let client: Promise<CosApi> | undefined
    this.uploader = new CosUploader(this.caller, () => (client ??= factory()))
    this.functions = new TencentFunctions(scfApi, this.caller)
  }

  uploadArchive(
    archivePath: string,
    target: ObjectLocation,
    onProgress?: Progress,
    signal?: AbortSignal
  ): Promise<ObjectLocation> {
    return this.uploader.upload(archivePath, target, this.partSize, {
      ...(onProgress && { onProgress }),
      ...(signal && { signal })
    })
  }

  sweepUploads(target: ObjectLocation): Promise<void> {
    return this.uploader.sweepUploads(target)
  }

  deleteObject(location: ObjectLocation): Promise<void> {
    return this.uploader.deleteObject(location)
  }

  async publishLayer(
    settings: LayerSettings,
    content: LayerContent,
    expectedSha256Hex: string
  ): Promise<LayerVersion> {
    const name = settings.layerName
    const detail: ErrorDetail = {
      layerName: name,
      ...(content.kind === 'object' && {
        bucket: content.location.bucket,
        key: content.location.key
      })
    }
    const response = await this.caller.call(
      'PublishLayerVersion',
      () => this.scfApi.PublishLayerVersion(publishRequest(settings, content)),
      {
        detail,
        // Not idempotent: only a refused call (throttled, or ResourceInUse
        // while another version of the layer is still Publishing) surely
        // created nothing.
        isRetryable: wasRefused,
        // Network errors and 5xx go back to publish.ts, which looks for a
        // version the lost answer created before trying again; refusals
        // have had all their attempts here.
        retryableAfter: (e) => !wasRefused(e) && isRetryableTencentError(e),
        // A version still Publishing takes seconds, not milliseconds.
        baseDelayMs: 1000
      }
    )
    const version = response.LayerVersion
    if (typeof version !== 'number') {
      throw new ProviderError({
        provider: 'tencent',
        operation: 'scf:PublishLayerVersion',
        region: this.region,
        requestId: response.RequestId,
        message: 'SCF answered without a LayerVersion'
      })
    }
    this.log.info(
      `[${this.region}] published ${name} version ${version}; waiting for it to become Active`
    )
    const ready = await waitActive(this.waiting(), name, version, true)
    if (ready.sha256Hex !== shaToHex('tencent', expectedSha256Hex)) {
      throw new ProviderError({
        provider: 'tencent',
        operation: 'scf:GetLayerVersion',
        region: this.region,
        code: 'CodeSha256Mismatch',
        message: `SCF reports CodeSha256 ${ready.codeSha256 || '(none)'} for ${name} version ${version}, but the archive's is ${expectedSha256Hex}: the stored layer is not the archive that was built`
      })
    }
    return ready
  }

  waitUntilUsable(layerName: string, version: number): Promise<LayerVersion> {
    return waitActive(this.waiting(), layerName, version)
  }

  private waiting(): WaitContext {
    return {
      region: this.region,
      waitTimeoutSeconds: this.config.waitTimeoutSeconds,
      clock: this.caller.clock,
      debug: (m) => this.log.debug(m),
      getVersion: (n, v, detail) => this.getVersion(n, v, detail),
      deleteVersion: (n, v) => this.deleteVersion(n, v)
    }
  }

  async listVersions(layerName: string): Promise<LayerVersionSummary[]> {
    let response
    try {
      response = await this.caller.call(
        'ListLayerVersions',
        () => this.scfApi.ListLayerVersions({ LayerName: layerName }),
        { detail: { layerName } }
      )
    } catch (error) {
      if (
        error instanceof ProviderError &&
        error.code === 'ResourceNotFound.Layer'
      ) {
        return []
      }
      throw error
    }
    const out: LayerVersionSummary[] = []
    for (const v of response.LayerVersions ?? []) {
      if (typeof v.LayerVersion !== 'number') continue
      if (GONE.has(v.Status ?? '')) continue
      const createdDate = addTimeToIso(v.AddTime)
      out.push({
        version: v.LayerVersion,
        description: v.Description ?? '',
        ...(createdDate !== undefined && { createdDate })
      })
    }
    return out.sort((a, b) => b.version - a.version)
  }

  async getVersion(
    layerName: string,
    version: number,
    detail: ErrorDetail = {}
  ): Promise<LayerVersion> {
    const r = await this.caller.call(
      'GetLayerVersion',
      () =>
        this.scfApi.GetLayerVersion({
          LayerName: layerName,
          LayerVersion: version
        }),
      { detail: { layerName, ...detail } }
    )
    return fromGet(r)
  }

  async deleteVersion(layerName: string, version: number): Promise<void> {
    try {
      await this.caller.call(
        'DeleteLayerVersion',
        () =>
          this.scfApi.DeleteLayerVersion({
            LayerName: layerName,
            LayerVersion: version
          }),
        { detail: { layerName } }
      )
    } catch (error) {
      // Already gone (e.g. a retry after a lost answer): the goal is met.
      if (
        error instanceof ProviderError &&
        error.code === 'ResourceNotFound.LayerVersion'
      ) {
        this.log.debug(`${layerName} version ${version} was already deleted`)
        return
      }
      throw error
    }
  }
}

/** COS bucket `name-appid` to SCF's CosBucketName, which omits `-appid`. */
export function cosBucketName(bucket: string): string {
  return bucket.replace(/-\d+$/, '')
}

function publishRequest(
  settings: LayerSettings,
  content: LayerContent
): PublishRequest {
  return {
    LayerName: settings.layerName,
    CompatibleRuntimes: [...settings.compatibleRuntimes],
    Content:
      content.kind === 'inline'
        ? { ZipFile: Buffer.from(content.zip).toString('base64') }
        : {
            CosBucketName: cosBucketName(content.location.bucket),
            CosObjectName: content.location.key.startsWith('/')
              ? content.location.key
              : `/${content.location.key}`,
            CosBucketRegion: content.location.region
          },
    ...(settings.description !== '' && { Description: settings.description }),
    ...(settings.licenseInfo !== '' && { LicenseInfo: settings.licenseInfo }),
    ...(Object.keys(settings.tags).length > 0 && {
      Tags: Object.entries(settings.tags).map(([Key, Value]) => ({
        Key,
        Value
      }))
    })
  }
}

/** `YYYY-MM-DD HH:mm:ss` in Beijing time, as SCF writes AddTime, to ISO. */
function addTimeToIso(addTime: string | undefined): string | undefined {
  if (!addTime) return undefined
  const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)$/.exec(addTime)
  return m ? `${m[1]}T${m[2]}+08:00` : addTime
}

function fromGet(r: GetResponse): LayerVersion {
  const createdDate = addTimeToIso(r.AddTime)
  return {
    version: r.LayerVersion ?? 0,
    codeSha256: r.CodeSha256 ?? '',
    sha256Hex: shaToHex('tencent', r.CodeSha256 ?? ''),
    compatibleRuntimes: [...(r.CompatibleRuntimes ?? [])],
    compatibleArchitectures: [],
    description: r.Description ?? '',
    licenseInfo: r.LicenseInfo ?? '',
    ...(createdDate !== undefined && { createdDate }),
    ...(r.Status !== undefined && { status: r.Status }),
    ...(r.Location && { contentUrl: r.Location })
  }
}
