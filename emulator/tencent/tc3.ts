/**
 * TC3-HMAC-SHA256, the signature of Tencent Cloud API 3.0, written from the
 * published algorithm (cloud.tencent.com/document/api/362/4208) rather than
 * taken from the SDK, so the emulator checks the SDK instead of agreeing
 * with it by construction.
 */
import { createHash, createHmac } from 'node:crypto'

export const TC3_ALGORITHM = 'TC3-HMAC-SHA256'

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest()
}

/** `YYYY-MM-DD` of a Unix timestamp, in UTC (the scope's date). */
export function tc3Date(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10)
}

export interface CanonicalInput {
  method: string
  /** Path as sent (`/`). */
  path: string
  /** Query string as sent, without `?` (empty for POST). */
  query: string
  /** Lower-case header name to value, for the signed headers only. */
  headers: Map<string, string>
  /** Lower-case names, in the order of SignedHeaders. */
  signedHeaders: string[]
  payload: string | Buffer
}

export function canonicalRequest(input: CanonicalInput): string {
  const names = [...input.signedHeaders]
  const canonicalHeaders = names
    .map((name) => `${name}:${(input.headers.get(name) ?? '').trim()}\n`)
    .join('')
  return [
    input.method.toUpperCase(),
    input.path,
    input.query,
    canonicalHeaders,
    names.join(';'),
    sha256Hex(input.payload)
  ].join('\n')
}

export function stringToSign(
  timestamp: number,
  service: string,
  canonical: string
): string {
  return [
    TC3_ALGORITHM,
    String(timestamp),
    `${tc3Date(timestamp)}/${service}/tc3_request`,
    sha256Hex(canonical)
  ].join('\n')
}

export function tc3Signature(
  secretKey: string,
  date: string,
  service: string,
  toSign: string
): string {
  const kDate = hmac(`TC3${secretKey}`, date)
  const kService = hmac(kDate, service)
  const kSigning = hmac(kService, 'tc3_request')
  return createHmac('sha256', kSigning).update(toSign, 'utf8').digest('hex')
}

export interface ParsedTc3 {
  secretId: string
  date: string
  service: string
  signedHeaders: string[]
  signature: string
}

export class Tc3ParseError extends Error {}

/**
 * Parses `TC3-HMAC-SHA256 Credential=<id>/<date>/<service>/tc3_request,
 * SignedHeaders=a;b, Signature=<hex>`. The service is whatever the client
 * put in the scope: the Node SDK takes the endpoint's first DNS label, which
 * for `127.0.0.1:PORT` is `127`.
 */
export function parseTc3Authorization(header: string): ParsedTc3 {
  const trimmed = header.trim()
  if (!trimmed.startsWith(`${TC3_ALGORITHM} `)) {
    throw new Tc3ParseError(`the Authorization header is not ${TC3_ALGORITHM}`)
  }
  const fields = new Map<string, string>()
  for (const part of trimmed.slice(TC3_ALGORITHM.length).split(',')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim())
  }
  const credential = fields.get('Credential')
  const signed = fields.get('SignedHeaders')
  const signature = fields.get('Signature')
  if (!credential || !signed || !signature) {
    throw new Tc3ParseError(
      'the Authorization header lacks Credential, SignedHeaders or Signature'
    )
  }
  // The service may itself contain `/`-free text with dots or a port; split
  // from the ends, as the secret id and terminator are fixed.
  const parts = credential.split('/')
  if (parts.length < 4 || parts[parts.length - 1] !== 'tc3_request') {
    throw new Tc3ParseError(`malformed Credential scope: ${credential}`)
  }
  const secretId = parts[0] ?? ''
  const date = parts[1] ?? ''
  const service = parts.slice(2, -1).join('/')
  return {
    secretId,
    date,
    service,
    signedHeaders: signed
      .split(';')
      .map((s) => s.trim().toLowerCase())
      .filter((s) => s !== ''),
    signature: signature.toLowerCase()
  }
}
