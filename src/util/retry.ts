/**
 * One retry loop for calls whose SDK does not retry (Tencent SCF and the
 * COS pieces we drive). AWS calls rely on the SDK's own standard retries.
 */
export interface RetryOptions {
  /** Total attempts, at least 1. */
  attempts: number
  isRetryable: (error: unknown) => boolean
  /** First backoff in ms; doubles each attempt, with full jitter, capped. */
  baseDelayMs?: number
  maxDelayMs?: number
  sleep?: (ms: number) => Promise<void>
  random?: () => number
  /** Called before each wait, e.g. to log "attempt 2 of 5 failed: ...". */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void
}

export const realSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms))

export async function retry<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions
): Promise<T> {
  const sleep = options.sleep ?? realSleep
  const random = options.random ?? Math.random
  const base = options.baseDelayMs ?? 500
  const cap = options.maxDelayMs ?? 20_000
  const attempts = Math.max(1, Math.floor(options.attempts))
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt)
    } catch (error) {
      if (attempt >= attempts || !options.isRetryable(error)) throw error
      const ceiling = Math.min(cap, base * 2 ** (attempt - 1))
      // Full jitter keeps parallel regions from retrying in lock-step.
      const delay = Math.round(ceiling / 2 + (random() * ceiling) / 2)
      options.onRetry?.(error, attempt, delay)
      await sleep(delay)
    }
  }
}
