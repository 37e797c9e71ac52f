/**
 * Tencent Cloud adapter: SCF layer calls (API 3.0) and COS multipart
 * uploads. All Tencent SDK use lives here. Neither SDK retries SCF calls,
 * so every call goes through our retry loop; PublishLayerVersion is retried
 * here only on throttling, where nothing was created, and otherwise left to
 * publish.ts, which first looks for a version a lost response created.
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { Transform, type Readable } from 'node:stream'
import { scf } from 'tencentcloud-sdk-nodejs-scf'
import type COS from 'cos-nodejs-sdk-v5'
import { errorMessage, ProviderError } from '../errors.js'
import type { Logger } from '../log.js'
import { PROVIDER_RULES } from './rules.js'
import { realSleep, retry } from '../retry.js'
import type {
  LayerContent,
  LayerProvider,
  LayerSettings,
  LayerVersion,
  LayerVersionSummary,
  ObjectLocation,
  Progress
} from './types.js'

const MiB = 1024 * 1024

/**
 * Raw zip size sent inline. Base64 makes it 8 MiB plus JSON, under the
 * 10,485,760-byte TC3 request cap (RequestSizeLimitExceeded above it).
 */
export const TENCENT_INLINE_LIMIT = 6 * MiB
/**
 * SCF: "function code before compression incl. layers 500 MB" (583/11637).
 * Whether MB means 10^6 or 2^20 bytes is not documented; the smaller reading
 * is taken, so an archive we accept is below either.
 */
// One limit for the whole action: "500 MB" read as Lambda's "250 MB" is (MiB).
export const TENCENT_UNZIPPED_LIMIT = PROVIDER_RULES.tencent.maxUnzippedBytes
/**
 * Multipart part size (COS allows 1 MB to 5 GB per part, 10,000 parts).
 * Parts are streamed from the file, so 4 in flight cost little memory.
 */
export const TENCENT_PART_SIZE = 4 * MiB
export const TENCENT_UPLOAD_CONCURRENCY = 4
const MAX_PARTS = 10_000

/** Poll GetLayerVersion every 1 s at first, backing off to 5 s. */
const POLL_FIRST_MS = 1000
const POLL_MAX_MS = 5000

export interface TencentProviderConfig {
  region: string
  secretId: string
  secretKey: string
  sessionToken?: string
  /** SCF endpoint override, e.g. http://127.0.0.1:PORT (no scheme: https). */
  endpoint?: string
  /** COS endpoint override: a URL, or a Domain template with {Bucket}. */
  storageEndpoint?: string
  /** Attempts per call on throttling, InternalError, 5xx and network errors. */
  maxAttempts: number
  /** How long a new version may stay Publishing. */
  waitTimeoutSeconds: number
  /** Per-request timeout (SCF reqTimeout, COS Timeout); default 60. */
  requestTimeoutSeconds?: number
}

type ScfClient = InstanceType<typeof scf.v20180416.Client>
/** The SCF calls the adapter makes; unit tests pass a fake. */
export type ScfApi = Pick<
  ScfClient,
  | 'PublishLayerVersion'
  | 'GetLayerVersion'
  | 'ListLayerVersions'
  | 'DeleteLayerVersion'
>
type PublishRequest = Parameters<ScfClient['PublishLayerVersion']>[0]
type GetResponse = Awaited<ReturnType<ScfClient['GetLayerVersion']>>

interface CosTarget {
  Bucket: string
  Region: string
  Key: string
}

/**
 * The COS calls the adapter makes, as promises. `wrapCos` adapts the SDK's
 * callback API once; unit tests pass a fake.
 */
export interface CosApi {
  headObject(params: CosTarget): Promise<{ statusCode?: number }>
  multipartInit(
    params: CosTarget & { ContentType?: string }
  ): Promise<{ UploadId: string }>
  multipartUpload(
    params: CosTarget & {
      UploadId: string
      PartNumber: number
      Body: Readable
      ContentLength: number
      onProgress?: (info: { loaded: number; total: number }) => void
    }
  ): Promise<{ ETag: string }>
  multipartComplete(
    params: CosTarget & {
      UploadId: string
      Parts: Array<{ PartNumber: number; ETag: string }>
    }
  ): Promise<{ ETag?: string }>
  multipartAbort(params: CosTarget & { UploadId: string }): Promise<unknown>
  multipartList(params: {
    Bucket: string
    Region: string
    Prefix: string
  }): Promise<{ Upload?: Array<{ Key?: string; UploadId?: string }> }>
  deleteObject(params: CosTarget): Promise<unknown>
}

