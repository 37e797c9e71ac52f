/**
 * The local AWS emulator: one endpoint serving the Lambda layer API and an
 * S3 subset, routed by the SigV4 credential scope's service, with state kept
 * per region (the scope's region). Every request is verified with SigV4
 * against the test credentials, logged in the hub's call list, and subject
 * to the hub's scripted faults.
 */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  archiveDownloads,
  type FaultRule,
  type Hub,
  readBody,
  sleep
} from '../core.js'
import {
  handleLambda,
  LambdaState,
  lambdaError,
  lambdaRoute,
  layerContent
} from './lambda.js'
import { handleS3, s3Error, s3RequestId, s3Route } from './s3.js'
import {
  AuthParseError,
  canonicalRequest,
  ChunkError,
  decodeAwsChunked,
  headerString,
  headerValues,
  parseAmzDate,
  parseAuth,
  type ParsedAuth,
  sameSignature,
  sha256Hex,
  signature,
  signingKey,
  STREAMING_SIGNED,
  STREAMING_SIGNED_TRAILER,
  STREAMING_UNSIGNED_TRAILER,
  stringToSign,
  UNSIGNED_PAYLOAD
} from './sigv4.js'
import type { Operation, Reply, RequestContext } from './types.js'

export const AWS_TEST = {
  region: 'us-east-1',
  accessKeyId: 'AKIDEMULATOR000TEST',
  secretAccessKey: 'emulator-secret-key/do-not-use',
  accountId: '123456789012'
}

export { LAMBDA_PUBLISH_BODY_LIMIT, LAMBDA_UNZIPPED_LIMIT } from './lambda.js'

type AwsService = 'lambda' | 's3'

/** Largest clock difference SigV4 tolerates. */
const MAX_SKEW_MS = 15 * 60 * 1000
const SIGNATURE_MISMATCH_LAMBDA =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'
const SIGNATURE_MISMATCH_S3 =
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.'

interface Verified {
  body: Buffer
  trailers: Map<string, string>
}

function errorReply(
  service: AwsService,
  base: { requestId: string; method: string },
  status: number,
  code: string,
  message: string,
  extra: Record<string, string | number> = {}
): Reply {
  return service === 'lambda'
    ? lambdaError(base, status, code, message)
    : s3Error(base, status, code, message, extra)
}

/**
 * Checks the request's SigV4 signature (header or presigned query) and, for
 * S3, its payload: a hex SHA-256, `UNSIGNED-PAYLOAD`, or one of the
 * `aws-chunked` streaming forms (chunk signatures verified when signed).
 */
