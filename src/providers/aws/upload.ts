/**
 * S3 side of the AWS adapter: the archive goes up through lib-storage's
 * multipart Upload (its parallel parts; the SDK retries each call), keyed by
 * content, with the clean-up a lost answer or a concurrent run calls for.
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { S3Client } from '@aws-sdk/client-s3'
import { throwIfCancelled } from '../../errors.js'
import type { Logger } from '../../log.js'
import type { ObjectLocation, Progress } from '../types.js'
import { PROVIDER_RULES } from '../rules.js'
import { toProviderError, type AwsLikeError } from './errors.js'

export const { partSize: PART_SIZE, concurrency: UPLOAD_QUEUE_SIZE } =
  PROVIDER_RULES.aws.upload

export interface S3Context {
  s3: S3Client
  region: string
  log: Logger
}

export interface UploadOptions {
  onProgress?: Progress | undefined
  /** Cancellation: abort the multipart upload and reject with its reason. */
  signal?: AbortSignal | undefined
  /** Set on the one re-upload after another run aborted ours. */
  again?: boolean
}

/** How long a cancelled upload spends aborting itself; inside cancel.ts's grace. */
export const CANCEL_CLEANUP_MS = 2000

/** Uploads unless the content-addressed key already holds the archive. */
export async function uploadToS3(
  ctx: S3Context,
  archivePath: string,
  target: ObjectLocation,
  opts: UploadOptions = {}
): Promise<ObjectLocation> {
  const { signal } = opts
  throwIfCancelled(signal)
  if (await alreadyThere(ctx, target)) {
    // A runner that died mid-upload of this key left its upload open, and
    // any upload of it now is redundant (its run finds the object too).
    await abortOthers(ctx, target, '')
    return target
  }
  throwIfCancelled(signal)
  const upload = await startUpload(ctx, archivePath, target, opts)
  const onAbort = () => void upload.abort()
  signal?.addEventListener('abort', onAbort, { once: true })
  try {
    await upload.done()
  } catch (error) {
    if (signal?.aborted) {
      await abandon(ctx, target, upload)
      throwIfCancelled(signal)
    }
    return await recover(ctx, archivePath, target, opts, error, upload)
  } finally {
    signal?.removeEventListener('abort', onAbort)
  }
  // A CreateMultipartUpload whose answer was lost, or a runner that died
  // mid-upload, leaves an upload of this key behind; the object now exists,
  // so any other is redundant.
  const mine = uploadIdOf(upload)
  if (mine !== undefined) await abortOthers(ctx, target, mine)
  return target
}

type LibUpload = InstanceType<(typeof import('@aws-sdk/lib-storage'))['Upload']>

