/**
 * COS's wire form: XML bodies and errors, the request id and server
 * headers, and where a request addresses its bucket (Host or path).
 */
import { randomBytes } from 'node:crypto'
import type { Reply } from '../core/types.js'
import { xmlEscape } from '../core/xml.js'

const VIRTUAL_HOST =
  /^([a-z0-9][a-z0-9-]*-\d+)\.cos(?:-internal)?\.([a-z0-9-]+)\.(?:myqcloud\.com|tencentcos\.cn)(?::\d+)?$/
const REGION = /^[a-z]+(?:-[a-z0-9]+)+$/
export const BUCKET = /^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)-(\d+)$/

export interface Addressed {
  bucket: string
  region: string
  /** Decoded object key, '' for bucket calls. */
  key: string
  /** What error Resources name, like COS does. */
  resource: string
}

/** The request fields every COS reply names. */
export interface CosReplyBase {
  requestId: string
  method: string
}

export function cosRequestId(): string {
  // Real ids are base64 of `<hex>_<hex>_<n>_<n>`.
  const raw = `${Math.floor(Date.now() / 1000).toString(16)}_${randomBytes(4).toString('hex')}_${randomBytes(2).toString('hex')}_${Math.floor(Math.random() * 1e7)}`
  return Buffer.from(raw).toString('base64')
}

export function xml(root: string, fields: Array<[string, unknown]>): string {
  const render = (name: string, value: unknown): string => {
    if (Array.isArray(value)) return value.map((v) => render(name, v)).join('')
    if (value !== null && typeof value === 'object') {
      const inner = Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => render(k, v))
        .join('')
      return `<${name}>${inner}</${name}>`
    }
    return `<${name}>${xmlEscape(String(value ?? ''))}</${name}>`
  }
  const inner = fields.map(([k, v]) => render(k, v)).join('')
  return `<?xml version='1.0' encoding='utf-8' ?>\n<${root}>${inner}</${root}>`
}

function baseHeaders(requestId: string): Record<string, string> {
  return {
    server: 'tencent-cos',
    date: new Date().toUTCString(),
    'x-cos-request-id': requestId
  }
}

export function cosError(
  base: CosReplyBase,
  status: number,
  code: string,
  message: string,
  resource = ''
): Reply {
  const headers = baseHeaders(base.requestId)
  // HEAD answers carry no body; the SDK then reports the status as the code.
  if (base.method === 'HEAD') return { status, headers, errorCode: code }
  headers['content-type'] = 'application/xml'
  return {
    status,
    headers,
    errorCode: code,
    body: xml('Error', [
      ['Code', code],
      ['Message', message],
      ['Resource', resource],
      ['RequestId', base.requestId],
      ['TraceId', Buffer.from(randomBytes(24)).toString('base64')]
    ])
  }
}

export function ok(
  requestId: string,
  status: number,
  extra: Record<string, string> = {},
  body?: string | Buffer
): Reply {
  const headers = { ...baseHeaders(requestId), ...extra }
  if (typeof body === 'string') headers['content-type'] ??= 'application/xml'
  return { status, headers, ...(body !== undefined && { body }) }
}

/** Finds bucket, region and key from the Host header or the path. */
export function cosAddress(
  host: string,
  rawPath: string
): Addressed | undefined {
  const vh = VIRTUAL_HOST.exec(host.toLowerCase())
  if (vh) {
    const key = decode(rawPath.replace(/^\//, ''))
    if (key === undefined) return undefined
    const hostname = host.replace(/:\d+$/, '')
    return {
      bucket: vh[1] ?? '',
      region: vh[2] ?? '',
      key,
      resource: `${hostname}/${key}`
    }
  }
  const m = /^\/([^/]+)\/([^/]+)(?:\/(.*))?$/.exec(rawPath)
  if (m && REGION.test(m[1] ?? '') && BUCKET.test(m[2] ?? '')) {
    const key = decode(m[3] ?? '')
    if (key === undefined) return undefined
    const bucket = m[2] ?? ''
    const region = m[1] ?? ''
    return {
      bucket,
      region,
      key,
      resource: `${bucket}.cos.${region}.myqcloud.com/${key}`
    }
  }
  return undefined
}

/** A key that does not decode addresses nothing (COS answers InvalidURI). */
function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text)
  } catch {
    return undefined
  }
}