export interface Clock {
  sleep(ms: number): Promise<void>
  now(): number
}
const realClock: Clock = { sleep: realSleep, now: () => Date.now() }

/** The CAM action each call needs, for access-denied messages. */
const CAM_ACTION: Record<string, string> = {
  PublishLayerVersion: 'name/scf:PublishLayerVersion',
  GetLayerVersion: 'name/scf:GetLayerVersion',
  ListLayerVersions: 'name/scf:ListLayerVersions',
  DeleteLayerVersion: 'name/scf:DeleteLayerVersion',
  HeadObject: 'name/cos:HeadObject',
  ListMultipartUploads: 'name/cos:ListMultipartUploads',
  InitiateMultipartUpload: 'name/cos:InitiateMultipartUpload',
  UploadPart: 'name/cos:UploadPart',
  CompleteMultipartUpload: 'name/cos:CompleteMultipartUpload',
  AbortMultipartUpload: 'name/cos:AbortMultipartUpload',
  DeleteObject: 'name/cos:DeleteObject'
}
/**
 * The COS SDK itself tries a bodiless request (HEAD, initiate, complete,
 * abort, delete) up to 4 times on 5xx and network errors; our loop makes
 * fewer rounds of those so the total stays near 'max-attempts'. Parts are
 * sent as streams, which the SDK does not retry.
 */
export const COS_SDK_TRIES = 4
const COS_SDK_RETRIED = new Set([
  'HeadObject',
  'ListMultipartUploads',
  'InitiateMultipartUpload',
  'CompleteMultipartUpload',
  'AbortMultipartUpload',
  'DeleteObject'
])
const COS_OPERATIONS = new Set([
  'HeadObject',
  'ListMultipartUploads',
  'InitiateMultipartUpload',
  'UploadPart',
  'CompleteMultipartUpload',
  'AbortMultipartUpload',
  'DeleteObject'
])

/** TencentCloudSDKHttpException and COS SDK errors, as far as we read them. */
interface TencentLikeError {
  code?: string
  message?: string
  requestId?: string
  traceId?: string
  httpCode?: number
  statusCode?: number
  headers?: Record<string, string | undefined>
  error?: { Code?: string; Message?: string; RequestId?: string }
}

const NETWORK =
  /request to .* failed|network timeout|socket hang up|ECONNRESET|ECONNREFUSED|ECONNABORTED|ETIMEDOUT|ESOCKETTIMEDOUT|EPIPE|EAI_AGAIN|timed? ?out/i

/** True for failures a later attempt may not see. */
export function isRetryableTencentError(error: unknown): boolean {
  if (error instanceof ProviderError) return error.retryable
  const e = (error ?? {}) as TencentLikeError
  const code = e.error?.Code ?? e.code
  const status = e.httpCode ?? e.statusCode
  if (
    code === 'RequestLimitExceeded' ||
    code?.startsWith('RequestLimitExceeded.')
  ) {
    return true
  }
  if (code === 'InternalError' || code?.startsWith('InternalError.'))
    return true
  if (code === 'SlowDown' || code === 'ServiceUnavailable') return true
  if (status !== undefined && (status >= 500 || status === 429)) return true
  if (status === undefined) {
    // No HTTP answer at all: a network failure (the SCF SDK keeps only the
    // message; COS keeps Node's code).
    return NETWORK.test(`${code ?? ''} ${e.message ?? ''}`)
  }
  return false
}

function isThrottle(error: unknown): boolean {
  const e = (error ?? {}) as TencentLikeError
  const code = e.error?.Code ?? e.code
  return code === 'RequestLimitExceeded' || code === 'SlowDown'
}

export interface ErrorDetail {
  layerName?: string
  bucket?: string
  key?: string
  attempts?: number
  /** Overrides whether the caller may try the whole step again. */
  retryable?: boolean
  /** Said before the message, e.g. what had already happened. */
  context?: string
}

