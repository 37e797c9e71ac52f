/**
 * S3's wire form: XML bodies and errors, the request id headers, and S3's
 * answers to failed authentication and scripted faults.
 */
import { randomBytes } from 'node:crypto'
import type { Reply } from '../core/types.js'
import { xmlEscape } from '../core/xml.js'
import type { ReplyBase, RequestContext } from './types.js'

export const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/'

export const OWNER_ID =
  '75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a'

export function xmlUnescape(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&amp;/g, '&')
}

export function el(name: string, value: string | number | undefined): string {
  if (value === undefined) return ''
  return `<${name}>${xmlEscape(String(value))}</${name}>`
}

export function s3Headers(requestId: string): Record<string, string> {
  return {
    'x-amz-request-id': requestId,
    'x-amz-id-2': randomBytes(48).toString('base64'),
    server: 'AmazonS3'
  }
}

export function s3RequestId(): string {
  return randomBytes(8).toString('hex').toUpperCase()
}

export function s3Error(
  ctx: ReplyBase,
  status: number,
  code: string,
  message: string,
  extra: Record<string, string | number> = {},
  headers: Record<string, string> = {}
): Reply {
  const fields = Object.entries(extra)
    .map(([k, v]) => el(k, v))
    .join('')
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${el('Code', code)}${el('Message', message)}` +
    `${fields}${el('RequestId', ctx.requestId)}${el('HostId', randomBytes(24).toString('base64'))}</Error>`
  return {
    status,
    headers: {
      ...s3Headers(ctx.requestId),
      'content-type': 'application/xml',
      ...headers
    },
    ...(ctx.method !== 'HEAD' && { body }),
    errorCode: code
  }
}

export function xml(
  ctx: RequestContext,
  status: number,
  text: string,
  headers: Record<string, string> = {}
): Reply {
  return {
    status,
    headers: {
      ...s3Headers(ctx.requestId),
      'content-type': 'application/xml',
      ...headers
    },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${text}`
  }
}

export function empty(
  ctx: RequestContext,
  status: number,
  headers: Record<string, string> = {}
): Reply {
  return { status, headers: { ...s3Headers(ctx.requestId), ...headers } }
}

export class S3Failure extends Error {
  constructor(readonly reply: Reply) {
    super(reply.errorCode)
  }
}

export function fail(
  ctx: RequestContext,
  status: number,
  code: string,
  message: string,
  extra: Record<string, string | number> = {},
  headers: Record<string, string> = {}
): never {
  throw new S3Failure(s3Error(ctx, status, code, message, extra, headers))
}

export function header(ctx: RequestContext, name: string): string | undefined {
  const v = ctx.req.headers[name]
  return Array.isArray(v) ? v.join(',') : v
}

export function metadataOf(ctx: RequestContext): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(ctx.req.headers)) {
    if (name.startsWith('x-amz-meta-') && value !== undefined) {
      out[name] = Array.isArray(value) ? value.join(',') : value
    }
  }
  return out
}

export function quoted(etag: string): string {
  return etag.startsWith('"') ? etag : `"${etag}"`
}

export function stripQuotes(etag: string): string {
  return etag.trim().replace(/^"+|"+$/g, '')
}
