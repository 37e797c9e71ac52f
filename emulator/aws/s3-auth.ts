/**
 * What SigV4 means for S3: its error replies, every `x-amz-*` header
 * signed, and the payload forms (a hex SHA-256, `UNSIGNED-PAYLOAD`, or
 * `aws-chunked` with or without chunk signatures and trailers).
 */
import type { IncomingMessage } from 'node:http'
import { headerString } from '../core/body.js'
import type { Reply } from '../core/types.js'
import {
  ChunkError,
  decodeAwsChunked,
  STREAMING_SIGNED,
  STREAMING_SIGNED_TRAILER,
  STREAMING_UNSIGNED_TRAILER,
  UNSIGNED_PAYLOAD
} from './chunked.js'
import { s3Error } from './s3-wire.js'
import { type ParsedAuth, sha256Hex } from './sigv4.js'
import type { ReplyBase } from './types.js'
import {
  type AuthErrors,
  MAX_SKEW_MS,
  type SigV4Profile,
  type Signed,
  type Verified
} from './verify.js'

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.'

type Err = (
  status: number,
  code: string,
  message: string,
  extra?: Record<string, string | number>
) => Reply

export function s3Profile(base: ReplyBase): SigV4Profile {
  const err: Err = (status, code, message, extra = {}) =>
    s3Error(base, status, code, message, extra)
  return {
    service: 's3',
    errors: s3AuthErrors(err),
    signAllAmzHeaders: true,
    payloadHash: (req, auth) => payloadHash(err, req, auth),
    payload: (req, raw, signed) => payload(err, req, raw, signed)
  }
}

function malformed(err: Err, message: string): Reply {
  return err(
    400,
    'AuthorizationHeaderMalformed',
    `The authorization header is malformed; ${message}`
  )
}

function s3AuthErrors(err: Err): AuthErrors {
  return {
    malformed: (message) => malformed(err, message),
    missing: () => err(403, 'AccessDenied', 'Access Denied'),
    wrongService: (scoped) =>
      malformed(
        err,
        `incorrect service "${scoped}". This endpoint belongs to "s3".`
      ),
    unknownKey: (accessKeyId) =>
      err(
        403,
        'InvalidAccessKeyId',
        'The AWS Access Key Id you provided does not exist in our records.',
        { AWSAccessKeyId: accessKeyId }
      ),
    noDate: () =>
      err(
        403,
        'AccessDenied',
        'AWS authentication requires a valid Date or x-amz-date header'
      ),
    scopeDate: (message) => malformed(err, message),
    expired: (expires) =>
      err(403, 'AccessDenied', 'Request has expired', {
        'X-Amz-Expires': expires
      }),
    skewed: (amzDate, now) =>
      err(
        403,
        'RequestTimeTooSkewed',
        'The difference between the request time and the current time is too large.',
        {
          RequestTime: amzDate,
          ServerTime: new Date(now).toISOString(),
          MaxAllowedSkewMilliseconds: MAX_SKEW_MS
        }
      ),
    hostUnsigned: () =>
      malformed(
        err,
        "'Host' must be a 'SignedHeader' in the AWS Authorization."
      ),
    unsignedHeaders: (names) =>
      err(
        403,
        'AccessDenied',
        'There were headers present in the request which were not signed',
        { HeadersNotSigned: names.join(', ') }
      ),
    mismatch: (signed) =>
      err(403, 'SignatureDoesNotMatch', SIGNATURE_MISMATCH, {
        AWSAccessKeyId: signed.auth.accessKeyId,
        StringToSign: signed.toSign,
        SignatureProvided: signed.auth.signature,
        CanonicalRequest: signed.canonical
      })
  }
}

const KNOWN_HASHES = [
  UNSIGNED_PAYLOAD,
  STREAMING_SIGNED,
  STREAMING_SIGNED_TRAILER,
  STREAMING_UNSIGNED_TRAILER
]

function payloadHash(
  err: Err,
  req: IncomingMessage,
  auth: ParsedAuth
): string | Reply {
  const claimed = headerString(req.headers['x-amz-content-sha256'])
  if (claimed === undefined && !auth.presigned) {
    return err(
      400,
      'InvalidRequest',
      'Missing required header for this request: x-amz-content-sha256'
    )
  }
  const hash = claimed ?? UNSIGNED_PAYLOAD
  if (!KNOWN_HASHES.includes(hash) && !/^[0-9a-f]{64}$/.test(hash)) {
    return err(
      400,
      'InvalidArgument',
      'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value.',
      { ArgumentName: 'x-amz-content-sha256', ArgumentValue: hash }
    )
  }
  return hash
}

function payload(
  err: Err,
  req: IncomingMessage,
  raw: Buffer,
  signed: Signed
): Verified | Reply {
  const hash = signed.payloadHash
  if (/^[0-9a-f]{64}$/.test(hash)) {
    const actual = sha256Hex(raw)
    if (actual !== hash) {
      return err(
        400,
        'XAmzContentSHA256Mismatch',
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
        { ClientComputedContentSHA256: hash, S3ComputedContentSHA256: actual }
      )
    }
    return { body: raw, trailers: new Map() }
  }
  if (hash === UNSIGNED_PAYLOAD) return { body: raw, trailers: new Map() }
  try {
    return chunked(err, req, raw, signed)
  } catch (error) {
    if (!(error instanceof ChunkError)) throw error
    if (error.code === 'SignatureDoesNotMatch') {
      return err(403, 'SignatureDoesNotMatch', SIGNATURE_MISMATCH)
    }
    return err(400, 'IncompleteBody', error.message)
  }
}

function chunked(
  err: Err,
  req: IncomingMessage,
  raw: Buffer,
  signed: Signed
): Verified | Reply {
  const signedChunks = signed.payloadHash !== STREAMING_UNSIGNED_TRAILER
  const decoded = decodeAwsChunked(
    raw,
    signedChunks
      ? {
          seed: signed.expected,
          key: signed.key,
          amzDate: signed.auth.amzDate,
          scope: signed.scope
        }
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
  const expected = (headerString(req.headers['x-amz-trailer']) ?? '')
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '')
  if (expected.some((t) => !decoded.trailers.has(t))) {
    return err(
      400,
      'MalformedTrailerError',
      'The request contained trailing data that was not well-formed or did not conform to our published schema.'
    )
  }
  return { body: decoded.data, trailers: decoded.trailers }
}