/** Maps any SDK error to a ProviderError whose message says what to do. */
export function toProviderError(
  error: unknown,
  operation: string,
  region: string,
  detail: ErrorDetail = {},
  redact: (text: string) => string = (t) => t
): ProviderError {
  const e = (error ?? {}) as TencentLikeError
  const service = COS_OPERATIONS.has(operation) ? 'cos' : 'scf'
  let code = e.error?.Code ?? e.code
  // COS answers HEAD errors without a body; the SDK then uses the status.
  if (code === '' || (code !== undefined && /^\d+$/.test(code))) {
    code = undefined
  }
  const httpStatus = e.httpCode ?? e.statusCode
  // An SCF answer that is an HTTP error has no body the SDK reads; the
  // X-TC-TraceId it keeps is then the one id to quote to support.
  const requestId =
    e.error?.RequestId ??
    (e.requestId || undefined) ??
    e.headers?.['x-cos-request-id'] ??
    (e.traceId || undefined)
  const network =
    httpStatus === undefined &&
    (code === undefined || /^E[A-Z]+$/.test(code)) &&
    NETWORK.test(`${code ?? ''} ${e.message ?? ''}`)
  const raw = redact(e.error?.Message ?? e.message ?? errorMessage(error))
  const bucket = detail.bucket ? `'${detail.bucket}'` : 'the bucket'
  const cam = CAM_ACTION[operation] ?? `name/${service}:${operation}`
  let message = raw
  if (code === 'AccessDenied' && /Request has expired/i.test(raw)) {
    message = `COS refused the request as expired; check the runner's clock. (${raw})`
  } else if (code === 'LimitExceeded.LayerVersions') {
    message = `layer ${detail.layerName ? `'${detail.layerName}' ` : ''}already has the most versions SCF keeps per layer (200) in ${region}. Delete old versions, e.g. set 'keep-versions' (such as 50) so each run prunes them, then run again. (${raw})`
  } else if (code === 'LimitExceeded.Layers') {
    message = `${region} already has the most layers SCF allows per region (20 by default). Reuse an existing layer name or delete unused layers. (${raw})`
  } else if (
    code === 'UnauthorizedOperation.CAM' ||
    code === 'AuthFailure.UnauthorizedOperation' ||
    code === 'UnauthorizedOperation' ||
    code === 'AccessDenied' ||
    (service === 'cos' && httpStatus === 403 && code === undefined)
  ) {
    message = `access denied: the credentials need the CAM permission ${cam}${service === 'cos' ? ` on ${bucket}` : ''} (see README, Permissions). (${raw})`
  } else if (
    code === 'AuthFailure.SecretIdNotFound' ||
    code === 'AuthFailure.InvalidSecretId' ||
    code === 'InvalidAccessKeyId'
  ) {
    message = `the SecretId is not known to Tencent Cloud: check 'tencent-secret-id' (TENCENTCLOUD_SECRET_ID) and that the key is enabled. (${raw})`
  } else if (
    code === 'AuthFailure.SignatureFailure' ||
    code === 'SignatureDoesNotMatch'
  ) {
    message = `the request signature was rejected: check that 'tencent-secret-key' (TENCENTCLOUD_SECRET_KEY) belongs to the SecretId. (${raw})`
  } else if (code === 'AuthFailure.SignatureExpire') {
    message = `the request was signed with a clock more than 5 minutes off; check the runner's clock. (${raw})`
  } else if (code === 'AuthFailure.TokenFailure') {
    message = `the session token was rejected or has expired: refresh 'tencent-session-token' (TENCENTCLOUD_SESSION_TOKEN). (${raw})`
  } else if (code === 'RequestSizeLimitExceeded') {
    message = `the inline archive made the request larger than SCF's 10 MB cap; archives above ${TENCENT_INLINE_LIMIT / MiB} MiB go through COS, so this is a bug worth reporting. (${raw})`
  } else if (code === 'NoSuchBucket') {
    message = `bucket ${bucket} does not exist in ${region}. Create it there or fix 'bucket' (COS names are name-appid, and the bucket must be in the layer's region; use {region} for several regions).`
  } else if (
    code === 'InvalidParameterValue.Cos' ||
    code === 'InvalidParameterValue.CosBucketName' ||
    code === 'InvalidParameterValue.CosBucketRegion' ||
    code === 'InvalidParameterValue.CosObjectName'
  ) {
    message = `SCF could not read the archive from COS (${detail.bucket ?? 'bucket'}/${detail.key ?? 'key'}): the bucket must exist in ${region}, the layer's region, and hold the object. (${raw})`
  } else if (isThrottle(error)) {
    message = `throttled by ${service === 'cos' ? 'COS' : 'SCF'}${(detail.attempts ?? 0) > 1 ? ` after ${detail.attempts} attempts` : ''}; raise 'max-attempts' or publish to fewer regions at once. (${raw})`
  } else if (network) {
    message = `no answer from ${service === 'cos' ? 'COS' : 'SCF'}${(detail.attempts ?? 0) > 1 ? ` after ${detail.attempts} attempts` : ''}: ${raw}`
  } else if (httpStatus !== undefined && httpStatus >= 300 && !code) {
    message = `${service === 'cos' ? 'COS' : 'SCF'} answered HTTP ${httpStatus} (${raw})`
  }
  return new ProviderError({
    provider: 'tencent',
    operation: `${service}:${operation}`,
    region,
    message: detail.context ? `${detail.context}: ${message}` : message,
    code,
    requestId,
    httpStatus,
    retryable: detail.retryable ?? isRetryableTencentError(error),
    cause: error
  })
}

