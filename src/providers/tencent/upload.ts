/**
 * COS side of the Tencent adapter: the archive goes up as a multipart
 * upload keyed by content, with the clean-up a lost answer or a concurrent
 * run of the same archive calls for.
 */
import { stat } from 'node:fs/promises'
import {
  CancelledError,
  errorMessage,
  ProviderError,
  throwIfCancelled
} from '../../errors.js'
import type { ObjectLocation, Progress } from '../types.js'
import type { CosApi, CosPart, CosTarget } from './api.js'
import type { TencentCaller } from './call.js'
import { isRetryableTencentError, type TencentLikeError } from './errors.js'
import { uploadParts } from './parts.js'

export interface UploadOptions {
  onProgress?: Progress
  /** Cancellation: no new part, the multipart upload aborted, a prompt reject. */
  signal?: AbortSignal
}

const cosTarget = (t: ObjectLocation): CosTarget => ({
  Bucket: t.bucket,
  Region: t.region,
  Key: t.key
})

export class CosUploader {
  /** Keys (`bucket/key`) whose InitiateMultipartUpload lost an attempt. */
  private readonly unanswered = new Set<string>()

  constructor(
    private readonly caller: TencentCaller,
    private readonly storage: () => Promise<CosApi>
  ) {}

  private get log() {
    return this.caller.log
  }

  async upload(
    archivePath: string,
    target: ObjectLocation,
    partSize: number,
    options: UploadOptions = {},
    /** Fresh uploads left after another run swept ours and the object went too. */
    restarts = 1
  ): Promise<ObjectLocation> {
    const { onProgress, signal } = options
    throwIfCancelled(signal)
    const cos = await this.storage()
    const where = cosTarget(target)
    const size = (await stat(archivePath)).size
    if (await this.alreadyThere(cos, target)) {
      onProgress?.(size, size)
      return target
    }
    throwIfCancelled(signal)
    const uploadId = await this.initiate(cos, target)
    try {
      // Cancelled while the upload was being started: it is aborted below.
      throwIfCancelled(signal)
      const parts = await uploadParts({
        caller: this.caller,
        cos,
        archivePath,
        size,
        where,
        uploadId,
        partSize,
        onProgress,
        signal
      })
      await this.complete(cos, where, uploadId, parts, size)
    } catch (error) {
      if (error instanceof CancelledError) {
        await this.abort(cos, target, uploadId, true)
        throw error
      }
      const swept = await this.afterSwept(error, cos, target, restarts)
      if (swept === 'done') return target
      if (swept === 'again') {
        return this.upload(archivePath, target, partSize, options, restarts - 1)
      }
      await this.abort(cos, target, uploadId)
      throw error
    }
    await this.sweep(cos, where, uploadId)
    return target
  }

  /**
   * Our upload is gone (NoSuchUpload): another run uploading the same
   * archive finished first and swept it away. The content-addressed object
   * is then there, which is all that was wanted; if that run has since
   * deleted the object (delete-object), upload anew, a bounded number of
   * times.
   */
  private async afterSwept(
    error: unknown,
    cos: CosApi,
    target: ObjectLocation,
    restarts: number
  ): Promise<'done' | 'again' | undefined> {
    if (!(error instanceof ProviderError) || error.code !== 'NoSuchUpload') {
      return undefined
    }
    if (await this.exists(cos, cosTarget(target))) {
      this.log.info(
        `cos://${target.bucket}/${target.key} was completed by another run meanwhile`
      )
      return 'done'
    }
    if (restarts <= 0) return undefined
    this.log.info(
      `cos://${target.bucket}/${target.key}: our upload was swept by another run and the object is gone; uploading again`
    )
    return 'again'
  }

