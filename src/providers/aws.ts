/**
 * AWS adapter: Lambda layer calls and S3 multipart uploads. All AWS SDK use
 * lives here. Credentials come only from the SDK's default chain (OIDC via
 * configure-aws-credentials, env, profiles), never from inputs.
 */
import { createReadStream } from 'node:fs'
import {
  AddLayerVersionPermissionCommand,
  DeleteLayerVersionCommand,
  GetLayerVersionCommand,
  LambdaClient,
  ListLayerVersionsCommand,
  PublishLayerVersionCommand,
  type GetLayerVersionResponse,
  type LayerVersionContentInput
} from '@aws-sdk/client-lambda'
import type { S3Client } from '@aws-sdk/client-s3'
import { ProviderError } from '../errors.js'
import type { Logger } from '../log.js'
import { PROVIDER_RULES } from './rules.js'
import type {
  LayerContent,
  LayerProvider,
  LayerSettings,
  LayerVersion,
  LayerVersionSummary,
  ObjectLocation,
  Progress
} from './types.js'

export interface AwsProviderConfig {
  region: string
  maxAttempts: number
  endpointUrl?: string
  storageEndpointUrl?: string
  /** Socket inactivity timeout per request. */
  requestTimeoutMs: number
  connectTimeoutMs: number
  userAgent: string
}

const MiB = 1024 * 1024
/** Multipart: 6 parallel 8 MiB parts (~48 MiB in flight) beat a per-connection bandwidth cap 3x+ (npm run bench). */
export const PART_SIZE = 8 * MiB
export const UPLOAD_QUEUE_SIZE = 6

/** The IAM action each call needs, for AccessDenied messages. */
const IAM_ACTION: Record<string, string> = {
  PublishLayerVersion: 'lambda:PublishLayerVersion',
  GetLayerVersion: 'lambda:GetLayerVersion',
  ListLayerVersions: 'lambda:ListLayerVersions',
  DeleteLayerVersion: 'lambda:DeleteLayerVersion',
  AddLayerVersionPermission: 'lambda:AddLayerVersionPermission',
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

interface AwsLikeError {
  name?: string
  Code?: string
  message?: string
  $fault?: string
  $retryable?: unknown
  $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number }
  $response?: { headers?: Record<string, string> }
  /** Set by our S3 middleware: the command that failed inside lib-storage. */
  $command?: string | undefined
}

/** Node's codes for a connection that died without an answer. */
const RESET_CODES = ['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ECONNABORTED']