/** `YYYY-MM-DD HH:mm:ss` in Beijing time, as SCF writes AddTime, to ISO. */
function addTimeToIso(addTime: string | undefined): string | undefined {
  if (!addTime) return undefined
  const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)$/.exec(addTime)
  return m ? `${m[1]}T${m[2]}+08:00` : addTime
}

/** COS bucket `name-appid` to SCF's CosBucketName, which omits `-appid`. */
export function cosBucketName(bucket: string): string {
  return bucket.replace(/-\d+$/, '')
}

function fromGet(r: GetResponse): LayerVersion {
  const hex = (r.CodeSha256 ?? '').toLowerCase()
  const createdDate = addTimeToIso(r.AddTime)
  return {
    version: r.LayerVersion ?? 0,
    codeSha256: r.CodeSha256 ?? '',
    sha256Hex: hex,
    compatibleRuntimes: [...(r.CompatibleRuntimes ?? [])],
    compatibleArchitectures: [],
    description: r.Description ?? '',
    licenseInfo: r.LicenseInfo ?? '',
    ...(createdDate !== undefined && { createdDate }),
    ...(r.Status !== undefined && { status: r.Status }),
    ...(r.Location && { contentUrl: r.Location })
  }
}

/** Counts bytes through and hashes them, to check each part's ETag. */
function md5Tap(): Transform & { digest(): string } {
  const hash = createHash('md5')
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk)
      done(null, chunk)
    }
  }) as Transform & { digest(): string }
  tap.digest = () => hash.digest('hex')
  return tap
}

export class TencentLayerProvider implements LayerProvider {
  readonly id = 'tencent' as const
  readonly region: string
  readonly maxInlineBytes = TENCENT_INLINE_LIMIT
  readonly maxUnzippedBytes = TENCENT_UNZIPPED_LIMIT
  /** Overridable for tests; the real value is TENCENT_PART_SIZE. */
  partSize = TENCENT_PART_SIZE
  private cosClient?: Promise<CosApi>

  constructor(
    private readonly scfApi: ScfApi,
    /** COS is built only when an upload happens: most runs never need it. */
    cos: CosApi | (() => Promise<CosApi>),
    private readonly config: TencentProviderConfig,
    private readonly log: Logger,
    private readonly clock: Clock = realClock
  ) {
    this.region = config.region
    this.cosFactory = typeof cos === 'function' ? cos : async () => cos
  }

  private readonly cosFactory: () => Promise<CosApi>

  private storage(): Promise<CosApi> {
    this.cosClient ??= this.cosFactory()
    return this.cosClient
  }

  /** Secrets never reach a message we build, even if an SDK echoes them. */
  private redact = (text: string): string => {
    let out = text
    for (const secret of [
      this.config.secretKey,
      this.config.sessionToken,
      this.config.secretId
    ]) {
      if (secret && secret.length >= 4) out = out.split(secret).join('***')
    }
    return out
  }

  private fail(
    error: unknown,
    operation: string,
    detail: ErrorDetail = {}
  ): ProviderError {
    return toProviderError(error, operation, this.region, detail, this.redact)
  }

