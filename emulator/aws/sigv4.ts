/**
 * AWS Signature Version 4, server side: rebuilds the canonical request from
 * what arrived on the wire and checks the signature, then decodes the
 * `aws-chunked` payload forms S3 clients send. Written from the published
 * algorithm (docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html),
 * independently of the SDK's signer, so the SDK is tested against it.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
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

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
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
    const name = safeDecode(eq < 0 ? part : part.slice(0, eq))
    const value = eq < 0 ? '' : safeDecode(part.slice(eq + 1))
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

export function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8')
  const y = Buffer.from(b, 'utf8')
  return x.length === y.length && timingSafeEqual(x, y)
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

export function headerString(
  value: string | string[] | undefined
): string | undefined {
  return Array.isArray(value) ? value.join(',') : value
}

/** Parses 20150830T123600Z. */
export function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value)
  if (!m) return undefined
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!))
}

/** `STREAMING-…` payload hash values (aws-chunked bodies). */
export const STREAMING_SIGNED = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD'
export const STREAMING_SIGNED_TRAILER =
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER'
export const STREAMING_UNSIGNED_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER'
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD'

export class ChunkError extends Error {
  constructor(
    readonly code: 'IncompleteBody' | 'SignatureDoesNotMatch' | 'InvalidChunk',
    message: string
  ) {
    super(message)
  }
}

export interface ChunkContext {
  /** The request's own signature: the seed of the chunk chain. */
  seed: string
  key: Buffer
  amzDate: string
  scope: string
}

/**
 * Decodes an `aws-chunked` body:
 *   <hex-size>[;chunk-signature=<sig>]\r\n<data>\r\n … 0[;chunk-signature=…]\r\n
 *   [trailer-name:value\r\n …][x-amz-trailer-signature:<sig>\r\n]\r\n
 * With `ctx`, every chunk signature (and the trailer signature) is checked:
 * string to sign `AWS4-HMAC-SHA256-PAYLOAD\n<date>\n<scope>\n<previous
 * signature>\n<sha256("")>\n<sha256(chunk)>`.
 */
export function decodeAwsChunked(
  body: Buffer,
  ctx?: ChunkContext
): { data: Buffer; trailers: Map<string, string> } {
  const parts: Buffer[] = []
  const trailers = new Map<string, string>()
  let pos = 0
  let previous = ctx?.seed ?? ''
  const readLine = (): string => {
    const end = body.indexOf('\r\n', pos)
    if (end < 0)
      throw new ChunkError('IncompleteBody', 'chunk line not terminated')
    const line = body.subarray(pos, end).toString('latin1')
    pos = end + 2
    return line
  }
  for (;;) {
    const header = readLine()
    const [sizeText, ...exts] = header.split(';')
    const size = parseInt(sizeText ?? '', 16)
    if (
      !Number.isFinite(size) ||
      size < 0 ||
      !/^[0-9a-fA-F]+$/.test(sizeText ?? '')
    ) {
      throw new ChunkError(
        'InvalidChunk',
        `invalid chunk size line "${header}"`
      )
    }
    if (pos + size > body.length) {
      throw new ChunkError(
        'IncompleteBody',
        'You did not provide the number of bytes specified by the Content-Length HTTP header'
      )
    }
    const chunk = body.subarray(pos, pos + size)
    pos += size
    if (ctx) {
      const sigExt = exts.find((e) => e.startsWith('chunk-signature='))
      const given = sigExt?.slice('chunk-signature='.length) ?? ''
      const toSign = [
        'AWS4-HMAC-SHA256-PAYLOAD',
        ctx.amzDate,
        ctx.scope,
        previous,
        EMPTY_SHA256,
        sha256Hex(chunk)
      ].join('\n')
      const expected = signature(ctx.key, toSign)
      if (!sameSignature(expected, given)) {
        throw new ChunkError(
          'SignatureDoesNotMatch',
          'The request signature we calculated does not match the signature you provided. Check your key and signing method.'
        )
      }
      previous = expected
    }
    if (size === 0) break
    parts.push(chunk)
    if (body.subarray(pos, pos + 2).toString('latin1') !== '\r\n') {
      throw new ChunkError('InvalidChunk', 'chunk data not followed by CRLF')
    }
    pos += 2
  }
  // Trailer section (may be just the final CRLF, or nothing at all).
  let trailerText = ''
  let trailerSignature: string | undefined
  while (pos < body.length) {
    const line = readLine()
    if (line === '') break
    const colon = line.indexOf(':')
    if (colon < 0) continue
    const name = line.slice(0, colon).trim().toLowerCase()
    const value = line.slice(colon + 1).trim()
    if (name === 'x-amz-trailer-signature') {
      trailerSignature = value
    } else {
      trailers.set(name, value)
      trailerText += `${name}:${value}\n`
    }
  }
  if (ctx && trailerSignature !== undefined) {
    const toSign = [
      'AWS4-HMAC-SHA256-TRAILER',
      ctx.amzDate,
      ctx.scope,
      previous,
      sha256Hex(trailerText)
    ].join('\n')
    if (!sameSignature(signature(ctx.key, toSign), trailerSignature)) {
      throw new ChunkError(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.'
      )
    }
  }
  return { data: Buffer.concat(parts), trailers }
}