function verify(
  req: IncomingMessage,
  service: AwsService,
  auth: ParsedAuth | undefined,
  authError: string | undefined,
  raw: Buffer,
  rawPath: string,
  rawQuery: string,
  base: { requestId: string; method: string }
): Verified | Reply {
  const err = (
    status: number,
    code: string,
    message: string,
    extra: Record<string, string | number> = {}
  ) => errorReply(service, base, status, code, message, extra)
  if (authError !== undefined) {
    return service === 'lambda'
      ? err(400, 'IncompleteSignatureException', authError)
      : err(
          400,
          'AuthorizationHeaderMalformed',
          `The authorization header is malformed; ${authError}`
        )
  }
  if (!auth) {
    return service === 'lambda'
      ? err(
          403,
          'MissingAuthenticationTokenException',
          'Missing Authentication Token'
        )
      : err(403, 'AccessDenied', 'Access Denied')
  }
  if (auth.service !== service) {
    return service === 'lambda'
      ? err(
          403,
          'InvalidSignatureException',
          `Credential should be scoped to correct service: '${service}'. `
        )
      : err(
          400,
          'AuthorizationHeaderMalformed',
          `The authorization header is malformed; incorrect service "${auth.service}". This endpoint belongs to "s3".`
        )
  }
  if (auth.accessKeyId !== AWS_TEST.accessKeyId) {
    return service === 'lambda'
      ? err(
          403,
          'UnrecognizedClientException',
          'The security token included in the request is invalid.'
        )
      : err(
          403,
          'InvalidAccessKeyId',
          'The AWS Access Key Id you provided does not exist in our records.',
          { AWSAccessKeyId: auth.accessKeyId }
        )
  }
  const when = parseAmzDate(auth.amzDate)
  if (!when) {
    return service === 'lambda'
      ? err(
          400,
          'IncompleteSignatureException',
          "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
        )
      : err(
          403,
          'AccessDenied',
          'AWS authentication requires a valid Date or x-amz-date header'
        )
  }
  if (auth.amzDate.slice(0, 8) !== auth.date) {
    const message = `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${auth.amzDate.slice(0, 8)}', from '${auth.amzDate}'.`
    return service === 'lambda'
      ? err(403, 'InvalidSignatureException', message)
      : err(
          400,
          'AuthorizationHeaderMalformed',
          `The authorization header is malformed; ${message}`
        )
  }
  const now = Date.now()
  if (auth.presigned) {
    if (now > when.getTime() + (auth.expires ?? 0) * 1000) {
      return err(403, 'AccessDenied', 'Request has expired', {
        'X-Amz-Expires': auth.expires ?? 0
      })
    }
  } else if (Math.abs(now - when.getTime()) > MAX_SKEW_MS) {
    return service === 'lambda'
      ? err(
          403,
          'InvalidSignatureException',
          `Signature expired: ${auth.amzDate} is now earlier than ${new Date(now - MAX_SKEW_MS).toISOString().replace(/[-:]|\.\d{3}/g, '')} (${new Date(now).toISOString().replace(/[-:]|\.\d{3}/g, '')} - 15 min.)`
        )
      : err(
          403,
          'RequestTimeTooSkewed',
          'The difference between the request time and the current time is too large.',
          {
            RequestTime: auth.amzDate,
            ServerTime: new Date(now).toISOString(),
            MaxAllowedSkewMilliseconds: MAX_SKEW_MS
          }
        )
  }
  const headers = headerValues(req.rawHeaders)
  const signed = new Set(auth.signedHeaders)
  if (!signed.has('host')) {
    return service === 'lambda'
      ? err(
          403,
          'InvalidSignatureException',
          "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."
        )
      : err(
          400,
          'AuthorizationHeaderMalformed',
          "The authorization header is malformed; 'Host' must be a 'SignedHeader' in the AWS Authorization."
        )
  }
  const unsigned = [...headers.keys()].filter(
    (name) =>
      !signed.has(name) &&
      (name === 'x-amz-security-token' ||
        (service === 's3' && name.startsWith('x-amz-')))
  )
  if (unsigned.length > 0) {
    return service === 'lambda'
      ? err(
          403,
          'InvalidSignatureException',
          `Headers present in the request which were not signed: ${unsigned.join(', ')}`
        )
      : err(
          403,
          'AccessDenied',
          'There were headers present in the request which were not signed',
          { HeadersNotSigned: unsigned.join(', ') }
        )
  }

  let payloadHash: string
  const claimed = headerString(req.headers['x-amz-content-sha256'])
  if (service === 's3') {
    if (claimed === undefined) {
      if (!auth.presigned) {
        return err(
          400,
          'InvalidRequest',
          'Missing required header for this request: x-amz-content-sha256'
        )
      }
      payloadHash = UNSIGNED_PAYLOAD
    } else {
      payloadHash = claimed
    }
    const known = [
      UNSIGNED_PAYLOAD,
      STREAMING_SIGNED,
      STREAMING_SIGNED_TRAILER,
      STREAMING_UNSIGNED_TRAILER
    ]
    if (!known.includes(payloadHash) && !/^[0-9a-f]{64}$/.test(payloadHash)) {
      return err(
        400,
        'InvalidArgument',
        'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value.',
        {
          ArgumentName: 'x-amz-content-sha256',
          ArgumentValue: payloadHash
        }
      )
    }
  } else {
    // Other services hash the body themselves; a sent header must agree (it is signed).
    payloadHash = sha256Hex(raw)
  }

  const canonical = canonicalRequest({
    method: req.method ?? 'GET',
    rawPath,
    rawQuery,
    headers,
    signedHeaders: auth.signedHeaders,
    payloadHash,
    service,
    ...(auth.presigned && { omitQuery: 'X-Amz-Signature' })
  })
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`
  const toSign = stringToSign(auth.amzDate, scope, canonical)
  const key = signingKey(
    AWS_TEST.secretAccessKey,
    auth.date,
    auth.region,
    auth.service
  )
  const expected = signature(key, toSign)
  if (!sameSignature(expected, auth.signature)) {
    if (service === 'lambda') {
      return err(403, 'InvalidSignatureException', SIGNATURE_MISMATCH_LAMBDA)
    }
    return err(403, 'SignatureDoesNotMatch', SIGNATURE_MISMATCH_S3, {
      AWSAccessKeyId: auth.accessKeyId,
      StringToSign: toSign,
      SignatureProvided: auth.signature,
      CanonicalRequest: canonical
    })
  }

  if (service !== 's3') return { body: raw, trailers: new Map() }
  if (/^[0-9a-f]{64}$/.test(payloadHash)) {
    const actual = sha256Hex(raw)
    if (actual !== payloadHash) {
      return err(
        400,
        'XAmzContentSHA256Mismatch',
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
        {
          ClientComputedContentSHA256: payloadHash,
          S3ComputedContentSHA256: actual
        }
      )
    }
    return { body: raw, trailers: new Map() }
  }
  if (payloadHash === UNSIGNED_PAYLOAD)
    return { body: raw, trailers: new Map() }
  // aws-chunked
  try {
    const signedChunks = payloadHash !== STREAMING_UNSIGNED_TRAILER
    const decoded = decodeAwsChunked(
      raw,
      signedChunks
        ? { seed: expected, key, amzDate: auth.amzDate, scope }
        : undefined
    )
    const declared = headerString(req.headers['x-amz-decoded-content-length'])
    if (declared !== undefined && Number(declared) !== decoded.data.length) {
      return err(
        400,
        'IncompleteBody',
        'You did not provide the number of bytes specified by the Content-Length HTTP header'
      )
    }
    const expectedTrailers = (headerString(req.headers['x-amz-trailer']) ?? '')
      .split(',')
      .map((t) => t.trim().toLowerCase())
      .filter((t) => t !== '')
    for (const t of expectedTrailers) {
      if (!decoded.trailers.has(t)) {
        return err(
          400,
          'MalformedTrailerError',
          'The request contained trailing data that was not well-formed or did not conform to our published schema.'
        )
      }
    }
    return { body: decoded.data, trailers: decoded.trailers }
  } catch (error) {
    if (error instanceof ChunkError) {
      if (error.code === 'SignatureDoesNotMatch') {
        return err(403, 'SignatureDoesNotMatch', SIGNATURE_MISMATCH_S3)
      }
      return err(400, 'IncompleteBody', error.message)
    }
    throw error
  }
}

function faultReply(
  service: AwsService,
  base: { requestId: string; method: string },
  rule: FaultRule,
  retryAfter: unknown
): Reply | undefined {
  if (service === 'lambda') {
    switch (rule.kind) {
      case 'throttle':
        return lambdaError(
          base,
          429,
          'TooManyRequestsException',
          'Rate exceeded',
          { Reason: 'CallerRateLimitExceeded' },
          // Opt-in (setting `awsRetryAfterSeconds`), as clients may wait on it.
          typeof retryAfter === 'number'
            ? { 'retry-after': String(retryAfter) }
            : {}
        )
      case 'error500':
        return lambdaError(
          base,
          500,
          'ServiceException',
          'An internal error occurred. Please try again.'
        )
      case 'error503':
        return lambdaError(
          base,
          503,
          'ServiceException',
          'Service is temporarily unavailable. Please try again.'
        )
      case 'error':
        return lambdaError(
          base,
          rule.status ?? 400,
          rule.code ?? 'InjectedFault',
          rule.message ?? 'Fault injected by the emulator'
        )
      default:
        return undefined
    }
  }
  switch (rule.kind) {
    case 'throttle':
      return s3Error(base, 503, 'SlowDown', 'Please reduce your request rate.')
    case 'error500':
      return s3Error(
        base,
        500,
        'InternalError',
        'We encountered an internal error. Please try again.'
      )
    case 'error503':
      return s3Error(
        base,
        503,
        'ServiceUnavailable',
        'Service is unable to handle request.'
      )
    case 'error':
      return s3Error(
        base,
        rule.status ?? 400,
        rule.code ?? 'InjectedFault',
        rule.message ?? 'Fault injected by the emulator'
      )
    default:
      return undefined
  }
}

function send(res: ServerResponse, method: string, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers }
  const body =
    reply.body === undefined
      ? undefined
      : typeof reply.body === 'string'
        ? Buffer.from(reply.body, 'utf8')
        : reply.body
  if (headers['content-length'] === undefined) {
    headers['content-length'] = String(body?.length ?? 0)
  }
  res.writeHead(reply.status, headers)
  if (method === 'HEAD' || body === undefined) res.end()
  else res.end(body)
}

export function createAwsHandler(
  hub: Hub
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const lambda = new LambdaState()
  hub.onReset(() => lambda.regions.clear())
  hub.onState('lambda', () => lambda.snapshot())
  hub.onRoute(
    'aws/layer-content/',
    archiveDownloads(hub, 'lambda', layerContent(lambda))
  )

  return async (req, res) => {
    const method = req.method ?? 'GET'
    const rawUrl = req.url ?? '/'
    const q = rawUrl.indexOf('?')
    const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q)
    const rawQuery = q < 0 ? '' : rawUrl.slice(q + 1)
    const url = new URL(
      rawPath.startsWith('/') ? rawUrl : `/${rawUrl}`,
      'http://emulator'
    )
    const host = headerString(req.headers.host) ?? '127.0.0.1'

    let auth: ParsedAuth | undefined
    let authError: string | undefined
    try {
      auth = parseAuth(req.headers, url.searchParams)
    } catch (error) {
      if (!(error instanceof AuthParseError)) throw error
      authError = error.message
    }
    const service: AwsService =
      auth?.service === 'lambda' || auth?.service === 's3'
        ? auth.service
        : rawPath.startsWith('/2018-10-31/')
          ? 'lambda'
          : 's3'
    const region = auth?.region ?? AWS_TEST.region
    const requestId = service === 'lambda' ? randomUUID() : s3RequestId()
    const base = { requestId, method }
    const lambdaOp =
      service === 'lambda'
        ? lambdaRoute(method, rawPath, url.searchParams)
        : undefined
    const s3Op =
      service === 's3'
        ? s3Route(method, rawPath, url.searchParams, host)
        : undefined
    const op: Operation = lambdaOp ??
      s3Op ?? { operation: 'Unknown', write: false }

    const {
      body: raw,
      size,
      tooLarge
    } = await readBody(req, hub, op.bodyLimit ?? Infinity)
    const applied: { fault?: FaultRule } = {}
    const finish = (reply: Reply | 'reset') => {
      if (reply === 'reset') {
        req.socket.destroy()
      } else {
        send(res, method, reply)
      }
      hub.record({
        service,
        operation: op.operation,
        region,
        status: reply === 'reset' ? 0 : reply.status,
        write: op.write,
        method,
        path: rawUrl,
        ...(reply !== 'reset' &&
          reply.errorCode !== undefined && { errorCode: reply.errorCode }),
        ...(applied.fault && { fault: applied.fault.kind }),
        requestBytes: size
      })
    }

    if (tooLarge) {
      finish(
        service === 'lambda'
          ? lambdaError(
              base,
              413,
              'RequestEntityTooLargeException',
              `Request must be smaller than ${op.bodyLimit ?? 0} bytes for the ${op.operation} operation`
            )
          : s3Error(
              base,
              400,
              'EntityTooLarge',
              'Your proposed upload exceeds the maximum allowed size'
            )
      )
      return
    }
    const verified = verify(
      req,
      service,
      auth,
      authError,
      raw,
      rawPath,
      rawQuery,
      base
    )
    if ('status' in verified) {
      finish(verified)
      return
    }
    if (service === 'lambda' && !lambdaOp) {
      finish(
        lambdaError(base, 404, 'UnknownOperationException', 'Unknown operation')
      )
      return
    }

    const fault = hub.takeFault(service, op.operation, region)
    if (fault) applied.fault = fault
    if (fault) {
      if (fault.kind === 'reset') {
        finish('reset')
        return
      }
      if (fault.kind === 'delay') {
        await sleep(fault.delayMs ?? 0)
      } else {
        const reply = faultReply(
          service,
          base,
          fault,
          hub.settings.awsRetryAfterSeconds
        )
        if (reply) {
          finish(reply)
          return
        }
      }
    }

    const ctx: RequestContext = {
      hub,
      req,
      method,
      url,
      rawPath,
      rawQuery,
      host,
      region,
      requestId,
      body: verified.body,
      trailers: verified.trailers,
      accountId: AWS_TEST.accountId
    }
    const reply = lambdaOp
      ? handleLambda(ctx, lambda, lambdaOp)
      : handleS3(ctx, s3Op!)
    if (fault?.kind === 'commit-then-reset') {
      finish('reset')
      return
    }
    if (res.destroyed || req.socket.destroyed) {
      // The client gave up (e.g. timed out during a delay); the work is done.
      hub.record({
        service,
        operation: op.operation,
        region,
        status: 0,
        write: op.write,
        method,
        path: rawUrl,
        ...(applied.fault && { fault: applied.fault.kind }),
        requestBytes: size
      })
      return
    }
    finish(reply)
  }
}