  /** One call with our retries; failures come back as ProviderError. */
  private async call<T>(
    operation: string,
    fn: () => Promise<T>,
    options: {
      detail?: ErrorDetail
      isRetryable?: (error: unknown) => boolean
      /** Whether the caller may retry once our attempts are spent. */
      retryableAfter?: (error: unknown) => boolean
    } = {}
  ): Promise<T> {
    const isRetryable = options.isRetryable ?? isRetryableTencentError
    const rounds = COS_SDK_RETRIED.has(operation)
      ? Math.ceil(this.config.maxAttempts / COS_SDK_TRIES)
      : this.config.maxAttempts
    let attempts = 0
    try {
      return await retry(
        async (attempt) => {
          attempts = attempt
          return await fn()
        },
        {
          attempts: rounds,
          isRetryable,
          sleep: (ms) => this.clock.sleep(ms),
          onRetry: (error, attempt, delay) =>
            this.log.info(
              `[${this.region}] ${operation} attempt ${attempt} of ${rounds} failed (${this.redact(errorMessage(error))}); retrying in ${delay} ms`
            )
        }
      )
    } catch (error) {
      if (error instanceof ProviderError) throw error
      throw this.fail(error, operation, {
        ...(options.retryableAfter && {
          retryable: options.retryableAfter(error)
        }),
        ...options.detail,
        attempts
      })
    }
  }

  async uploadArchive(
    archivePath: string,
    target: ObjectLocation,
    onProgress?: Progress,
    /** Fresh uploads left after another run swept ours and the object went too. */
    restarts = 1
  ): Promise<ObjectLocation> {
    const cos = await this.storage()
    const where = {
      Bucket: target.bucket,
      Region: target.region,
      Key: target.key
    }
    const detail = { bucket: target.bucket, key: target.key }
    const size = (await stat(archivePath)).size

    // The key is content-addressed: an object already there holds these bytes.
    try {
      await this.call('HeadObject', () => cos.headObject(where), {
        detail,
        // 404 (no object) and 403 (no HeadObject right, which an upload does
        // not need) end the lookup; they are not worth a retry.
        isRetryable: (e) =>
          ![403, 404].includes(Number((e as TencentLikeError).statusCode)) &&
          isRetryableTencentError(e)
      })
      this.log.info(
        `cos://${target.bucket}/${target.key} already holds this archive; not uploading it again`
      )
      onProgress?.(size, size)
      return target
    } catch (error) {
      const status =
        error instanceof ProviderError ? error.httpStatus : undefined
      if (status !== 404 && status !== 403) throw error
    }

    // An attempt that timed out may still start an upload, late.
    const started = this.clock.now()
    const unanswered = () =>
      this.unanswered.add(`${target.bucket}/${target.key}`)
    const init = await this.call(
      'InitiateMultipartUpload',
      () => cos.multipartInit({ ...where, ContentType: 'application/zip' }),
      { detail }
    ).catch((error: unknown) => {
      unanswered()
      throw error
    })
    if (
      this.clock.now() - started >=
      (this.config.requestTimeoutSeconds ?? 60) * 1000
    ) {
      unanswered()
    }
    const uploadId = init.UploadId
    try {
      const parts = await this.uploadParts(
        cos,
        archivePath,
        size,
        where,
        uploadId,
        onProgress
      )
      await this.complete(cos, where, uploadId, parts, size)
    } catch (error) {
      // Another run uploading the same archive finished first and swept our
      // upload away: the content-addressed object is there, which is all
      // that was wanted.
      if (error instanceof ProviderError && error.code === 'NoSuchUpload') {
        const there = await cos.headObject(where).then(
          () => true,
          () => false
        )
        if (there) {
          this.log.info(
            `cos://${target.bucket}/${target.key} was completed by another run meanwhile`
          )
          return target
        }
        // That run has since deleted the object (delete-object): upload anew.
        if (restarts > 0) {
          this.log.info(
            `cos://${target.bucket}/${target.key}: our upload was swept by another run and the object is gone; uploading again`
          )
          return this.uploadArchive(
            archivePath,
            target,
            onProgress,
            restarts - 1
          )
        }
      }
      // Parts of an unfinished upload are billed until aborted.
      try {
        await this.call(
          'AbortMultipartUpload',
          () => cos.multipartAbort({ ...where, UploadId: uploadId }),
          { detail }
        )
      } catch (abortError) {
        this.log.warning(
          `could not abort multipart upload ${uploadId} of cos://${target.bucket}/${target.key}; its parts stay billed until a lifecycle rule or 'coscli abort' removes them: ${errorMessage(abortError)}`
        )
      }
      throw error
    }
    await this.sweep(cos, where, uploadId)
    return target
  }

