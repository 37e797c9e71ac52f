/**
 * Checks a request's SigV4 authentication (header or presigned query) in
 * the order AWS does, one step per function. What differs between services
 * is a profile: its error replies, which headers must be signed, and how
 * the payload is hashed and then checked (S3's streaming forms).
 */
import type { IncomingMessage } from 'node:http'
import { sameSignature } from '../core/compare.js'
import type { Reply } from '../core/types.js'
import {
  canonicalRequest,
  headerValues,
  parseAmzDate,
  type ParsedAuth,
  signature,
  signingKey,
  stringToSign
} from './sigv4.js'

/** Largest clock difference SigV4 tolerates. */
export const MAX_SKEW_MS = 15 * 60 * 1000

/** A service's replies to each way authentication can fail. */
export interface AuthErrors {
  malformed(message: string): Reply
  missing(): Reply
  wrongService(scoped: string): Reply
  unknownKey(accessKeyId: string): Reply
  noDate(): Reply
  scopeDate(message: string): Reply
  expired(expires: number): Reply
  skewed(amzDate: string, now: number): Reply
  hostUnsigned(): Reply
  unsignedHeaders(names: string[]): Reply
  mismatch(signed: Signed): Reply
}

export interface Verified {
  body: Buffer
  trailers: Map<string, string>
}

export interface SigV4Profile {
  service: 'lambda' | 's3'
  errors: AuthErrors
  /** Whether every `x-amz-*` header must be signed (S3), not just the token. */
  signAllAmzHeaders: boolean
  /** The payload hash the signature covers, or an error reply. */
  payloadHash(
    req: IncomingMessage,
    auth: ParsedAuth,
    raw: Buffer
  ): string | Reply
  /** Checks the payload against it once the signature holds. */
  payload(req: IncomingMessage, raw: Buffer, signed: Signed): Verified | Reply
}

export interface Credentials {
  accessKeyId: string
  secretAccessKey: string
}

/** What the signature check computed, for error details and chunk chains. */
export interface Signed {
  auth: ParsedAuth
  payloadHash: string
  canonical: string
  toSign: string
  scope: string
  key: Buffer
  expected: string
}

export interface SigV4Request {
  req: IncomingMessage
  auth: ParsedAuth | undefined
  authError: string | undefined
  raw: Buffer
  rawPath: string
  rawQuery: string
}

function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && 'status' in value
}

export function verifySigV4(
  request: SigV4Request,
  profile: SigV4Profile,
  creds: Credentials,
  now = Date.now()
): Verified | Reply {
  const { req, auth } = request
  const { errors } = profile
  if (request.authError !== undefined) {
    return errors.malformed(request.authError)
  }
  if (!auth) return errors.missing()
  const refused =
    checkScope(auth, profile, creds) ??
    checkTime(auth, errors, now) ??
    checkSignedHeaders(req, auth, profile)
  if (refused) return refused
  const payloadHash = profile.payloadHash(req, auth, request.raw)
  if (isReply(payloadHash)) return payloadHash
  const signed = sign(request, auth, payloadHash, profile.service, creds)
  if (!sameSignature(signed.expected, auth.signature)) {
    return errors.mismatch(signed)
  }
  return profile.payload(req, request.raw, signed)
}

function checkScope(
  auth: ParsedAuth,
  profile: SigV4Profile,
  creds: Credentials
): Reply | undefined {
  if (auth.service !== profile.service) {
    return profile.errors.wrongService(auth.service)
  }
  if (auth.accessKeyId !== creds.accessKeyId) {
    return profile.errors.unknownKey(auth.accessKeyId)
  }
  return undefined
}

function checkTime(
  auth: ParsedAuth,
  errors: AuthErrors,
  now: number
): Reply | undefined {
  const when = parseAmzDate(auth.amzDate)
  if (!when) return errors.noDate()
  const day = auth.amzDate.slice(0, 8)
  if (day !== auth.date) {
    return errors.scopeDate(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${day}', from '${auth.amzDate}'.`
    )
  }
  if (auth.presigned) {
    const expires = auth.expires ?? 0
    return now > when.getTime() + expires * 1000
      ? errors.expired(expires)
      : undefined
  }
  return Math.abs(now - when.getTime()) > MAX_SKEW_MS
    ? errors.skewed(auth.amzDate, now)
    : undefined
}

function checkSignedHeaders(
  req: IncomingMessage,
  auth: ParsedAuth,
  profile: SigV4Profile
): Reply | undefined {
  const signed = new Set(auth.signedHeaders)
  if (!signed.has('host')) return profile.errors.hostUnsigned()
  const unsigned = [...headerValues(req.rawHeaders).keys()].filter(
    (name) =>
      !signed.has(name) &&
      (name === 'x-amz-security-token' ||
        (profile.signAllAmzHeaders && name.startsWith('x-amz-')))
  )
  return unsigned.length > 0
    ? profile.errors.unsignedHeaders(unsigned)
    : undefined
}

function sign(
  request: SigV4Request,
  auth: ParsedAuth,
  payloadHash: string,
  service: string,
  creds: Credentials
): Signed {
  const canonical = canonicalRequest({
    method: request.req.method ?? 'GET',
    rawPath: request.rawPath,
    rawQuery: request.rawQuery,
    headers: headerValues(request.req.rawHeaders),
    signedHeaders: auth.signedHeaders,
    payloadHash,
    service,
    ...(auth.presigned && { omitQuery: 'X-Amz-Signature' })
  })
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`
  const toSign = stringToSign(auth.amzDate, scope, canonical)
  const key = signingKey(
    creds.secretAccessKey,
    auth.date,
    auth.region,
    auth.service
  )
  const expected = signature(key, toSign)
  return { auth, payloadHash, canonical, toSign, scope, key, expected }
}

/** The ISO basic form (`20150830T123600Z`) skew messages show. */
export function basicTime(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '')
}
