/**
 * Tencent error table: SCF and COS error code → message with a hint, kind
 * and whether another attempt may help. Messages say what to do next.
 */
import { errorMessage, ProviderError } from '../../errors.js'
import { lookup, type ErrorRow } from '../error-table.js'
import { networkFailure } from '../network-errors.js'
import { PROVIDER_RULES } from '../rules.js'
import type { ErrorDetail, TencentLikeError } from './api.js'

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
  DeleteObject: 'name/cos:DeleteObject',
  GetFunction: 'name/scf:GetFunction',
  UpdateFunctionConfiguration: 'name/scf:UpdateFunctionConfiguration'
}
const isCos = (operation: string) => CAM_ACTION[operation]?.includes('/cos:')

export type { ErrorDetail, TencentLikeError } from './api.js'

/** What a row of the table sees of one failure. */
interface Failure {
  code: string | undefined
  raw: string
  status: number | undefined
  region: string
  /** 'SCF' or 'COS', as messages name the service. */
  service: string
  cam: string
  /** Quoted bucket name, or "the bucket". */
  bucket: string
  detail: ErrorDetail
}

const MiB = 1024 * 1024
const after = (f: Failure) =>
  (f.detail.attempts ?? 0) > 1 ? ` after ${f.detail.attempts} attempts` : ''
const cosUnreadable = (f: Failure) =>
  `SCF could not read the archive from COS (${f.detail.bucket ?? 'bucket'}/${f.detail.key ?? 'key'}): the bucket must exist in ${f.region}, the layer's region, and hold the object. (${f.raw})`
const accessDenied = (f: Failure) =>
  `access denied: the credentials need the CAM permission ${f.cam}${f.service === 'COS' ? ` on ${f.bucket}` : ''} (see README, Permissions). (${f.raw})`
const COS_CODES = [
  'InvalidParameterValue.Cos',
  'InvalidParameterValue.CosBucketName',
  'InvalidParameterValue.CosBucketRegion',
  'InvalidParameterValue.CosObjectName'
]

/** First matching row wins. */
const TENCENT_ERRORS: ReadonlyArray<ErrorRow<Failure>> = [
  {
    codes: ['AccessDenied'],
    when: (f) => /Request has expired/i.test(f.raw),
    message: (f) =>
      `COS refused the request as expired; check the runner's clock. (${f.raw})`
  },
  {
    codes: ['LimitExceeded.LayerVersions'],
    message: (f) =>
      `layer ${f.detail.layerName ? `'${f.detail.layerName}' ` : ''}already has the most versions SCF keeps per layer (200) in ${f.region}. Delete old versions, e.g. set 'keep-versions' (such as 50) so each run prunes them, then run again. (${f.raw})`
  },
  {
    codes: ['LimitExceeded.Layers'],
    message: (f) =>
      `${f.region} already has the most layers SCF allows per region (20 by default). Reuse an existing layer name or delete unused layers. (${f.raw})`
  },
  {
    codes: [
      'UnauthorizedOperation.CAM',
      'AuthFailure.UnauthorizedOperation',
      'UnauthorizedOperation',
      'AccessDenied'
    ],
    kind: 'access-denied',
    message: accessDenied
  },
  {
    // COS answers a denied HEAD with a bare 403.
    when: (f) => f.service === 'COS' && f.status === 403 && !f.code,
    kind: 'access-denied',
    message: accessDenied
  },
  {
    codes: [
      'AuthFailure.SecretIdNotFound',
      'AuthFailure.InvalidSecretId',
      'InvalidAccessKeyId'
    ],
    message: (f) =>
      `the SecretId is not known to Tencent Cloud: check 'tencent-secret-id' (TENCENTCLOUD_SECRET_ID) and that the key is enabled. (${f.raw})`
  },
  {
    codes: ['AuthFailure.SignatureFailure', 'SignatureDoesNotMatch'],
    message: (f) =>
      `the request signature was rejected: check that 'tencent-secret-key' (TENCENTCLOUD_SECRET_KEY) belongs to the SecretId. (${f.raw})`
  },
  {
    codes: ['AuthFailure.SignatureExpire'],
    message: (f) =>
      `the request was signed with a clock more than 5 minutes off; check the runner's clock. (${f.raw})`
  },
  {
    codes: ['AuthFailure.TokenFailure'],
    message: (f) =>
      `the session token was rejected or has expired: refresh 'tencent-session-token' (TENCENTCLOUD_SESSION_TOKEN). (${f.raw})`
  },
  {
    codes: ['RequestSizeLimitExceeded'],
    message: (f) =>
      `the inline archive made the request larger than SCF's 10 MB cap; archives above ${PROVIDER_RULES.tencent.maxInlineBytes / MiB} MiB go through COS, so this is a bug worth reporting. (${f.raw})`
  },
  {
    codes: ['NoSuchBucket'],
    kind: 'not-found',
    message: (f) =>
      `bucket ${f.bucket} does not exist in ${f.region}. Create it there or fix 'bucket' (COS names are name-appid, and the bucket must be in the layer's region; use {region} for several regions).`
  },
  {
    // SCF could not read the uploaded archive: the object is gone.
    codes: COS_CODES,
    when: (f) =>
      /Cos object .* does not exist|NoSuchKey|NoSuchObject/i.test(f.raw),
    kind: 'object-missing',
    message: cosUnreadable
  },
  { codes: COS_CODES, message: cosUnreadable },
  {
    codes: ['RequestLimitExceeded.*', 'SlowDown'],
    kind: 'throttled',
    retryable: true,
    message: (f) =>
      `throttled by ${f.service}${after(f)}; raise 'max-attempts' or publish to fewer regions at once. (${f.raw})`
  },
  {
    // Not retried: the version stays, and retention reports it as kept.
    codes: ['ResourceInUse.LayerVersion'],
    kind: 'in-use',
    message: (f) =>
      `the version is still bound to a function, so SCF keeps it. (${f.raw})`
  },
  {
    // Publish: another version of the layer is still Publishing.
    codes: ['ResourceInUse', 'ResourceInUse.Function'],
    kind: 'conflict',
    retryable: true,
    message: (f) =>
      `${f.detail.layerName ? `layer '${f.detail.layerName}'` : 'the resource'} was still busy with another change${after(f)} (ResourceInUse); run again once it is Active, or raise 'max-attempts'. (${f.raw})`
  },
  {
    // An update while the function is still Updating (a repeat after a lost
    // answer): the function policy waits, reads again and decides.
    codes: ['FailedOperation.UpdateFunctionConfiguration'],
    kind: 'conflict',
    message: (f) => `the function was still changing. (${f.raw})`
  },
  {
    codes: ['FailedOperation.OperationConflict'],
    kind: 'conflict',
    retryable: true,
    message: (f) =>
      `SCF refused the call while another operation on the same resource was running${after(f)} (FailedOperation.OperationConflict); run again, or raise 'max-attempts'. (${f.raw})`
  },
  { codes: ['InternalError.*', 'ServiceUnavailable'], retryable: true }
]

