/**
 * Lambda's wire form (restJson1): the JSON success and error replies, the
 * "N validation errors detected" collector, body parsing, and Lambda's
 * answers to failed authentication, oversized bodies and scripted faults.
 */
import type { Hub } from '../core/hub.js'
import { type FaultTable, faultError } from '../core/faults.js'
import type { FaultRule } from '../core/types.js'
import type { ReplyBase, Reply, RequestContext } from './types.js'
import { type AuthErrors, basicTime, MAX_SKEW_MS } from './verify.js'

/**
 * Lambda's error wire form: `x-amzn-ErrorType` header and a JSON body. The
 * member is `Message` for ResourceNotFound and ServiceException, `message`
 * for the modeled user errors; framework errors (validation, signing) carry
 * only `message`.
 */
export function lambdaError(
  ctx: { requestId: string },
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {}
): Reply {
  let body: Record<string, unknown>
  if (code === 'ResourceNotFoundException') {
    body = { Type: 'User', Message: message }
  } else if (code === 'ServiceException') {
    body = { Type: 'Service', Message: message }
  } else if (
    code === 'ValidationException' ||
    code === 'InvalidSignatureException' ||
    code === 'UnrecognizedClientException' ||
    code === 'MissingAuthenticationTokenException' ||
    code === 'UnknownOperationException' ||
    code === 'IncompleteSignatureException'
  ) {
    body = { message }
  } else {
    body = { Type: 'User', message }
  }
  return {
    status,
    headers: {
      'content-type': 'application/json',
      'x-amzn-requestid': ctx.requestId,
      'x-amzn-errortype': code,
      ...headers
    },
    body: JSON.stringify({ ...extra, ...body }),
    errorCode: code
  }
}

export function ok(
  ctx: RequestContext,
  status: number,
  value?: unknown
): Reply {
  if (value === undefined) {
    return { status, headers: { 'x-amzn-requestid': ctx.requestId } }
  }
  return {
    status,
    headers: {
      'content-type': 'application/json',
      'x-amzn-requestid': ctx.requestId
    },
    body: JSON.stringify(value)
  }
}

export class LambdaFailure extends Error {
  constructor(readonly reply: Reply) {
    super(reply.errorCode)
  }
}

/** Collects constraint violations into Lambda's "N validation errors detected" text. */
export class Validation {
  readonly problems: string[] = []
  add(value: unknown, member: string, constraint: string): void {
    const shown =
      value === null || value === undefined
        ? 'null'
        : Array.isArray(value)
          ? `'[${value.map(String).join(', ')}]'`
          : `'${String(value)}'`
    this.problems.push(
      `Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`
    )
  }
  length(
    value: string | undefined,
    member: string,
    min: number,
    max: number
  ): void {
    if (value === undefined) return
    if (value.length > max) {
      this.add(
        value,
        member,
        `Member must have length less than or equal to ${max}`
      )
    } else if (value.length < min) {
      this.add(
        value,
        member,
        `Member must have length greater than or equal to ${min}`
      )
    }
  }
  pattern(value: string | undefined, member: string, pattern: string): void {
    if (value === undefined) return
    if (!new RegExp(`^(?:${pattern})$`).test(value)) {
      this.add(
        value,
        member,
        `Member must satisfy regular expression pattern: ${pattern}`
      )
    }
  }
  throwIfAny(ctx: { requestId: string }): void {
    const n = this.problems.length
    if (n === 0) return
    const head =
      n === 1
        ? '1 validation error detected: '
        : `${n} validation errors detected: `
    throw new LambdaFailure(
      lambdaError(
        ctx,
        400,
        'ValidationException',
        head + this.problems.join('; ')
      )
    )
  }
}

export function notFound(
  ctx: RequestContext,
  message = 'The resource you requested does not exist.'
): never {
  throw new LambdaFailure(
    lambdaError(ctx, 404, 'ResourceNotFoundException', message)
  )
}

export function invalid(ctx: RequestContext, message: string): never {
  throw new LambdaFailure(
    lambdaError(ctx, 400, 'InvalidParameterValueException', message)
  )
}