/** Maps any SDK error to a ProviderError whose message says what to do. */
export function toProviderError(
  error: unknown,
  operation: string,
  region: string,
  detail: { bucket?: string; key?: string } = {}
): ProviderError {
  const e = (error ?? {}) as AwsLikeError
  const service = IAM_ACTION[operation]?.startsWith('s3:') ? 's3' : 'lambda'
  const code = e.Code ?? e.name
  const status = e.$metadata?.httpStatusCode
  const requestId = e.$metadata?.requestId
  const raw = e.message ?? String(error)
  let message = raw
  const bucket = detail.bucket ? `'${detail.bucket}'` : 'the bucket'
  if (
    code === 'CredentialsProviderError' ||
    /Could not load credentials/.test(raw)
  ) {
    message = `no AWS credentials were found. Configure them before this step, e.g. with aws-actions/configure-aws-credentials and OIDC (see README, Credentials). ${raw}`
  } else if (
    status === 403 &&
    /AccessDenied|Forbidden|UnauthorizedOperation|AuthorizationError/i.test(
      `${code} ${raw}`
    )
  ) {
    message = `access denied: the credentials need ${IAM_ACTION[operation] ?? operation} on this ${service === 's3' ? `bucket (${bucket})` : 'layer'} (see README, Permissions). ${raw}`
  } else if (code === 'NoSuchBucket') {
    message = `bucket ${bucket} does not exist. Create it in ${region} or fix 'bucket' (it must be in the layer's region; use {region} for several regions).`
  } else if (
    // HEAD answers have no body: a wrong-region bucket shows only as this header.
    (e.$response?.headers?.['x-amz-bucket-region'] !== undefined &&
      e.$response.headers['x-amz-bucket-region'] !== region) ||
    code === 'PermanentRedirect' ||
    code === 'AuthorizationHeaderMalformed' ||
    code === 'IllegalLocationConstraintException' ||
    /PermanentRedirect|The bucket is in this region/.test(raw)
  ) {
    const other =
      e.$response?.headers?.['x-amz-bucket-region'] ??
      /this region: ([a-z0-9-]+)/.exec(raw)?.[1] ??
      /expecting '([a-z0-9-]+)'/.exec(raw)?.[1]
    message = `bucket ${bucket} is in ${other ?? 'another region'}, not ${region}: Lambda reads layer archives only from a bucket in the layer's region. Use a bucket per region, e.g. 'my-layers-{region}'.`
  } else if (code === 'RequestEntityTooLargeException') {
    message = `the inline archive was refused as too large; this action sends archives above 50 MiB through S3, so this is a bug worth reporting. ${raw}`
  } else if (code === 'CodeStorageExceededException') {
    message = `the account's Lambda code storage quota is full. Delete old layer versions (see 'keep-versions') or ask for a quota increase. ${raw}`
  } else if (
    code === 'TooManyRequestsException' ||
    code === 'SlowDown' ||
    code === 'ThrottlingException'
  ) {
    message = `throttled by AWS after ${e.$metadata?.attempts ?? 'several'} attempts; raise 'max-attempts' or publish to fewer regions at once. ${raw}`
  }
  const network = (error as { code?: string })?.code
  const tries = e.$metadata?.attempts
  const after =
    tries !== undefined
      ? `, after ${tries} attempt${tries === 1 ? '' : 's'}`
      : ''
  if (
    requestId === undefined &&
    ((network !== undefined && RESET_CODES.includes(network)) ||
      /socket hang up|ECONNRESET|EPIPE/i.test(raw))
  ) {
    // The SDK names a reset `TimeoutError`; say what happened instead.
    message = `no response: the connection was closed before an answer (${network ?? 'reset'}: ${raw})${after}; no request id was received`
  } else if (
    requestId === undefined &&
    (code === 'TimeoutError' || /timed? ?out/i.test(raw))
  ) {
    message = `no response in time (${raw})${after}; no request id was received`
  }
  const retryable =
    Boolean(e.$retryable) ||
    (status !== undefined && status >= 500) ||
    code === 'TooManyRequestsException' ||
    code === 'SlowDown' ||
    code === 'TimeoutError' ||
    (network !== undefined &&
      [
        'ECONNRESET',
        'EPIPE',
        'ETIMEDOUT',
        'ECONNREFUSED',
        'ECONNABORTED'
      ].includes(network)) ||
    /socket hang up|ECONNRESET|timed? ?out/i.test(raw)
  const shownCode =
    message.startsWith('no response') && code === 'TimeoutError'
      ? undefined
      : code
  return new ProviderError({
    provider: 'aws',
    operation: `${service}:${operation}`,
    region,
    message,
    code: shownCode,
    requestId,
    httpStatus: status,
    retryable,
    cause: error
  })
}

function hexToBase64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64')
}
function base64ToHex(b64: string): string {
  return Buffer.from(b64, 'base64').toString('hex')
}

export class AwsLayerProvider implements LayerProvider {
  readonly id = 'aws' as const
  readonly maxInlineBytes = PROVIDER_RULES.aws.maxInlineBytes
  readonly maxUnzippedBytes = PROVIDER_RULES.aws.maxUnzippedBytes
  private s3?: Promise<S3Client>

  constructor(
    readonly region: string,
    private readonly lambda: LambdaClient,
    /** S3 is loaded only when an upload happens: most runs never need it. */
    private readonly s3Factory: () => Promise<S3Client>,
    private readonly log: Logger,
    /**
     * PublishLayerVersion is not idempotent: a retry after a lost response
     * makes a second version. This client does not retry; publish.ts does,
     * after looking for the version the lost attempt may have created.
     */
    private readonly publishClient: LambdaClient = lambda,
    /** Keys (`bucket/key`) whose CreateMultipartUpload lost an attempt. */
    private readonly unanswered = new Set<string>()
  ) {}

  async sweepUploads(target: ObjectLocation): Promise<void> {
    if (!this.unanswered.has(`${target.bucket}/${target.key}`)) return
    await this.abortOthers(await this.storage(), target, '')
  }

