/**
 * One SCF or COS call with our retries. Neither SDK retries SCF calls and
 * the COS SDK retries only bodiless requests, so every call goes through
 * here; failures come back as ProviderError, with secrets redacted.
 */
import { CancelledError, errorMessage, ProviderError } from '../../errors.js'
import type { Logger } from '../../log.js'
import { retry } from '../../util/retry.js'
import type { Clock, TencentProviderConfig } from './api.js'
import {
  isRetryableTencentError,
  toProviderError,
  type ErrorDetail
} from './errors.js'

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

export interface CallOptions {
  detail?: ErrorDetail
  isRetryable?: (error: unknown) => boolean
  /** Whether the caller may retry once our attempts are spent. */
  retryableAfter?: (error: unknown) => boolean
  /** First backoff; longer for a wait on another operation to finish. */
  baseDelayMs?: number
}

export class TencentCaller {
  constructor(
    readonly region: string,
    readonly config: TencentProviderConfig,
    readonly log: Logger,
    readonly clock: Clock
  ) {}

  /** Secrets never reach a message we build, even if an SDK echoes them. */
  readonly redact = (text: string): string => {
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

  fail(
    error: unknown,
    operation: string,
    detail: ErrorDetail = {}
  ): ProviderError {
    return toProviderError(error, operation, this.region, detail, this.redact)
  }

  async call<T>(
    operation: string,
    fn: () => Promise<T>,
    options: CallOptions = {}
  ): Promise<T> {
    const retryable = options.isRetryable ?? isRetryableTencentError
    const isRetryable = (e: unknown) =>
      !(e instanceof CancelledError) && retryable(e)
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
          ...(options.baseDelayMs !== undefined && {
            baseDelayMs: options.baseDelayMs
          }),
          sleep: (ms) => this.clock.sleep(ms),
          onRetry: (error, attempt, delay) =>
            this.log.info(
              `[${this.region}] ${operation} attempt ${attempt} of ${rounds} failed (${this.redact(errorMessage(error))}); retrying in ${delay} ms`
            )
        }
      )
    } catch (error) {
      if (error instanceof ProviderError || error instanceof CancelledError) {
        throw error
      }
      throw this.fail(error, operation, {
        ...(options.retryableAfter && {
          retryable: options.retryableAfter(error)
        }),
        ...options.detail,
        attempts
      })
    }
  }
}
