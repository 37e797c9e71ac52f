/**
 * AWS error table: SDK error code → message with a hint, kind and whether
 * another attempt may help. Messages say what to do next.
 */
import { parseRuntimeRefusal } from '../../checks/aws-runtimes.js'
import { ProviderError } from '../../errors.js'
import { lookup, type ErrorRow } from '../error-table.js'
import { networkFailure } from '../network-errors.js'
import type { MissingProfile } from './profile.js'

/** The IAM action each call needs, for AccessDenied messages. */
const IAM_ACTION: Record<string, string> = {
  PublishLayerVersion: 'lambda:PublishLayerVersion',
  GetLayerVersion: 'lambda:GetLayerVersion',
  ListLayerVersions: 'lambda:ListLayerVersions',
  DeleteLayerVersion: 'lambda:DeleteLayerVersion',
  AddLayerVersionPermission: 'lambda:AddLayerVersionPermission',
  GetFunctionConfiguration: 'lambda:GetFunctionConfiguration',
  UpdateFunctionConfiguration: 'lambda:UpdateFunctionConfiguration',
  PublishVersion: 'lambda:PublishVersion',
  GetAlias: 'lambda:GetAlias',
  CreateAlias: 'lambda:CreateAlias',
  UpdateAlias: 'lambda:UpdateAlias',
  ListFunctions: 'lambda:ListFunctions',
  HeadObject: 's3:GetObject',
  PutObject: 's3:PutObject',
  Upload: 's3:PutObject',
  CreateMultipartUpload: 's3:PutObject',
  UploadPart: 's3:PutObject',
  CompleteMultipartUpload: 's3:PutObject',
  AbortMultipartUpload: 's3:AbortMultipartUpload',
  ListMultipartUploads: 's3:ListBucketMultipartUploads',
  DeleteObject: 's3:DeleteObject'
}

export interface AwsLikeError {
  name?: string
  Code?: string
  code?: string
  message?: string
  $fault?: string
  $retryable?: unknown
  $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number }
  $response?: { headers?: Record<string, string> }
  /** Set by our S3 middleware: the command that failed inside lib-storage. */
  $command?: string | undefined
  /** Set by our middleware on a credentials failure: see profile.ts. */
  $profile?: MissingProfile | null
}

/** What a row of the table sees of one failure. */
interface Failure {
  code: string | undefined
  raw: string
  operation: string
  region: string
  service: 's3' | 'lambda'
  status: number | undefined
  /** Quoted bucket name, or "the bucket". */
  bucket: string
  error: AwsLikeError
}

const bucketRegion = (f: Failure) =>
  f.error.$response?.headers?.['x-amz-bucket-region']

const FUNCTION_OPERATIONS = new Set([
  'GetFunctionConfiguration',
  'UpdateFunctionConfiguration',
  'PublishVersion',
  'GetAlias',
  'CreateAlias',
  'UpdateAlias'
])

/** What an access-denied call was about, for its hint. */
const resource = (f: Failure) => {
  if (f.service === 's3') return `bucket (${f.bucket})`
  if (f.operation === 'ListFunctions') return "region's functions"
  return FUNCTION_OPERATIONS.has(f.operation) ? 'function' : 'layer'
}

const throttled = (f: Failure) =>
  `throttled by AWS after ${f.error.$metadata?.attempts ?? 'several'} attempts; raise 'max-attempts' or publish to fewer regions at once. ${f.raw}`

/** First matching row wins. */
const AWS_ERRORS: ReadonlyArray<ErrorRow<Failure>> = [
  {
    when: (f) => Boolean(f.error.$profile),
    message: (f) => {
      const { profile, files } = f.error.$profile as MissingProfile
      return `AWS_PROFILE names the profile '${profile}', which neither ${files[0]} nor ${files[1]} defines. Fix AWS_PROFILE, or unset it and configure credentials before this step (see README, Credentials).`
    }
  },
  {
    when: (f) =>
      f.code === 'CredentialsProviderError' ||
      /Could not load credentials/.test(f.raw),
    message: (f) =>
      `no AWS credentials were found. Configure them before this step, e.g. with aws-actions/configure-aws-credentials and OIDC (see README, Credentials). ${f.raw}`
  },
  {
    when: (f) =>
      f.status === 403 &&
      /AccessDenied|Forbidden|UnauthorizedOperation|AuthorizationError/i.test(
        `${f.code} ${f.raw}`
      ),
    kind: 'access-denied',
    message: (f) =>
      `access denied: the credentials need ${IAM_ACTION[f.operation] ?? f.operation} on this ${resource(f)} (see README, Permissions). ${f.raw}`
  },
  {
    codes: ['NoSuchBucket'],
    kind: 'not-found',
    message: (f) =>
      `bucket ${f.bucket} does not exist. Create it in ${f.region} or fix 'bucket' (it must be in the layer's region; use {region} for several regions).`
  },
  {
    // HEAD answers have no body: a wrong-region bucket shows only as this header.
    when: (f) =>
      (bucketRegion(f) !== undefined && bucketRegion(f) !== f.region) ||
      f.code === 'PermanentRedirect' ||
      f.code === 'AuthorizationHeaderMalformed' ||
      f.code === 'IllegalLocationConstraintException' ||
      /PermanentRedirect|The bucket is in this region/.test(f.raw),
    message: (f) => {
      const other =
        bucketRegion(f) ??
        /this region: ([a-z0-9-]+)/.exec(f.raw)?.[1] ??
        /expecting '([a-z0-9-]+)'/.exec(f.raw)?.[1]
      return `bucket ${f.bucket} is in ${other ?? 'another region'}, not ${f.region}: Lambda reads layer archives only from a bucket in the layer's region. Use a bucket per region, e.g. 'my-layers-{region}'.`
    }
  },
  {
    codes: ['RequestEntityTooLargeException'],
    message: (f) =>
      `the inline archive was refused as too large; this action sends archives above 50 MiB through S3, so this is a bug worth reporting. ${f.raw}`
  },
  {
    codes: ['CodeStorageExceededException'],
    message: (f) =>
      `the account's Lambda code storage quota is full. Delete old layer versions (see 'keep-versions') or ask for a quota increase. ${f.raw}`
  },
  {
    codes: ['TooManyRequestsException', 'SlowDown'],
    kind: 'throttled',
    retryable: true,
    message: throttled
  },
  { codes: ['ThrottlingException'], kind: 'throttled', message: throttled },
  { codes: ['TimeoutError'], retryable: true },
  {
    // The function changed since it was read (RevisionId) or is mid-update:
    // the caller re-reads rather than repeating the same call.
    codes: ['PreconditionFailedException', 'ResourceConflictException'],
    kind: 'conflict'
  },
  {
    // Lambda could not read the uploaded archive: the object is gone.
    when: (f) =>
      f.operation === 'PublishLayerVersion' &&
      /NoSuchKey|NoSuchObject/i.test(f.raw),
    kind: 'object-missing'
  }
]