  private storage(): Promise<S3Client> {
    this.s3 ??= this.s3Factory()
    return this.s3
  }

  async uploadArchive(
    archivePath: string,
    target: ObjectLocation,
    onProgress?: Progress,
    again = false
  ): Promise<ObjectLocation> {
    const s3 = await this.storage()
    const { HeadObjectCommand } = await import('@aws-sdk/client-s3')
    const { Upload } = await import('@aws-sdk/lib-storage')
    // The key is content-addressed: an object already there holds these bytes.
    try {
      await s3.send(
        new HeadObjectCommand({ Bucket: target.bucket, Key: target.key })
      )
      this.log.info(
        `s3://${target.bucket}/${target.key} already holds this archive; not uploading it again`
      )
      return target
    } catch (error) {
      const e = error as AwsLikeError
      const status = e.$metadata?.httpStatusCode
      // 404: not there yet. 403: no s3:GetObject, which upload does not need.
      if (status !== 404 && status !== 403) {
        throw toProviderError(error, 'HeadObject', this.region, target)
      }
    }
    const upload = new Upload({
      client: s3,
      params: {
        Bucket: target.bucket,
        Key: target.key,
        Body: createReadStream(archivePath),
        ContentType: 'application/zip'
      },
      partSize: PART_SIZE,
      queueSize: UPLOAD_QUEUE_SIZE,
      leavePartsOnError: false
    })
    upload.on('httpUploadProgress', (p) => {
      if (onProgress && p.loaded !== undefined) {
        onProgress(p.loaded, p.total ?? p.loaded)
      }
    })
    try {
      await upload.done()
    } catch (error) {
      const failed = (error as AwsLikeError).$command ?? 'Upload'
      // lib-storage aborts after a failed part, not after a failed Complete.
      const uploadId = (upload as { uploadId?: string }).uploadId
      if (uploadId !== undefined) {
        await this.abortQuietly(s3, target, uploadId)
      }
      // A Complete (or Put) whose answer was lost may have stored the object.
      if (await this.holds(s3, target, archivePath)) {
        this.log.info(
          `${failed} failed (${(error as Error).message}), but s3://${target.bucket}/${target.key} holds this archive; using it`
        )
        return target
      }
      // Another run that completed this key aborts other uploads of it (see
      // below); if that object is gone again (delete-object), upload anew.
      const e = error as AwsLikeError
      if (!again && (e.Code ?? e.name) === 'NoSuchUpload') {
        return this.uploadArchive(archivePath, target, onProgress, true)
      }
      throw toProviderError(error, failed, this.region, target)
    }
    // A CreateMultipartUpload whose answer was lost leaves an empty upload
    // of this key behind; the object now exists, so any other is redundant.
    const mine = (upload as { uploadId?: string }).uploadId
    if (mine !== undefined) await this.abortOthers(s3, target, mine)
    return target
  }

  /** Whether the content-addressed object exists with the archive's size. */
  private async holds(
    s3: S3Client,
    target: ObjectLocation,
    archivePath: string
  ): Promise<boolean> {
    const { HeadObjectCommand } = await import('@aws-sdk/client-s3')
    const { stat } = await import('node:fs/promises')
    try {
      const head = await s3.send(
        new HeadObjectCommand({ Bucket: target.bucket, Key: target.key })
      )
      return head.ContentLength === (await stat(archivePath)).size
    } catch {
      return false
    }
  }

  private async abortQuietly(
    s3: S3Client,
    target: ObjectLocation,
    uploadId: string
  ): Promise<void> {
    const { AbortMultipartUploadCommand } = await import('@aws-sdk/client-s3')
    try {
      await s3.send(
        new AbortMultipartUploadCommand({
          Bucket: target.bucket,
          Key: target.key,
          UploadId: uploadId
        })
      )
    } catch (error) {
      this.log.debug(
        `could not abort upload ${uploadId} of ${target.key}: ${(error as Error).message}`
      )
    }
  }