async function startUpload(
  ctx: S3Context,
  archivePath: string,
  target: ObjectLocation,
  { onProgress, signal }: UploadOptions
): Promise<LibUpload> {
  const { Upload } = await import('@aws-sdk/lib-storage')
  const upload = new Upload({
    client: signal ? withSignal(ctx.s3, signal) : ctx.s3,
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
  return upload
}

/**
 * The client lib-storage sends through, every request tied to `signal`: on
 * a cancel, parts in flight end at once instead of holding the process.
 */
function withSignal(s3: S3Client, signal: AbortSignal): S3Client {
  const client = Object.create(s3) as S3Client
  const send = (command: never, options?: object) =>
    s3.send(command, { ...options, abortSignal: signal })
  client.send = send as S3Client['send']
  return client
}

/** lib-storage keeps these private; both may be absent in another version. */
interface UploadInternals {
  uploadId?: string
  createMultiPartPromise?: Promise<{ UploadId?: string }>
}

const uploadIdOf = (upload: LibUpload) =>
  (upload as unknown as UploadInternals).uploadId

/**
 * Cancelled: lib-storage rejects at once but aborts the multipart upload
 * only after its parts in flight end, which can outlast the step. Abort it
 * now, waiting a bounded time for a CreateMultipartUpload still in flight.
 */
async function abandon(
  ctx: S3Context,
  target: ObjectLocation,
  upload: LibUpload
): Promise<void> {
  const internals = upload as unknown as UploadInternals
  const id =
    internals.uploadId ??
    (await within(CANCEL_CLEANUP_MS, internals.createMultiPartPromise))
      ?.UploadId
  if (id !== undefined) {
    await abortQuietly(ctx, target, id, AbortSignal.timeout(CANCEL_CLEANUP_MS))
  }
}

async function within<T>(
  ms: number,
  promise: Promise<T> | undefined
): Promise<T | undefined> {
  if (!promise) return undefined
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms)
    timer.unref()
  })
  try {
    return await Promise.race([promise.catch(() => undefined), timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** After a failed upload: use the object if it is there, else upload anew once or fail. */
async function recover(
  ctx: S3Context,
  archivePath: string,
  target: ObjectLocation,
  opts: UploadOptions,
  error: unknown,
  upload: LibUpload
): Promise<ObjectLocation> {
  const failed = (error as AwsLikeError).$command ?? 'Upload'
  // lib-storage aborts after a failed part, not after a failed Complete.
  const id = uploadIdOf(upload)
  if (id !== undefined) await abortQuietly(ctx, target, id)
  // A Complete (or Put) whose answer was lost may have stored the object.
  if (await holds(ctx, target, archivePath)) {
    ctx.log.info(
      `${failed} failed (${(error as Error).message}), but s3://${target.bucket}/${target.key} holds this archive; using it`
    )
    return target
  }
  // Another run that completed this key aborts other uploads of it (see
  // above); if that object is gone again (delete-object), upload anew.
  const e = error as AwsLikeError
  if (!opts.again && (e.Code ?? e.name) === 'NoSuchUpload') {
    return uploadToS3(ctx, archivePath, target, { ...opts, again: true })
  }
  throw toProviderError(error, failed, ctx.region, target)
}

/** The key is content-addressed: an object already there holds these bytes. */
async function alreadyThere(
  ctx: S3Context,
  target: ObjectLocation
): Promise<boolean> {
  try {
    await head(ctx, target)
    ctx.log.info(
      `s3://${target.bucket}/${target.key} already holds this archive; not uploading it again`
    )
    return true
  } catch (error) {
    const status = (error as AwsLikeError).$metadata?.httpStatusCode
    // 404: not there yet. 403: no s3:GetObject, which upload does not need.
    if (status !== 404 && status !== 403) {
      throw toProviderError(error, 'HeadObject', ctx.region, target)
    }
    return false
  }
}

async function head(ctx: S3Context, target: ObjectLocation) {
  const { HeadObjectCommand } = await import('@aws-sdk/client-s3')
  return ctx.s3.send(
    new HeadObjectCommand({ Bucket: target.bucket, Key: target.key })
  )
}

/** Whether the content-addressed object exists with the archive's size. */
async function holds(
  ctx: S3Context,
  target: ObjectLocation,
  archivePath: string
): Promise<boolean> {
  try {
    const found = await head(ctx, target)
    return found.ContentLength === (await stat(archivePath)).size
  } catch {
    return false
  }
}

async function abortQuietly(
  ctx: S3Context,
  target: ObjectLocation,
  uploadId: string,
  abortSignal?: AbortSignal
): Promise<void> {
  const { AbortMultipartUploadCommand } = await import('@aws-sdk/client-s3')
  try {
    await ctx.s3.send(
      new AbortMultipartUploadCommand({
        Bucket: target.bucket,
        Key: target.key,
        UploadId: uploadId
      }),
      ...(abortSignal ? [{ abortSignal }] : [])
    )
  } catch (error) {
    ctx.log.debug(
      `could not abort upload ${uploadId} of ${target.key}: ${(error as Error).message}`
    )
  }
}

/** Aborts every unfinished upload of the key but `mine` (all, when ''). */
export async function abortOthers(
  ctx: S3Context,
  target: ObjectLocation,
  mine: string
): Promise<void> {
  const { ListMultipartUploadsCommand } = await import('@aws-sdk/client-s3')
  try {
    const list = await ctx.s3.send(
      new ListMultipartUploadsCommand({
        Bucket: target.bucket,
        Prefix: target.key
      })
    )
    for (const u of list.Uploads ?? []) {
      if (u.Key === target.key && u.UploadId && u.UploadId !== mine) {
        await abortQuietly(ctx, target, u.UploadId)
      }
    }
  } catch (error) {
    // Missing s3:ListBucketMultipartUploads must not fail a release.
    ctx.log.debug(
      `could not list uploads of ${target.key}: ${(error as Error).message}`
    )
  }
}

export async function deleteFromS3(
  ctx: S3Context,
  location: ObjectLocation
): Promise<void> {
  const { DeleteObjectCommand } = await import('@aws-sdk/client-s3')
  try {
    await ctx.s3.send(
      new DeleteObjectCommand({ Bucket: location.bucket, Key: location.key })
    )
  } catch (error) {
    throw toProviderError(error, 'DeleteObject', ctx.region, location)
  }
}