/** COS answers HEAD errors without a body; the SDK then uses the status. */
function codeOf(e: TencentLikeError): string | undefined {
  const code = e.error?.Code ?? e.code
  return code === '' || (code !== undefined && /^\d+$/.test(code))
    ? undefined
    : code
}

function failureOf(
  e: TencentLikeError,
  code: string | undefined,
  raw: string,
  operation: string,
  region: string,
  detail: ErrorDetail
): Failure {
  const service = isCos(operation) ? 'cos' : 'scf'
  return {
    code,
    raw,
    status: e.httpCode ?? e.statusCode,
    region,
    service: service.toUpperCase(),
    cam: CAM_ACTION[operation] ?? `name/${service}:${operation}`,
    bucket: detail.bucket ? `'${detail.bucket}'` : 'the bucket',
    detail
  }
}

/** True for failures a later attempt may not see. */
export function isRetryableTencentError(error: unknown): boolean {
  if (error instanceof ProviderError) return error.retryable
  const e = (error ?? {}) as TencentLikeError
  const code = e.error?.Code ?? e.code
  const status = e.httpCode ?? e.statusCode
  const f = failureOf(e, code, e.message ?? '', '', '', {})
  if (lookup(TENCENT_ERRORS, f)?.retryable) return true
  if (status !== undefined) return status >= 500 || status === 429
  // No HTTP answer at all: a network failure (the SCF SDK keeps only the
  // message; COS keeps Node's code).
  return networkFailure(code, `${code ?? ''} ${e.message ?? ''}`) !== undefined
}

/**
 * True when the call was refused before doing anything (throttled, or the
 * resource busy), so even a non-idempotent call may be repeated.
 */
export function wasRefused(error: unknown): boolean {
  const e = (error ?? {}) as TencentLikeError
  const code = e.error?.Code ?? e.code ?? ''
  return /^(RequestLimitExceeded(\..*)?|SlowDown|ResourceInUse|FailedOperation\.OperationConflict)$/.test(
    code
  )
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
  const code = codeOf(e)
  const httpStatus = e.httpCode ?? e.statusCode
  const raw = redact(e.error?.Message ?? e.message ?? errorMessage(error))
  const f = failureOf(e, code, raw, operation, region, detail)
  const row = lookup(TENCENT_ERRORS, f)
  const network =
    httpStatus === undefined &&
    (code === undefined || /^E[A-Z]+$/.test(code)) &&
    networkFailure(code, `${code ?? ''} ${e.message ?? ''}`) !== undefined
  let message = row?.message?.(f) ?? raw
  if (row?.message === undefined && network) {
    message = `no answer from ${f.service}${after(f)}: ${raw}`
  } else if (
    row?.message === undefined &&
    httpStatus !== undefined &&
    httpStatus >= 300 &&
    !code
  ) {
    message = `${f.service} answered HTTP ${httpStatus} (${raw})`
  }
  return new ProviderError({
    provider: 'tencent',
    operation: `${f.service.toLowerCase()}:${operation}`,
    region,
    message: detail.context ? `${detail.context}: ${message}` : message,
    code,
    requestId: requestIdOf(e),
    httpStatus,
    retryable: detail.retryable ?? isRetryableTencentError(error),
    kind: row?.kind ?? (network ? 'no-response' : undefined),
    cause: error
  })
}

/**
 * An SCF answer that is an HTTP error has no body the SDK reads; the
 * X-TC-TraceId it keeps is then the one id to quote to support.
 */
function requestIdOf(e: TencentLikeError): string | undefined {
  return (
    e.error?.RequestId ??
    (e.requestId || undefined) ??
    e.headers?.['x-cos-request-id'] ??
    (e.traceId || undefined)
  )
}