  private async abortOthers(
    s3: S3Client,
    target: ObjectLocation,
    mine: string
  ): Promise<void> {
    const { ListMultipartUploadsCommand } = await import('@aws-sdk/client-s3')
    try {
      const list = await s3.send(
        new ListMultipartUploadsCommand({
          Bucket: target.bucket,
          Prefix: target.key
        })
      )
      for (const u of list.Uploads ?? []) {
        if (u.Key === target.key && u.UploadId && u.UploadId !== mine) {
          await this.abortQuietly(s3, target, u.UploadId)
        }
      }
    } catch (error) {
      // Missing s3:ListBucketMultipartUploads must not fail a release.
      this.log.debug(
        `could not list uploads of ${target.key}: ${(error as Error).message}`
      )
    }
  }

  async deleteObject(location: ObjectLocation): Promise<void> {
    const s3 = await this.storage()
    const { DeleteObjectCommand } = await import('@aws-sdk/client-s3')
    try {
      await s3.send(
        new DeleteObjectCommand({ Bucket: location.bucket, Key: location.key })
      )
    } catch (error) {
      throw toProviderError(error, 'DeleteObject', this.region, location)
    }
  }

  async publishLayer(
    settings: LayerSettings,
    content: LayerContent,
    expectedSha256Hex: string
  ): Promise<LayerVersion> {
    const Content: LayerVersionContentInput =
      content.kind === 'inline'
        ? { ZipFile: content.zip }
        : { S3Bucket: content.location.bucket, S3Key: content.location.key }
    let response
    try {
      response = await this.publishClient.send(
        new PublishLayerVersionCommand({
          LayerName: settings.layerName,
          Content,
          ...(settings.description !== '' && {
            Description: settings.description
          }),
          ...(settings.licenseInfo !== '' && {
            LicenseInfo: settings.licenseInfo
          }),
          ...(settings.compatibleRuntimes.length > 0 && {
            CompatibleRuntimes: settings.compatibleRuntimes as never
          }),
          ...(settings.compatibleArchitectures.length > 0 && {
            CompatibleArchitectures: settings.compatibleArchitectures as never
          })
        })
      )
    } catch (error) {
      throw toProviderError(error, 'PublishLayerVersion', this.region)
    }
    const version = fromResponse(response)
    if (version.sha256Hex !== expectedSha256Hex) {
      throw new ProviderError({
        provider: 'aws',
        operation: 'lambda:PublishLayerVersion',
        region: this.region,
        code: 'CodeSha256Mismatch',
        requestId: response.$metadata.requestId,
        message: `Lambda reports CodeSha256 ${version.codeSha256} for version ${version.version}, but the archive's is ${hexToBase64(expectedSha256Hex)}: the stored layer is not the archive that was built`
      })
    }
    return version
  }

  async listVersions(layerName: string): Promise<LayerVersionSummary[]> {
    const out: LayerVersionSummary[] = []
    let marker: string | undefined
    try {
      do {
        const page = await this.lambda.send(
          new ListLayerVersionsCommand({
            LayerName: layerName,
            MaxItems: 50,
            ...(marker !== undefined && { Marker: marker })
          })
        )
        for (const v of page.LayerVersions ?? []) {
          if (v.Version === undefined) continue
          out.push({
            version: v.Version,
            description: v.Description ?? '',
            ...(v.CreatedDate !== undefined && { createdDate: v.CreatedDate })
          })
        }
        marker = page.NextMarker
      } while (marker)
    } catch (error) {
      if ((error as AwsLikeError).name === 'ResourceNotFoundException')
        return []
      throw toProviderError(error, 'ListLayerVersions', this.region)
    }
    return out.sort((a, b) => b.version - a.version)
  }

  async getVersion(layerName: string, version: number): Promise<LayerVersion> {
    try {
      const response = await this.lambda.send(
        new GetLayerVersionCommand({
          LayerName: layerName,
          VersionNumber: version
        })
      )
      return fromResponse(response)
    } catch (error) {
      throw toProviderError(error, 'GetLayerVersion', this.region)
    }
  }

  async deleteVersion(layerName: string, version: number): Promise<void> {
    try {
      await this.lambda.send(
        new DeleteLayerVersionCommand({
          LayerName: layerName,
          VersionNumber: version
        })
      )
    } catch (error) {
      throw toProviderError(error, 'DeleteLayerVersion', this.region)
    }
  }