  /** Keys (`bucket/key`) whose InitiateMultipartUpload lost an attempt. */
  private readonly unanswered = new Set<string>()

  async sweepUploads(target: ObjectLocation): Promise<void> {
    if (!this.unanswered.has(`${target.bucket}/${target.key}`)) return
    const cos = await this.storage()
    await this.sweep(
      cos,
      { Bucket: target.bucket, Region: target.region, Key: target.key },
      ''
    )
  }

  /**
   * Aborts other unfinished uploads of this key: an InitiateMultipartUpload
   * whose answer was lost (the SDK retries it itself) or an earlier failed
   * run leaves one, billed until aborted. Once the object exists they hold
   * nothing anyone needs; a concurrent run of the same archive that loses
   * its upload finds the object and succeeds. Best effort.
   */
  private async sweep(
    cos: CosApi,
    where: CosTarget,
    ours: string
  ): Promise<void> {
    try {
      const listed = await this.call('ListMultipartUploads', () =>
        cos.multipartList({
          Bucket: where.Bucket,
          Region: where.Region,
          Prefix: where.Key
        })
      )
      const stale = (listed.Upload ?? []).filter(
        (u) => u.Key === where.Key && u.UploadId && u.UploadId !== ours
      )
      for (const u of stale) {
        await cos.multipartAbort({ ...where, UploadId: u.UploadId ?? '' })
      }
      if (stale.length > 0) {
        this.log.info(
          `aborted ${stale.length} unfinished multipart upload(s) of cos://${where.Bucket}/${where.Key}`
        )
      }
    } catch (error) {
      this.log.debug(
        `could not look for unfinished uploads of ${where.Key}: ${this.redact(errorMessage(error))}`
      )
    }
  }