/** Maps any SDK error to a ProviderError whose message says what to do. */
export function toProviderError(
  error: unknown,
  operation: string,
  region: string,
  detail: { bucket?: string; key?: string } = {}
): ProviderError {
  const e = (error ?? {}) as AwsLikeError
  const f: Failure = {
    code: e.Code ?? e.name,
    raw: e.message ?? String(error),
    operation,
    region,
    service: IAM_ACTION[operation]?.startsWith('s3:') ? 's3' : 'lambda',
    status: e.$metadata?.httpStatusCode,
    bucket: detail.bucket ? `'${detail.bucket}'` : 'the bucket',
    error: e
  }
  const row = lookup(AWS_ERRORS, f)
  const requestId = e.$metadata?.requestId
  const network = networkFailure(e.code, f.raw)
  const lost =
    requestId === undefined
      ? noResponse(network, f.code === 'TimeoutError', f.raw, e)
      : undefined
  const message = lost ?? row?.message?.(f) ?? f.raw
  const retryable =
    row?.retryable === true ||
    Boolean(e.$retryable) ||
    (f.status !== undefined && f.status >= 500) ||
    network !== undefined
  return new ProviderError({
    provider: 'aws',
    operation: `${f.service}:${operation}`,
    region,
    message,
    // The SDK names a reset `TimeoutError`; the message says what happened.
    code: lost !== undefined && f.code === 'TimeoutError' ? undefined : f.code,
    requestId,
    httpStatus: f.status,
    retryable,
    kind: row?.kind ?? (lost !== undefined ? 'no-response' : undefined),
    cause: error
  })
}

/**
 * PublishLayerVersion refusing runtimes (ValidationException listing the
 * values it accepts) is a problem with the input, so it is not retried; it
 * is a ProviderError, not an InputError, because calls were already made.
 * Undefined for any other failure.
 */
export function runtimeRefusal(
  error: unknown,
  runtimes: readonly string[],
  region: string
): ProviderError | undefined {
  const e = (error ?? {}) as AwsLikeError
  if ((e.Code ?? e.name) !== 'ValidationException') return undefined
  const refusal = parseRuntimeRefusal(e.message ?? '', runtimes)
  if (!refusal || refusal.refused.length === 0) return undefined
  const refused = refusal.refused.map((r) => `'${r}'`).join(', ')
  const verb = refusal.refused.length === 1 ? 'is' : 'are'
  return new ProviderError({
    provider: 'aws',
    operation: 'lambda:PublishLayerVersion',
    region,
    code: 'ValidationException',
    requestId: e.$metadata?.requestId,
    httpStatus: e.$metadata?.httpStatusCode,
    retryable: false,
    message: `Input 'compatible-runtimes': ${refused} ${verb} not accepted by Lambda in ${region}, which accepts ${refusal.accepted.join(', ')}`,
    cause: error
  })
}

/** The message for a call that got no answer; undefined if it got one. */
function noResponse(
  network: ReturnType<typeof networkFailure>,
  sdkTimeout: boolean,
  raw: string,
  e: AwsLikeError
): string | undefined {
  const tries = e.$metadata?.attempts
  const after =
    tries !== undefined
      ? `, after ${tries} attempt${tries === 1 ? '' : 's'}`
      : ''
  if (network === 'closed') {
    return `no response: the connection was closed before an answer (${e.code ?? 'reset'}: ${raw})${after}; no request id was received`
  }
  if (network === 'timeout' || sdkTimeout) {
    return `no response in time (${raw})${after}; no request id was received`
  }
  return undefined
}
