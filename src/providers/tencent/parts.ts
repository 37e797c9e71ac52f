/**
 * The parts of one COS multipart upload: streamed from the file, a few at
 * once, each retried on its own and checked against its MD5.
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { Transform, type Readable } from 'node:stream'
import { ProviderError, throwIfCancelled } from '../../errors.js'
import { mapLimit } from '../../util/concurrency.js'
import { PROVIDER_RULES } from '../rules.js'
import type { Progress } from '../types.js'
import type { CosApi, CosPart, CosTarget } from './api.js'
import type { TencentCaller } from './call.js'
import { isRetryableTencentError } from './errors.js'

/** COS allows 1 MB to 5 GB per part, 10,000 parts. */
export const {
  partSize: TENCENT_PART_SIZE,
  concurrency: TENCENT_UPLOAD_CONCURRENCY
} = PROVIDER_RULES.tencent.upload

export interface PartsJob {
  caller: TencentCaller
  cos: CosApi
  archivePath: string
  size: number
  where: CosTarget
  uploadId: string
  partSize: number
  onProgress?: Progress | undefined
  /** Cancellation: no part starts after it, and parts in flight stop. */
  signal?: AbortSignal | undefined
}

/**
 * Rejects with the signal's reason when it fires, and stops the bodies of
 * parts in flight then: the SDK aborts a request whose body errors.
 */
function whenCancelled(signal: AbortSignal | undefined): {
  promise: Promise<never>
  bodies: Set<Readable>
  dispose(): void
} {
  const bodies = new Set<Readable>()
  let dispose = () => {}
  const promise = new Promise<never>((_, reject) => {
    if (!signal) return
    const onAbort = () => {
      try {
        throwIfCancelled(signal)
      } catch (reason) {
        for (const body of bodies) body.destroy(reason as Error)
        reject(reason)
      }
    }
    signal.addEventListener('abort', onAbort, { once: true })
    dispose = () => signal.removeEventListener('abort', onAbort)
    if (signal.aborted) onAbort()
  })
  // Only a cancelled upload reads it; no unhandled rejection otherwise.
  promise.catch(() => {})
  return { promise, bodies, dispose: () => dispose() }
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

/**
 * Uploads every part; after a part fails for good no new part starts, the
 * ones in flight finish, and the first failure is thrown. Cancelled, it
 * rejects at once with the signal's reason and stops the parts in flight.
 */
export async function uploadParts(job: PartsJob): Promise<CosPart[]> {
  const { caller, size } = job
  const partSize = Math.max(
    job.partSize,
    Math.ceil(size / PROVIDER_RULES.tencent.maxParts)
  )
  const count = Math.max(1, Math.ceil(size / partSize))
  const loaded = new Map<number, number>()
  const report = (partNumber: number, bytes: number, tell = true) => {
    loaded.set(partNumber, bytes)
    if (!tell) return
    let sum = 0
    for (const n of loaded.values()) sum += n
    job.onProgress?.(Math.min(sum, size), size)
  }
  let failure: { error: unknown } | undefined
  const cancel = whenCancelled(job.signal)
  const numbers = Array.from({ length: count }, (_, i) => i + 1)
  const work = mapLimit(
    numbers,
    TENCENT_UPLOAD_CONCURRENCY,
    async (partNumber): Promise<CosPart | undefined> => {
      if (failure || job.signal?.aborted) return undefined
      const start = (partNumber - 1) * partSize
      const length = Math.min(partSize, size - start)
      const send = () =>
        sendPart(job, { partNumber, start, length }, report, cancel.bodies)
      try {
        const etag = await caller.call('UploadPart', send, {
          detail: { bucket: job.where.Bucket, key: job.where.Key },
          // Once cancelled, a failed part is not sent again.
          isRetryable: (e) => !job.signal?.aborted && isRetryableTencentError(e)
        })
        return { PartNumber: partNumber, ETag: etag }
      } catch (error) {
        failure ??= { error }
        return undefined
      }
    }
  )
  const parts = await Promise.race([work, cancel.promise]).finally(
    cancel.dispose
  )
  throwIfCancelled(job.signal)
  if (failure) throw failure.error
  return parts.filter((p): p is CosPart => p !== undefined)
}

interface PartRange {
  partNumber: number
  start: number
  length: number
}

/** One attempt at one part; resolves to the ETag COS stored. */
async function sendPart(
  job: PartsJob,
  { partNumber, start, length }: PartRange,
  report: (partNumber: number, bytes: number, tell?: boolean) => void,
  inFlight: Set<Readable>
): Promise<string> {
  throwIfCancelled(job.signal)
  report(partNumber, 0, false)
  const tap = md5Tap()
  const file = createReadStream(job.archivePath, {
    start,
    end: start + length - 1
  })
  const body = file.pipe(tap)
  // A cancelled part's body is destroyed with the reason; the SDK hears it
  // through its own listener, this one keeps it from being unhandled.
  body.on('error', () => {})
  body.once('close', () => file.destroy())
  inFlight.add(body)
  const r = await job.cos
    .multipartUpload({
      ...job.where,
      UploadId: job.uploadId,
      PartNumber: partNumber,
      Body: body,
      ContentLength: length,
      onProgress: (p) => report(partNumber, p.loaded)
    })
    .finally(() => inFlight.delete(body))
  const got = (r.ETag ?? '').replace(/"/g, '').toLowerCase()
  const sent = tap.digest()
  if (got !== sent) {
    throw new ProviderError({
      provider: 'tencent',
      operation: 'cos:UploadPart',
      region: job.caller.region,
      code: 'BadDigest',
      message: `COS stored part ${partNumber} with ETag ${got || '(none)'}, but its MD5 is ${sent}`,
      retryable: true
    })
  }
  report(partNumber, length)
  return r.ETag
}
