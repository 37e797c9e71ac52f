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
  constructor(init: {
    provider: 'aws' | 'tencent'
    operation: string
    region: string
    message: string
    code?: string | undefined
    requestId?: string | undefined
    httpStatus?: number | undefined
    retryable?: boolean | undefined
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
