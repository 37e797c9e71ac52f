/**
 * AWS Signature Version 4, server side: rebuilds the canonical request from
 * what arrived on the wire and computes the signature. Written from the
 * published algorithm (docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html),
 * independently of the SDK's signer, so the SDK is tested against it.
 * The request checks are in verify.ts, the `aws-chunked` decoder in
 * chunked.ts.
 */
import { createHash, createHmac } from 'node:crypto'
import { decodeOr, headerString } from '../core/body.js'
import type { IncomingHttpHeaders } from 'node:http'

export const ALGORITHM = 'AWS4-HMAC-SHA256'
export const EMPTY_SHA256 =
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex')
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest()
}

const keyCache = new Map<string, Buffer>()

/** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service), "aws4_request"). */
export function signingKey(
  secret: string,
  date: string,
  region: string,
  service: string
): Buffer {
  const cacheKey = `${secret}\n${date}\n${region}\n${service}`
  const cached = keyCache.get(cacheKey)
  if (cached) return cached
  const kDate = hmac(`AWS4${secret}`, date)
  const kRegion = hmac(kDate, region)
  const kService = hmac(kRegion, service)
  const key = hmac(kService, 'aws4_request')
  if (keyCache.size > 100) keyCache.clear()
  keyCache.set(cacheKey, key)
  return key
}

/** RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
  )
}

/**
 * Canonical URI. S3 signs the path exactly as sent (encoded once); every
 * other service normalizes it (drops empty and `.` segments, resolves `..`)
 * and URI-encodes the already-encoded path a second time.
 */
export function canonicalUri(rawPath: string, service: string): string {
  const path = rawPath === '' ? '/' : rawPath
  if (service === 's3') return path
  const segments: string[] = []
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') segments.pop()
    else segments.push(segment)
  }
  const normalized =
    '/' +
    segments.join('/') +
    (segments.length > 0 && path.endsWith('/') ? '/' : '')
  return uriEncode(normalized).replace(/%2F/g, '/')
}

/** Canonical query string: decoded, re-encoded, sorted by name then value. */
export function canonicalQuery(rawQuery: string, omit?: string): string {
  if (!rawQuery) return ''
  const pairs: Array<[string, string]> = []
  for (const part of rawQuery.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    const name = decodeOr(eq < 0 ? part : part.slice(0, eq))
    const value = eq < 0 ? '' : decodeOr(part.slice(eq + 1))
    if (omit !== undefined && name === omit) continue
    pairs.push([uriEncode(name), uriEncode(value)])
  }
  pairs.sort((a, b) =>
    a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0
  )
  return pairs.map(([k, v]) => `${k}=${v}`).join('&')
}

/** Header values by lower-case name, from Node's rawHeaders (keeps repeats). */
export function headerValues(rawHeaders: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase()
    const list = out.get(name) ?? []
    list.push(rawHeaders[i + 1]!)
    out.set(name, list)
  }
  return out
}

function canonicalHeaderValue(values: string[]): string {
  return values.map((v) => v.trim().replace(/\s+/g, ' ')).join(',')
}

export interface CanonicalInput {
  method: string
  /** Path as it arrived, still percent-encoded. */
  rawPath: string
  /** Query string as it arrived, without `?`. */
  rawQuery: string
  headers: Map<string, string[]>
  signedHeaders: string[]
  payloadHash: string
  service: string
  /** Query parameter left out of the canonical query (presigned URLs). */
  omitQuery?: string
}

export function canonicalRequest(input: CanonicalInput): string {
  const headerLines = input.signedHeaders
    .map(
      (name) =>
        `${name}:${canonicalHeaderValue(input.headers.get(name) ?? [])}\n`
    )
    .join('')
  return [
    input.method.toUpperCase(),
    canonicalUri(input.rawPath, input.service),
    canonicalQuery(input.rawQuery, input.omitQuery),
    headerLines,
    input.signedHeaders.join(';'),
    input.payloadHash
  ].join('\n')
}

export function stringToSign(
  amzDate: string,
  scope: string,
  canonical: string
): string {
  return [ALGORITHM, amzDate, scope, sha256Hex(canonical)].join('\n')
}

export function signature(key: Buffer, toSign: string): string {
  return createHmac('sha256', key).update(toSign, 'utf8').digest('hex')
}

/** What the client claims in its Authorization header or presigned query. */
export interface ParsedAuth {
  accessKeyId: string
  date: string
  region: string
  service: string
  signedHeaders: string[]
  signature: string
  /** ISO basic timestamp the request was signed at. */
  amzDate: string
  presigned: boolean
  expires?: number
}

export class AuthParseError extends Error {}

/**
 * Reads the credential scope; undefined when the request carries no SigV4
 * authentication at all. Throws AuthParseError when it is malformed.
 */
export function parseAuth(
  headers: IncomingHttpHeaders,
  query: URLSearchParams
): ParsedAuth | undefined {
  const header = headers.authorization
  if (header) {
    if (!header.startsWith(`${ALGORITHM} `)) {
      throw new AuthParseError(
        `Unsupported Authorization Type (only ${ALGORITHM} is supported)`
      )
    }
    const fields = new Map<string, string>()
    for (const part of header.slice(ALGORITHM.length + 1).split(',')) {
      const eq = part.indexOf('=')
      if (eq < 0) continue
      fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim())
    }
    const credential = fields.get('Credential')
    const signed = fields.get('SignedHeaders')
    const sig = fields.get('Signature')
    if (!credential || !signed || !sig) {
      throw new AuthParseError(
        'Authorization header requires Credential, SignedHeaders and Signature'
      )
    }
    const amzDate = headerString(headers['x-amz-date']) ?? ''
    return {
      ...parseCredential(credential),
      signedHeaders: signed.split(';'),
      signature: sig,
      amzDate,
      presigned: false
    }
  }
  if (query.get('X-Amz-Algorithm') === ALGORITHM) {
    const credential = query.get('X-Amz-Credential') ?? ''
    const expires = Number(query.get('X-Amz-Expires') ?? '0')
    return {
      ...parseCredential(credential),
      signedHeaders: (query.get('X-Amz-SignedHeaders') ?? 'host').split(';'),
      signature: query.get('X-Amz-Signature') ?? '',
      amzDate: query.get('X-Amz-Date') ?? '',
      presigned: true,
      expires
    }
  }
  return undefined
}

function parseCredential(credential: string): {
  accessKeyId: string
  date: string
  region: string
  service: string
} {
  const parts = credential.split('/')
  if (parts.length !== 5 || parts[4] !== 'aws4_request') {
    throw new AuthParseError(
      `Credential should be scoped to a valid region, not '${parts[2] ?? ''}'. `
    )
  }
  return {
    accessKeyId: parts[0]!,
    date: parts[1]!,
    region: parts[2]!,
    service: parts[3]!
  }
}

/** Parses 20150830T123600Z. */
export function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value)
  if (!m) return undefined
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!))
}
