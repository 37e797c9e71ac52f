/**
 * What the Tencent adapter needs from its SDKs and its surroundings, as
 * types: the SCF and COS calls it makes (unit tests pass fakes), its
 * configuration and its clock.
 */
import type { Readable } from 'node:stream'
import type { scf } from 'tencentcloud-sdk-nodejs-scf'
import { realSleep } from '../../util/retry.js'

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
  | 'GetFunction'
  | 'UpdateFunctionConfiguration'
>
export type PublishRequest = Parameters<ScfClient['PublishLayerVersion']>[0]
export type GetResponse = Awaited<ReturnType<ScfClient['GetLayerVersion']>>
export type FunctionResponse = Awaited<ReturnType<ScfClient['GetFunction']>>

export interface CosTarget {
  Bucket: string
  Region: string
  Key: string
}

export interface CosPart {
  PartNumber: number
  ETag: string
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
    params: CosTarget & { UploadId: string; Parts: CosPart[] }
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
export const realClock: Clock = { sleep: realSleep, now: () => Date.now() }

/** TencentCloudSDKHttpException and COS SDK errors, as far as we read them. */
export interface TencentLikeError {
  code?: string
  message?: string
  requestId?: string
  traceId?: string
  httpCode?: number
  statusCode?: number
  headers?: Record<string, string | undefined>
  error?: { Code?: string; Message?: string; RequestId?: string }
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