  private async uploadParts(
    cos: CosApi,
    archivePath: string,
    size: number,
    where: CosTarget,
    uploadId: string,
    onProgress?: Progress
  ): Promise<Array<{ PartNumber: number; ETag: string }>> {
    const partSize = Math.max(this.partSize, Math.ceil(size / MAX_PARTS))
    const count = Math.max(1, Math.ceil(size / partSize))
    const loaded = new Map<number, number>()
    const report = () => {
      let sum = 0
      for (const n of loaded.values()) sum += n
      onProgress?.(Math.min(sum, size), size)
    }
    const results: Array<{ PartNumber: number; ETag: string }> = []
    let next = 1
    let failed = false
    const worker = async () => {
      while (!failed && next <= count) {
        const partNumber = next++
        const start = (partNumber - 1) * partSize
        const length = Math.min(partSize, size - start)
        try {
          const etag = await this.call(
            'UploadPart',
            async () => {
              loaded.set(partNumber, 0)
              const tap = md5Tap()
              const body = createReadStream(archivePath, {
                start,
                end: start + length - 1
              }).pipe(tap)
              const r = await cos.multipartUpload({
                ...where,
                UploadId: uploadId,
                PartNumber: partNumber,
                Body: body,
                ContentLength: length,
                onProgress: (p) => {
                  loaded.set(partNumber, p.loaded)
                  report()
                }
              })
              const got = (r.ETag ?? '').replace(/"/g, '').toLowerCase()
              const sent = tap.digest()
              if (got !== sent) {
                throw new ProviderError({
                  provider: 'tencent',
                  operation: 'cos:UploadPart',
                  region: this.region,
                  code: 'BadDigest',
                  message: `COS stored part ${partNumber} with ETag ${got || '(none)'}, but its MD5 is ${sent}`,
                  retryable: true
                })
              }
              loaded.set(partNumber, length)
              report()
              return r.ETag
            },
            { detail: { bucket: where.Bucket, key: where.Key } }
          )
          results.push({ PartNumber: partNumber, ETag: etag })
        } catch (error) {
          failed = true
          throw error
        }
      }
    }
    const workers = Array.from(
      { length: Math.min(TENCENT_UPLOAD_CONCURRENCY, count) },
      worker
    )
    const settled = await Promise.allSettled(workers)
    const rejected = settled.find((s) => s.status === 'rejected')
    if (rejected) throw (rejected as PromiseRejectedResult).reason
    return results.sort((a, b) => a.PartNumber - b.PartNumber)
  }

  private async complete(
    cos: CosApi,
    where: CosTarget,
    uploadId: string,
    parts: Array<{ PartNumber: number; ETag: string }>,
    size: number
  ): Promise<void> {
    const detail = { bucket: where.Bucket, key: where.Key }
    try {
      await this.call(
        'CompleteMultipartUpload',
        () =>
          cos.multipartComplete({ ...where, UploadId: uploadId, Parts: parts }),
        { detail }
      )
    } catch (error) {
      // A retry after a lost answer finds the upload already completed.
      if (error instanceof ProviderError && error.code === 'NoSuchUpload') {
        const head = await cos.headObject(where).catch(() => undefined)
        if (head) {
          this.log.debug(
            `multipart upload ${uploadId} was already completed (${size} bytes)`
          )
          return
        }
      }
      throw error
    }
  }

  async deleteObject(location: ObjectLocation): Promise<void> {
    const cos = await this.storage()
    await this.call(
      'DeleteObject',
      () =>
        cos.deleteObject({
          Bucket: location.bucket,
          Region: location.region,
          Key: location.key
        }),
      { detail: { bucket: location.bucket, key: location.key } }
    )
  }

  async publishLayer(
    settings: LayerSettings,
    content: LayerContent,
    expectedSha256Hex: string
  ): Promise<LayerVersion> {
    const name = settings.layerName
    const request: PublishRequest = {
      LayerName: name,
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
    const detail: ErrorDetail = {
      layerName: name,
      ...(content.kind === 'object' && {
        bucket: content.location.bucket,
        key: content.location.key
      })
    }
    const response = await this.call(
      'PublishLayerVersion',
      () => this.scfApi.PublishLayerVersion(request),
      {
        detail,
        // Not idempotent: only a throttled call surely created nothing.
        isRetryable: isThrottle,
        // Network errors and 5xx go back to publish.ts, which looks for a
        // version the lost answer created before trying again; throttling
        // has had all its attempts here.
        retryableAfter: (e) => !isThrottle(e) && isRetryableTencentError(e)
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
    const ready = await this.waitActive(name, version)
    if (ready.sha256Hex !== expectedSha256Hex.toLowerCase()) {
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
    return this.waitActive(layerName, version)
  }

  /** Polls until Active; PublishFailed and the wait-timeout are errors. */
  private async waitActive(
    name: string,
    version: number
  ): Promise<LayerVersion> {
    const timeoutMs = this.config.waitTimeoutSeconds * 1000
    const deadline = this.clock.now() + timeoutMs
    let delay = POLL_FIRST_MS
    for (;;) {
      const current = await this.getVersion(name, version, {
        // The version exists; publishing again would not help.
        retryable: false,
        context: `version ${version} of ${name} was published, but its status could not be read`
      })
      const status = current.status ?? ''
      if (status === 'Active') return current
      if (status === 'PublishFailed') {
        // A failed version is unusable but counts toward the 200-version cap.
        let cleanup = 'it was deleted'
        try {
          await this.deleteVersion(name, version)
        } catch {
          cleanup =
            'it could not be deleted and stays listed until you delete it'
        }
        throw new ProviderError({
          provider: 'tencent',
          operation: 'scf:PublishLayerVersion',
          region: this.region,
          code: 'PublishFailed',
          message: `SCF could not publish ${name} version ${version} (status PublishFailed); ${cleanup}. Check that the archive is a valid zip and unzips to under 500 MB`
        })
      }
      if (status !== 'Publishing' && status !== '') {
        throw new ProviderError({
          provider: 'tencent',
          operation: 'scf:GetLayerVersion',
          region: this.region,
          code: 'UnexpectedStatus',
          message: `${name} version ${version} went to status ${status} while waiting for Active`
        })
      }
      const left = deadline - this.clock.now()
      if (left <= 0) {
        throw new ProviderError({
          provider: 'tencent',
          operation: 'scf:GetLayerVersion',
          region: this.region,
          code: 'WaitTimeout',
          message: `${name} version ${version} is still ${status || 'Publishing'} after ${this.config.waitTimeoutSeconds} s; raise 'wait-timeout' or check the layer in the SCF console`
        })
      }
      this.log.debug(
        `[${this.region}] ${name} version ${version} is ${status || 'Publishing'}; checking again in ${Math.min(delay, left)} ms`
      )
      await this.clock.sleep(Math.min(delay, left))
      delay = Math.min(POLL_MAX_MS, Math.round(delay * 1.5))
    }
  }

  async listVersions(layerName: string): Promise<LayerVersionSummary[]> {
    let response
    try {
      response = await this.call(
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
    const r = await this.call(
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
      await this.call(
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

/** Splits `http://host:port/path` into the SCF SDK's protocol and endpoint. */
export function scfEndpoint(endpoint: string): {
  protocol: string
  endpoint: string
} {
  const m = /^(https?):\/\/(.*)$/i.exec(endpoint.trim())
  const scheme = (m?.[1] ?? 'https').toLowerCase()
  const rest = (m ? (m[2] ?? '') : endpoint.trim()).replace(/\/+$/, '')
  return { protocol: `${scheme}://`, endpoint: rest }
}

/**
 * COS client options for a `storage-endpoint-url`:
 * - a Domain template (contains `{Bucket}`) is used as given;
 * - an IP address or `localhost` (emulators, proxies) gets every request,
 *   with the bucket named in the Host header as on real COS (`Ip`);
 * - any other host name is a virtual-hosted domain: `{Bucket}.<host>`.
 */
export function cosEndpointOptions(
  storageEndpoint: string
): Record<string, string | boolean> {
  const trimmed = storageEndpoint.trim().replace(/\/+$/, '')
  const m = /^(https?):\/\/(.*)$/i.exec(trimmed)
  const Protocol = `${(m?.[1] ?? 'https').toLowerCase()}:`
  const hostAndPath = m ? (m[2] ?? '') : trimmed
  if (/\{Bucket(Name)?\}/i.test(trimmed)) {
    return { Protocol, Domain: trimmed, AutoSwitchHost: false }
  }
  const host = hostAndPath.split('/')[0] ?? ''
  const hostname = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '')
  const literal =
    /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) ||
    hostname.includes(':') ||
    hostname === 'localhost'
  if (literal) return { Protocol, Ip: host, AutoSwitchHost: false }
  return { Protocol, Domain: `{Bucket}.${host}`, AutoSwitchHost: false }
}

/** Adapts the COS SDK's callback API to the promises CosApi promises. */
export function wrapCos(cos: COS): CosApi {
  const call = <T>(
    fn: (params: never, cb: (err: unknown, data: T) => void) => unknown,
    params: unknown
  ): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      fn.call(cos, params as never, (err, data) => {
        if (err) reject(err as Error)
        else resolve(data)
      })
    })
  return {
    headObject: (p) => call(cos.headObject as never, p),
    multipartInit: (p) => call(cos.multipartInit as never, p),
    multipartUpload: (p) => call(cos.multipartUpload as never, p),
    multipartComplete: (p) => call(cos.multipartComplete as never, p),
    multipartAbort: (p) => call(cos.multipartAbort as never, p),
    multipartList: (p) => call(cos.multipartList as never, p),
    deleteObject: (p) => call(cos.deleteObject as never, p)
  }
}

/** Builds the real clients for one region. */
export function createTencentProvider(
  config: TencentProviderConfig,
  log: Logger
): TencentLayerProvider {
  const timeoutSeconds = config.requestTimeoutSeconds ?? 60
  const http = config.endpoint ? scfEndpoint(config.endpoint) : undefined
  const client = new scf.v20180416.Client({
    credential: {
      secretId: config.secretId,
      secretKey: config.secretKey,
      ...(config.sessionToken !== undefined && { token: config.sessionToken })
    },
    region: config.region,
    profile: {
      httpProfile: {
        reqTimeout: timeoutSeconds,
        ...(http && { endpoint: http.endpoint, protocol: http.protocol })
      }
    }
  })
  const cosFactory = async (): Promise<CosApi> => {
    const { default: COSClient } = await import('cos-nodejs-sdk-v5')
    const cos = new COSClient({
      SecretId: config.secretId,
      SecretKey: config.secretKey,
      ...(config.sessionToken !== undefined && {
        SecurityToken: config.sessionToken
      }),
      Timeout: timeoutSeconds * 1000,
      ...(config.storageEndpoint !== undefined &&
        cosEndpointOptions(config.storageEndpoint))
    })
    return wrapCos(cos)
  }
  return new TencentLayerProvider(client, cosFactory, config, log)
}
