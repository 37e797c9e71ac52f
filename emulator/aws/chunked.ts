/**
 * The `aws-chunked` payload forms S3 clients stream:
 *   <hex-size>[;chunk-signature=<sig>]\r\n<data>\r\n … 0[;chunk-signature=…]\r\n
 *   [trailer-name:value\r\n …][x-amz-trailer-signature:<sig>\r\n]\r\n
 * When signed, every chunk's string to sign is `AWS4-HMAC-SHA256-PAYLOAD\n
 * <date>\n<scope>\n<previous signature>\n<sha256("")>\n<sha256(chunk)>`,
 * seeded with the request's own signature.
 */
import { sameSignature } from '../core/compare.js'
import { EMPTY_SHA256, sha256Hex, signature } from './sigv4.js'

/** `STREAMING-…` payload hash values (aws-chunked bodies). */
export const STREAMING_SIGNED = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD'
export const STREAMING_SIGNED_TRAILER =
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER'
export const STREAMING_UNSIGNED_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER'
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD'

const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.'

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

/** A cursor over the body's CRLF-terminated lines. */
class Reader {
  pos = 0
  constructor(readonly body: Buffer) {}
  line(): string {
    const end = this.body.indexOf('\r\n', this.pos)
    if (end < 0) {
      throw new ChunkError('IncompleteBody', 'chunk line not terminated')
    }
    const line = this.body.subarray(this.pos, end).toString('latin1')
    this.pos = end + 2
    return line
  }
}

/** Decodes the body; with `ctx`, checks every chunk and trailer signature. */
export function decodeAwsChunked(
  body: Buffer,
  ctx?: ChunkContext
): { data: Buffer; trailers: Map<string, string> } {
  const reader = new Reader(body)
  const parts: Buffer[] = []
  let previous = ctx?.seed ?? ''
  for (;;) {
    const { chunk, extensions } = readChunk(reader)
    if (ctx) previous = checkChunk(ctx, previous, chunk, extensions)
    if (chunk.length === 0) break
    parts.push(chunk)
    if (
      body.subarray(reader.pos, reader.pos + 2).toString('latin1') !== '\r\n'
    ) {
      throw new ChunkError('InvalidChunk', 'chunk data not followed by CRLF')
    }
    reader.pos += 2
  }
  const trailers = readTrailers(reader)
  if (ctx && trailers.signature !== undefined) {
    const toSign = [
      'AWS4-HMAC-SHA256-TRAILER',
      ctx.amzDate,
      ctx.scope,
      previous,
      sha256Hex(trailers.text)
    ].join('\n')
    if (!sameSignature(signature(ctx.key, toSign), trailers.signature)) {
      throw new ChunkError('SignatureDoesNotMatch', MISMATCH)
    }
  }
  return { data: Buffer.concat(parts), trailers: trailers.values }
}

function readChunk(reader: Reader): { chunk: Buffer; extensions: string[] } {
  const header = reader.line()
  const [sizeText, ...extensions] = header.split(';')
  const size = parseInt(sizeText ?? '', 16)
  if (
    !Number.isFinite(size) ||
    size < 0 ||
    !/^[0-9a-fA-F]+$/.test(sizeText ?? '')
  ) {
    throw new ChunkError('InvalidChunk', `invalid chunk size line "${header}"`)
  }
  if (reader.pos + size > reader.body.length) {
    throw new ChunkError(
      'IncompleteBody',
      'You did not provide the number of bytes specified by the Content-Length HTTP header'
    )
  }
  const chunk = reader.body.subarray(reader.pos, reader.pos + size)
  reader.pos += size
  return { chunk, extensions }
}

/** Checks one chunk's signature; returns it, the next chunk's `previous`. */
function checkChunk(
  ctx: ChunkContext,
  previous: string,
  chunk: Buffer,
  extensions: string[]
): string {
  const ext = extensions.find((e) => e.startsWith('chunk-signature='))
  const given = ext?.slice('chunk-signature='.length) ?? ''
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
    throw new ChunkError('SignatureDoesNotMatch', MISMATCH)
  }
  return expected
}

/** The trailer section (may be just the final CRLF, or nothing at all). */
function readTrailers(reader: Reader): {
  values: Map<string, string>
  text: string
  signature?: string
} {
  const values = new Map<string, string>()
  let text = ''
  let signature: string | undefined
  while (reader.pos < reader.body.length) {
    const line = reader.line()
    if (line === '') break
    const colon = line.indexOf(':')
    if (colon < 0) continue
    const name = line.slice(0, colon).trim().toLowerCase()
    const value = line.slice(colon + 1).trim()
    if (name === 'x-amz-trailer-signature') {
      signature = value
    } else {
      values.set(name, value)
      text += `${name}:${value}\n`
    }
  }
  return { values, text, ...(signature !== undefined && { signature }) }
}
