/**
 * Checks a Tencent Cloud API 3.0 request's TC3 signature against the test
 * keys, in the order the gateway reports problems. Any session token
 * (`X-TC-Token`) is accepted.
 */
import type { IncomingMessage } from 'node:http'
import { headerString } from '../core/body.js'
import { sameSignature } from '../core/compare.js'
import {
  canonicalRequest,
  parseTc3Authorization,
  type ParsedTc3,
  stringToSign,
  Tc3ParseError,
  tc3Date,
  tc3Signature
} from './tc3.js'

/** Largest clock difference TC3 tolerates (five minutes). */
const MAX_SKEW_S = 300

/** Why a request was refused: the gateway's error code and message. */
export interface Tc3Failure {
  code: string
  message: string
}

export interface Tc3Keys {
  secretId: string
  secretKey: string
}

export function verifyTc3(
  req: IncomingMessage,
  body: Buffer,
  path: string,
  query: string,
  keys: Tc3Keys,
  now = Math.floor(Date.now() / 1000)
): Tc3Failure | undefined {
  const authorization = headerString(req.headers.authorization)
  if (!authorization) {
    return fail(
      'AuthFailure.InvalidAuthorization',
      'The Authorization header is missing.'
    )
  }
  let auth: ParsedTc3
  try {
    auth = parseTc3Authorization(authorization)
  } catch (error) {
    if (!(error instanceof Tc3ParseError)) throw error
    return fail('AuthFailure.InvalidAuthorization', error.message)
  }
  if (auth.secretId !== keys.secretId) {
    return fail(
      'AuthFailure.SecretIdNotFound',
      'The SecretId is not found, please ensure that your SecretId is correct.'
    )
  }
  const timestamp = Number(headerString(req.headers['x-tc-timestamp']))
  const refused = checkTime(auth, timestamp, now)
  if (refused) return refused
  if (!auth.signedHeaders.includes('host')) {
    return fail(
      'AuthFailure.SignatureFailure',
      'SignedHeaders must include host.'
    )
  }
  if (signatureHolds(req, body, path, query, auth, timestamp, keys)) {
    return undefined
  }
  return fail(
    'AuthFailure.SignatureFailure',
    'The provided credentials could not be validated. Please check your signature is correct.'
  )
}

function fail(code: string, message: string): Tc3Failure {
  return { code, message }
}

function checkTime(
  auth: ParsedTc3,
  timestamp: number,
  now: number
): Tc3Failure | undefined {
  if (!Number.isInteger(timestamp)) {
    return fail(
      'MissingParameter',
      'The request is missing a required parameter `Timestamp`.'
    )
  }
  if (Math.abs(now - timestamp) > MAX_SKEW_S) {
    return fail(
      'AuthFailure.SignatureExpire',
      `Signature expired, timestamp: ${timestamp}, server time: ${now}. The timestamp and server time must not differ by more than five minutes.`
    )
  }
  if (auth.date !== tc3Date(timestamp)) {
    return fail(
      'AuthFailure.SignatureFailure',
      'The Credential date does not match X-TC-Timestamp.'
    )
  }
  return undefined
}

function signatureHolds(
  req: IncomingMessage,
  body: Buffer,
  path: string,
  query: string,
  auth: ParsedTc3,
  timestamp: number,
  keys: Tc3Keys
): boolean {
  const headers = new Map<string, string>()
  for (const name of auth.signedHeaders) {
    headers.set(name, headerString(req.headers[name]) ?? '')
  }
  // Clients sign the host without the port (the real API is on 443), but
  // send it with one; accept either form.
  const host = headers.get('host') ?? ''
  for (const h of new Set([host, host.replace(/:\d+$/, '')])) {
    headers.set('host', h)
    const canonical = canonicalRequest({
      method: req.method ?? 'POST',
      path,
      query,
      headers,
      signedHeaders: auth.signedHeaders,
      payload: body
    })
    const expected = tc3Signature(
      keys.secretKey,
      auth.date,
      auth.service,
      stringToSign(timestamp, auth.service, canonical)
    )
    if (sameSignature(expected, auth.signature)) return true
  }
  return false
}