  /**
   * Grants `lambda:GetLayerVersion` to one principal. Returns false when the
   * same statement is already there (a re-run), which is success.
   */
  async addPermission(
    layerName: string,
    version: number,
    statementId: string,
    principal: string,
    organizationId?: string
  ): Promise<boolean> {
    try {
      await this.lambda.send(
        new AddLayerVersionPermissionCommand({
          LayerName: layerName,
          VersionNumber: version,
          StatementId: statementId,
          Action: 'lambda:GetLayerVersion',
          Principal: principal,
          ...(organizationId !== undefined && {
            OrganizationId: organizationId
          })
        })
      )
      return true
    } catch (error) {
      if ((error as AwsLikeError).name === 'ResourceConflictException') {
        return false
      }
      throw toProviderError(error, 'AddLayerVersionPermission', this.region)
    }
  }
}

function fromResponse(r: GetLayerVersionResponse): LayerVersion {
  const codeSha256 = r.Content?.CodeSha256 ?? ''
  return {
    version: r.Version ?? 0,
    ...(r.LayerArn !== undefined && { layerArn: r.LayerArn }),
    ...(r.LayerVersionArn !== undefined && {
      layerVersionArn: r.LayerVersionArn
    }),
    codeSha256,
    sha256Hex: base64ToHex(codeSha256),
    ...(r.Content?.CodeSize !== undefined && { codeSize: r.Content.CodeSize }),
    ...(r.Content?.Location && { contentUrl: r.Content.Location }),
    compatibleRuntimes: [...(r.CompatibleRuntimes ?? [])],
    compatibleArchitectures: [...(r.CompatibleArchitectures ?? [])],
    description: r.Description ?? '',
    licenseInfo: r.LicenseInfo ?? '',
    ...(r.CreatedDate !== undefined && { createdDate: r.CreatedDate }),
    status: 'Active'
  }
}

/** Builds the real clients for one region. */
export function createAwsProvider(
  config: AwsProviderConfig,
  log: Logger
): AwsLayerProvider {
  const common = {
    region: config.region,
    maxAttempts: config.maxAttempts,
    retryMode: 'standard',
    customUserAgent: config.userAgent,
    requestHandler: {
      // socketTimeout is the inactivity limit; requestTimeout only warns.
      socketTimeout: config.requestTimeoutMs,
      connectionTimeout: config.connectTimeoutMs
    }
  }
  const lambda = new LambdaClient({
    ...common,
    ...(config.endpointUrl !== undefined && { endpoint: config.endpointUrl })
  })
  const publishClient = new LambdaClient({
    ...common,
    maxAttempts: 1,
    ...(config.endpointUrl !== undefined && { endpoint: config.endpointUrl })
  })
  const unanswered = new Set<string>()
  const s3Factory = async (): Promise<S3Client> => {
    const { S3Client } = await import('@aws-sdk/client-s3')
    const env = process.env
    const custom =
      config.storageEndpointUrl !== undefined ||
      Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL)
    const client = new S3Client({
      ...common,
      ...(config.storageEndpointUrl !== undefined && {
        endpoint: config.storageEndpointUrl
      }),
      // Custom endpoints (emulators, S3-compatible stores) rarely have per-bucket DNS.
      forcePathStyle: custom
    })
    // Names the failing command inside lib-storage's Upload in errors, and
    // notes a CreateMultipartUpload that needed more than one attempt (the
    // lost one may still start an upload, late: see sweepUploads).
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { Bucket?: string; Key?: string }
        const create = context.commandName === 'CreateMultipartUploadCommand'
        const lost = () => unanswered.add(`${input.Bucket}/${input.Key}`)
        try {
          const out = await next(args)
          const meta = (out.output as { $metadata?: { attempts?: number } })
            .$metadata
          if (create && (meta?.attempts ?? 1) > 1) lost()
          return out
        } catch (error) {
          if (create) lost()
          if (error !== null && typeof error === 'object') {
            const e = error as AwsLikeError
            e.$command ??= context.commandName?.replace(/Command$/, '')
          }
          throw error
        }
      },
      { step: 'initialize', name: 'publishLayerCommandName' }
    )
    return client
  }
  return new AwsLayerProvider(
    config.region,
    lambda,
    s3Factory,
    log,
    publishClient,
    unanswered
  )
}