  /** The key is content-addressed: an object already there holds these bytes. */
  private async alreadyThere(
    cos: CosApi,
    target: ObjectLocation
  ): Promise<boolean> {
    try {
      await this.caller.call(
        'HeadObject',
        () => cos.headObject(cosTarget(target)),
        {
          detail: { bucket: target.bucket, key: target.key },
          // 404 (no object) and 403 (no HeadObject right, which an upload does
          // not need) end the lookup; they are not worth a retry.
          isRetryable: (e) =>
            ![403, 404].includes(Number((e as TencentLikeError).statusCode)) &&
            isRetryableTencentError(e)
        }
      )
    } catch (error) {
      const status =
        error instanceof ProviderError ? error.httpStatus : undefined
      if (status !== 404 && status !== 403) throw error
      return false
    }
    this.log.info(
      `cos://${target.bucket}/${target.key} already holds this archive; not uploading it again`
    )
    return true
  }

  /** Starts the upload; an attempt that timed out may still start one, late. */
  private async initiate(cos: CosApi, target: ObjectLocation): Promise<string> {
    const started = this.caller.clock.now()
    const unanswered = () =>
      this.unanswered.add(`${target.bucket}/${target.key}`)
    const init = await this.caller
      .call(
        'InitiateMultipartUpload',
        () =>
          cos.multipartInit({
            ...cosTarget(target),
            ContentType: 'application/zip'
          }),
        { detail: { bucket: target.bucket, key: target.key } }
      )
      .catch((error: unknown) => {
        unanswered()
        throw error
      })
    const timeoutMs = (this.caller.config.requestTimeoutSeconds ?? 60) * 1000
    if (this.caller.clock.now() - started >= timeoutMs) unanswered()
    return init.UploadId
  }

  private exists(cos: CosApi, where: CosTarget): Promise<boolean> {
    return cos.headObject(where).then(
      () => true,
      () => false
    )
  }

  /**
   * Parts of an unfinished upload are billed until aborted. On cancellation
   * one attempt only (the SDK's own tries aside): the step must exit within
   * seconds, and a re-run's sweep aborts what is left.
   */
  private async abort(
    cos: CosApi,
    target: ObjectLocation,
    uploadId: string,
    once = false
  ): Promise<void> {
    try {
      await this.caller.call(
        'AbortMultipartUpload',
        () => cos.multipartAbort({ ...cosTarget(target), UploadId: uploadId }),
        {
          detail: { bucket: target.bucket, key: target.key },
          ...(once && { isRetryable: () => false })
        }
      )
    } catch (abortError) {
      this.log.warning(
        `could not abort multipart upload ${uploadId} of cos://${target.bucket}/${target.key}; its parts stay billed until a lifecycle rule or 'coscli abort' removes them: ${errorMessage(abortError)}`
      )
    }
  }

  private async complete(
    cos: CosApi,
    where: CosTarget,
    uploadId: string,
    parts: CosPart[],
    size: number
  ): Promise<void> {
    try {
      await this.caller.call(
        'CompleteMultipartUpload',
        () =>
          cos.multipartComplete({ ...where, UploadId: uploadId, Parts: parts }),
        { detail: { bucket: where.Bucket, key: where.Key } }
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

  async sweepUploads(target: ObjectLocation): Promise<void> {
    if (!this.unanswered.has(`${target.bucket}/${target.key}`)) return
    await this.sweep(await this.storage(), cosTarget(target), '')
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
      const listed = await this.caller.call('ListMultipartUploads', () =>
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
        await this.caller.call('AbortMultipartUpload', () =>
          cos.multipartAbort({ ...where, UploadId: u.UploadId ?? '' })
        )
      }
      if (stale.length > 0) {
        this.log.info(
          `aborted ${stale.length} unfinished multipart upload(s) of cos://${where.Bucket}/${where.Key}`
        )
      }
    } catch (error) {
      this.log.debug(
        `could not look for unfinished uploads of ${where.Key}: ${this.caller.redact(errorMessage(error))}`
      )
    }
  }

  async deleteObject(location: ObjectLocation): Promise<void> {
    const cos = await this.storage()
    await this.caller.call(
      'DeleteObject',
      () => cos.deleteObject(cosTarget(location)),
      { detail: { bucket: location.bucket, key: location.key } }
    )
  }
}
