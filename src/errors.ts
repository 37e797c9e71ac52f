/**
 * Typed errors. Core modules throw these; only main.ts turns them into a
 * failed step, so every message here must already read well to a user.
 */

/** A rule about one input was broken. Always raised before any write call. */
export class InputError extends Error {
  override readonly name = 'InputError'
  constructor(
    /** The input's name as written in a workflow, e.g. `layer-name`. */
    readonly input: string,
    /** The rule, phrased so that `input: rule` reads as a sentence. */
    readonly rule: string,
    options?: ErrorOptions
  ) {
    super(`Input '${input}': ${rule}`, options)
  }
}

/** The files could not be packaged (unreadable file, unsafe link, limits). */
export class PackagingError extends Error {
  override readonly name = 'PackagingError'
}

/**
 * What a provider failure means, set by each provider's error table, so that
 * callers decide on this and never on an error's text:
 * - `not-found`: the thing the call named does not exist (layer, version,
 *   bucket, object, upload);
 * - `object-missing`: PublishLayerVersion could not read the archive object
 *   from S3 or COS (it vanished after the upload, e.g. another run deleted it);
 * - `throttled`: the provider refused the rate of calls;
 * - `no-response`: the connection closed or timed out without an answer, so
 *   whether the call took effect is unknown;
 * - `access-denied`: the credentials lack a permission;
 * - `conflict`: the resource changed or is busy (AWS PreconditionFailed on a
 *   RevisionId, ResourceConflict while a function update is in progress);
 * - `in-use`: the layer version is still bound to a function (SCF
 *   ResourceInUse.LayerVersion), so it cannot be deleted;
 * - `other`: anything else.
 */
export type ProviderErrorKind =
  | 'not-found'
  | 'object-missing'
  | 'throttled'
  | 'no-response'
  | 'access-denied'
  | 'conflict'
  | 'in-use'
  | 'other'

/**
 * The step was cancelled (the runner sent SIGINT or SIGTERM): no new work
 * starts, open uploads are aborted, and nothing more is published.
 */
export class CancelledError extends Error {
  override readonly name = 'CancelledError'
  constructor(readonly signal: string) {
    super(
      `The step was cancelled (${signal}): it stopped starting new work, aborted its open uploads and published nothing more`
    )
  }
}

/** Throws CancelledError when `signal` has fired; the checkpoint before a write. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw signal.reason instanceof CancelledError
      ? signal.reason
      : new CancelledError(String(signal.reason ?? 'aborted'))
  }
}

/** A provider call failed, after the SDK's or our retries. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError'
  readonly provider: 'aws' | 'tencent'
  /** e.g. `lambda:PublishLayerVersion`, `s3:UploadPart`, `scf:GetLayerVersion`. */
  readonly operation: string
  readonly region: string
  /** The provider's own error code, e.g. `AccessDeniedException`. */
  readonly code: string | undefined
  readonly requestId: string | undefined
  readonly httpStatus: number | undefined
  readonly retryable: boolean
  readonly kind: ProviderErrorKind
  constructor(init: {
    provider: 'aws' | 'tencent'
    operation: string
    region: string
    message: string
    code?: string | undefined
    requestId?: string | undefined
    httpStatus?: number | undefined
    retryable?: boolean | undefined
    kind?: ProviderErrorKind | undefined
    cause?: unknown
  }) {
    const parts = [`${init.operation} failed in ${init.region}`]
    if (init.code) parts.push(init.code)
    const head = parts.join(': ')
    const tail = init.requestId ? ` (request id ${init.requestId})` : ''
    super(`${head}: ${init.message}${tail}`, { cause: init.cause })
    this.provider = init.provider
    this.operation = init.operation
    this.region = init.region
    this.code = init.code
    this.requestId = init.requestId
    this.httpStatus = init.httpStatus
    this.retryable = init.retryable ?? false
    // Unclassified: a 404 or a `*NotFound*` code still says "not found".
    this.kind =
      init.kind ??
      (init.httpStatus === 404 || /NotFound/i.test(init.code ?? '')
        ? 'not-found'
        : 'other')
  }

  /** Whether `error` says the layer version (or layer) does not exist. */
  static isNotFound(error: unknown): boolean {
    return error instanceof ProviderError && error.kind === 'not-found'
  }

  /**
   * Whether a publish failed because the archive object was not there (a
   * concurrent run's delete-object may remove the shared object).
   */
  static isObjectMissing(error: unknown): boolean {
    return error instanceof ProviderError && error.kind === 'object-missing'
  }

  /** Whether a call failed without any answer (timeout, reset, refused). */
  static isUnanswered(error: unknown): boolean {
    return error instanceof ProviderError && error.kind === 'no-response'
  }
}

/** Turns anything thrown into a message; a thrown string must not pass silently. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  if (typeof error === 'string') return error
  try {
    return JSON.stringify(error)
  } catch {
    return String(error)
  }
}