export function parseJson(ctx: RequestContext): Record<string, unknown> {
  if (ctx.body.length === 0) return {}
  try {
    const value = JSON.parse(ctx.body.toString('utf8')) as unknown
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return value as Record<string, unknown>
    }
  } catch {
    // fall through
  }
  throw new LambdaFailure(
    lambdaError(
      ctx,
      400,
      'InvalidRequestContentException',
      'Could not parse request body into json: Could not parse payload into json'
    )
  )
}

function unexpectedValue(ctx: RequestContext, key: string): never {
  throw new LambdaFailure(
    lambdaError(
      ctx,
      400,
      'InvalidRequestContentException',
      `Could not parse request body into json: Could not parse payload into json: Unexpected value for ${key}`
    )
  )
}

export function optString(
  ctx: RequestContext,
  body: Record<string, unknown>,
  key: string
): string | undefined {
  const value = body[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') {
    unexpectedValue(ctx, key)
  }
  return value
}

export function optList(
  ctx: RequestContext,
  body: Record<string, unknown>,
  key: string
): string[] | undefined {
  const value = body[key]
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value) || value.some((x) => typeof x !== 'string')) {
    unexpectedValue(ctx, key)
  }
  return value as string[]
}

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'

/** Lambda's answers to failed SigV4 authentication. */
export function lambdaAuthErrors(base: ReplyBase): AuthErrors {
  const err = (status: number, code: string, message: string) =>
    lambdaError(base, status, code, message)
  return {
    malformed: (message) => err(400, 'IncompleteSignatureException', message),
    missing: () =>
      err(
        403,
        'MissingAuthenticationTokenException',
        'Missing Authentication Token'
      ),
    wrongService: () =>
      err(
        403,
        'InvalidSignatureException',
        "Credential should be scoped to correct service: 'lambda'. "
      ),
    unknownKey: () =>
      err(
        403,
        'UnrecognizedClientException',
        'The security token included in the request is invalid.'
      ),
    noDate: () =>
      err(
        400,
        'IncompleteSignatureException',
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
      ),
    scopeDate: (message) => err(403, 'InvalidSignatureException', message),
    expired: () => err(403, 'AccessDenied', 'Request has expired'),
    skewed: (amzDate, now) =>
      err(
        403,
        'InvalidSignatureException',
        `Signature expired: ${amzDate} is now earlier than ${basicTime(now - MAX_SKEW_MS)} (${basicTime(now)} - 15 min.)`
      ),
    hostUnsigned: () =>
      err(
        403,
        'InvalidSignatureException',
        "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."
      ),
    unsignedHeaders: (names) =>
      err(
        403,
        'InvalidSignatureException',
        `Headers present in the request which were not signed: ${names.join(', ')}`
      ),
    mismatch: () => err(403, 'InvalidSignatureException', SIGNATURE_MISMATCH)
  }
}

const LAMBDA_FAULTS: FaultTable = {
  throttle: {
    status: 429,
    code: 'TooManyRequestsException',
    message: 'Rate exceeded'
  },
  error500: {
    status: 500,
    code: 'ServiceException',
    message: 'An internal error occurred. Please try again.'
  },
  error503: {
    status: 503,
    code: 'ServiceException',
    message: 'Service is temporarily unavailable. Please try again.'
  },
  error: {
    status: 400,
    code: 'InjectedFault',
    message: 'Fault injected by the emulator'
  }
}

export function lambdaFaultReply(
  base: ReplyBase,
  rule: FaultRule,
  hub: Hub
): Reply | undefined {
  const e = faultError(LAMBDA_FAULTS, rule)
  if (!e) return undefined
  if (rule.kind !== 'throttle') {
    return lambdaError(base, e.status, e.code, e.message)
  }
  // Opt-in (setting `awsRetryAfterSeconds`), as clients may wait on it.
  const retryAfter = hub.settings.awsRetryAfterSeconds
  return lambdaError(
    base,
    e.status,
    e.code,
    e.message,
    { Reason: 'CallerRateLimitExceeded' },
    typeof retryAfter === 'number' ? { 'retry-after': String(retryAfter) } : {}
  )
}
