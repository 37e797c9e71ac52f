/**
 * The COS XML API subset that cos-nodejs-sdk-v5 drives for uploads:
 * PutBucket/HeadBucket/DeleteBucket/GetBucket, PutObject, HeadObject,
 * GetObject, DeleteObject and multipart (Initiate, UploadPart, Complete,
 * ListMultipartUploads, ListParts, Abort). Requests are verified with the
 * `q-sign-algorithm=sha1` signature against the test keys.
 *
 * How a client reaches a bucket here. COS is virtual-hosted only (the SDK
 * throws on `ForcePathStyle`), and with `Domain: '127.0.0.1:PORT'` its URLs
 * carry no bucket at all. Two configurations work, and the emulator accepts
 * both:
 *
 * 1. Virtual-hosted, as the real service (what the adapter uses for a plain
 *    `storage-endpoint-url`): connect to the endpoint, name the bucket in the
 *    Host header.
 *
 *      new COS({
 *        SecretId, SecretKey, SecurityToken,   // token only if temporary
 *        Protocol: 'http:',                     // the endpoint's scheme
 *        Ip: '127.0.0.1:PORT',                  // the endpoint's host:port
 *        AutoSwitchHost: false,                 // no fallback to *.tencentcos.cn
 *        Timeout: 60_000
 *      })
 *
 *    The SDK builds `http://<bucket>-<appid>.cos.<region>.myqcloud.com/<key>`,
 *    then swaps the host for `Ip` and sends the original one as `Host` (and
 *    signs it), so bucket and region come from `Host`.
 *
 * 2. A `Domain` template with the bucket and region in the path:
 *
 *      new COS({ SecretId, SecretKey, Protocol: 'http:',
 *                Domain: 'http://127.0.0.1:PORT/{Region}/{Bucket}' })
 *
 *    gives `http://127.0.0.1:PORT/ap-guangzhou/layers-1250000000/<key>`; the
 *    signature still covers `/<key>` alone, as with real COS.
 *
 * Anything else is answered with `InvalidURI`, naming these two forms.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  type Bucket,
  type FaultRule,
  type Hub,
  type MultipartUpload,
  readBody,
  sleep
} from '../core.js'
import {
  CosAuthParseError,
  cosSignature,
  parseCosAuthorization,
  sameSignature,
  signableParams
} from './cos-sign.js'

export interface CosCredentials {
  secretId: string
  secretKey: string
  appId: string
}

const GiB = 1024 * 1024 * 1024
const MiB = 1024 * 1024
/** Largest single PUT (PutObject) and part. */
const MAX_PUT = 5 * GiB
/** Every part but the last must be at least this large (COS: 1 MB). */
export const COS_MIN_PART = 1 * MiB
const MAX_PARTS = 10_000

const VIRTUAL_HOST =
  /^([a-z0-9][a-z0-9-]*-\d+)\.cos(?:-internal)?\.([a-z0-9-]+)\.(?:myqcloud\.com|tencentcos\.cn)(?::\d+)?$/
const REGION = /^[a-z]+(?:-[a-z0-9]+)+$/
const BUCKET = /^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)-(\d+)$/

interface CosOp {
  operation: string
  write: boolean
  bodyLimit: number
}

interface CosReply {
  status: number
  headers: Record<string, string>
  body?: Buffer | string
  errorCode?: string
}

interface Addressed {
  bucket: string
  region: string
  /** Decoded object key, '' for bucket calls. */
  key: string
  /** What error Resources name, like COS does. */
  resource: string
}

export function cosRequestId(): string {
  // Real ids are base64 of `<hex>_<hex>_<n>_<n>`.
  const raw = `${Math.floor(Date.now() / 1000).toString(16)}_${randomBytes(4).toString('hex')}_${randomBytes(2).toString('hex')}_${Math.floor(Math.random() * 1e7)}`
  return Buffer.from(raw).toString('base64')
}

function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

function xml(root: string, fields: Array<[string, unknown]>): string {
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
  requestId: string,
  method: string,
  status: number,
  code: string,
  message: string,
  resource = ''
): CosReply {
  const headers = baseHeaders(requestId)
  // HEAD answers carry no body; the SDK then reports the status as the code.
  if (method === 'HEAD') return { status, headers, errorCode: code }
  headers['content-type'] = 'application/xml'
  return {
    status,
    headers,
    errorCode: code,
    body: xml('Error', [
      ['Code', code],
      ['Message', message],
      ['Resource', resource],
      ['RequestId', requestId],
      ['TraceId', Buffer.from(randomBytes(24)).toString('base64')]
    ])
  }
}

function ok(
  requestId: string,
  status: number,
  extra: Record<string, string> = {},
  body?: string | Buffer
): CosReply {
  const headers = { ...baseHeaders(requestId), ...extra }
  if (typeof body === 'string') headers['content-type'] ??= 'application/xml'
  return { status, headers, ...(body !== undefined && { body }) }
}

function md5(data: Buffer): Buffer {
  return createHash('md5').update(data).digest()
}

function newUploadId(): string {
  return `${Math.floor(Date.now() / 1000)}${randomBytes(28).toString('hex')}`
}

export function cosRoute(
  method: string,
  key: string,
  q: URLSearchParams
): CosOp | undefined {
  const op = (operation: string, write: boolean, bodyLimit = MiB): CosOp => ({
    operation,
    write,
    bodyLimit
  })
  if (key === '') {
    if (method === 'PUT') return op('PutBucket', true)
    if (method === 'HEAD') return op('HeadBucket', false)
    if (method === 'DELETE') return op('DeleteBucket', true)
    if (method === 'GET' && q.has('uploads')) {
      return op('ListMultipartUploads', false)
    }
    if (method === 'GET') return op('GetBucket', false)
    return undefined
  }
  switch (method) {
    case 'PUT':
      return q.has('partNumber') && q.has('uploadId')
        ? op('UploadPart', true, MAX_PUT)
        : op('PutObject', true, MAX_PUT)
    case 'POST':
      if (q.has('uploads')) return op('InitiateMultipartUpload', true)
      if (q.has('uploadId')) return op('CompleteMultipartUpload', true)
      return undefined
    case 'GET':
      return q.has('uploadId') ? op('ListParts', false) : op('GetObject', false)
    case 'HEAD':
      return op('HeadObject', false)
    case 'DELETE':
      return q.has('uploadId')
        ? op('AbortMultipartUpload', true)
        : op('DeleteObject', true)
    default:
      return undefined
  }
}

/** Finds bucket, region and key from the Host header or the path. */
export function cosAddress(
  host: string,
  rawPath: string
): Addressed | undefined {
  const decode = (p: string): string | undefined => {
    try {
      return decodeURIComponent(p)
    } catch {
      return undefined
    }
  }
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

function headerMap(req: IncomingMessage): Map<string, string> {
  const out = new Map<string, string>()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    out.set(name.toLowerCase(), Array.isArray(value) ? value.join(',') : value)
  }
  return out
}

function send(res: ServerResponse, method: string, reply: CosReply): void {
  const body =
    reply.body === undefined
      ? undefined
      : typeof reply.body === 'string'
        ? Buffer.from(reply.body, 'utf8')
        : reply.body
  const headers = { ...reply.headers }
  headers['content-length'] ??= String(body?.length ?? 0)
  res.writeHead(reply.status, headers)
  if (method === 'HEAD' || body === undefined) res.end()
  else res.end(body)
}

function faultReply(
  requestId: string,
  method: string,
  rule: FaultRule,
  resource: string
): CosReply | undefined {
  switch (rule.kind) {
    case 'throttle':
      return cosError(
        requestId,
        method,
        503,
        'SlowDown',
        'Please reduce your request rate.',
        resource
      )
    case 'error500':
      return cosError(
        requestId,
        method,
        500,
        'InternalError',
        'We encountered an internal error. Please try again.',
        resource
      )
    case 'error503':
      return cosError(
        requestId,
        method,
        503,
        'ServiceUnavailable',
        'Service is unable to handle request.',
        resource
      )
    case 'error':
      return cosError(
        requestId,
        method,
        rule.status ?? 400,
        rule.code ?? 'InjectedFault',
        rule.message ?? 'Fault injected by the emulator',
        resource
      )
    default:
      return undefined
  }
}

interface CosContext {
  hub: Hub
  creds: CosCredentials
  req: IncomingMessage
  method: string
  query: URLSearchParams
  addr: Addressed
  body: Buffer
  requestId: string
  host: string
}

function parseCompleteBody(
  body: string
): Array<{ partNumber: number; etag: string }> | undefined {
  if (!/<CompleteMultipartUpload[\s>]/.test(body)) return undefined
  const parts: Array<{ partNumber: number; etag: string }> = []
  const re = /<Part>([\s\S]*?)<\/Part>/g
  for (let m = re.exec(body); m; m = re.exec(body)) {
    const inner = m[1] ?? ''
    const n = /<PartNumber>\s*(\d+)\s*<\/PartNumber>/.exec(inner)
    const e = /<ETag>([\s\S]*?)<\/ETag>/.exec(inner)
    if (!n || !e) return undefined
    const etag = (e[1] ?? '')
      .trim()
      .replace(/&quot;/g, '"')
      .replace(/^"|"$/g, '')
    parts.push({ partNumber: Number(n[1]), etag })
  }
  return parts
}

function handle(ctx: CosContext, op: CosOp): CosReply {
  const { hub, addr, requestId, method, query } = ctx
  const err = (status: number, code: string, message: string) =>
    cosError(requestId, method, status, code, message, addr.resource)

  if (op.operation === 'PutBucket') {
    const m = BUCKET.exec(addr.bucket)
    if (!m || (m[1] ?? '').length > 50) {
      return err(400, 'InvalidBucketName', 'The specified bucket is not valid.')
    }
    if (m[2] !== ctx.creds.appId) {
      return err(403, 'AccessDenied', 'Access Denied.')
    }
    if (hub.getBucket('cos', addr.bucket)) {
      return err(
        409,
        'BucketAlreadyExists',
        'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.'
      )
    }
    hub.createBucket('cos', addr.bucket, addr.region)
    return ok(requestId, 200)
  }

  const bucket = hub.getBucket('cos', addr.bucket)
  // A bucket exists in one region only; elsewhere COS does not know it.
  if (!bucket || bucket.region !== addr.region) {
    return err(404, 'NoSuchBucket', 'The specified bucket does not exist.')
  }

  switch (op.operation) {
    case 'HeadBucket':
      return ok(requestId, 200, { 'x-cos-bucket-region': bucket.region })
    case 'DeleteBucket':
      if (bucket.objects.size > 0 || bucket.uploads.size > 0) {
        return err(
          409,
          'BucketNotEmpty',
          'The bucket you tried to delete is not empty.'
        )
      }
      hub.buckets.delete(hub.bucketKey('cos', bucket.name))
      return ok(requestId, 204)
    case 'GetBucket':
      return listObjects(ctx, bucket)
    case 'ListMultipartUploads':
      return listUploads(ctx, bucket)
    case 'PutObject': {
      if (ctx.req.headers['x-cos-copy-source'] !== undefined) {
        return err(
          501,
          'NotImplemented',
          'PUT Object - Copy is not supported by the emulator.'
        )
      }
      if (
        ctx.req.headers['if-none-match'] === '*' &&
        bucket.objects.has(addr.key)
      ) {
        return err(
          412,
          'PreconditionFailed',
          'The precondition you specified did not hold.'
        )
      }
      const digest = md5(ctx.body)
      const claimed = ctx.req.headers['content-md5']
      if (
        typeof claimed === 'string' &&
        claimed !== digest.toString('base64')
      ) {
        return err(
          400,
          'BadDigest',
          'The Content-MD5 you specified did not match what we received.'
        )
      }
      const etag = `"${digest.toString('hex')}"`
      bucket.objects.set(addr.key, {
        body: ctx.body,
        etag,
        contentType:
          headerString(ctx.req.headers['content-type']) ??
          'application/octet-stream',
        lastModified: new Date()
      })
      return ok(requestId, 200, { etag })
    }
    case 'HeadObject':
    case 'GetObject': {
      const o = bucket.objects.get(addr.key)
      if (!o) {
        return err(404, 'NoSuchKey', 'The specified key does not exist.')
      }
      return ok(
        requestId,
        200,
        {
          'content-type': o.contentType,
          'content-length': String(o.body.length),
          etag: o.etag,
          'last-modified': o.lastModified.toUTCString(),
          'x-cos-storage-class': 'STANDARD'
        },
        op.operation === 'GetObject' ? o.body : undefined
      )
    }
    case 'DeleteObject':
      bucket.objects.delete(addr.key)
      return ok(requestId, 204)
    case 'InitiateMultipartUpload': {
      const upload: MultipartUpload = {
        uploadId: newUploadId(),
        key: addr.key,
        parts: new Map(),
        initiated: new Date()
      }
      bucket.uploads.set(upload.uploadId, upload)
      return ok(
        requestId,
        200,
        {},
        xml('InitiateMultipartUploadResult', [
          ['Bucket', bucket.name],
          ['Key', addr.key],
          ['UploadId', upload.uploadId]
        ])
      )
    }
    default:
      break
  }

  const uploadId = query.get('uploadId') ?? ''
  const upload = bucket.uploads.get(uploadId)
  if (!upload || upload.key !== addr.key) {
    return err(
      404,
      'NoSuchUpload',
      'The specified multipart upload does not exist. The upload ID might be invalid, or the multipart upload might have been aborted or completed.'
    )
  }
  switch (op.operation) {
    case 'UploadPart': {
      const n = Number(query.get('partNumber'))
      if (!Number.isInteger(n) || n < 1 || n > MAX_PARTS) {
        return err(
          400,
          'InvalidArgument',
          `Part number must be an integer between 1 and ${MAX_PARTS}, inclusive.`
        )
      }
      const etag = `"${md5(ctx.body).toString('hex')}"`
      upload.parts.set(n, { body: ctx.body, etag })
      return ok(requestId, 200, { etag })
    }
    case 'ListParts': {
      const parts = [...upload.parts.entries()].sort((a, b) => a[0] - b[0])
      return ok(
        requestId,
        200,
        {},
        xml('ListPartsResult', [
          ['Bucket', bucket.name],
          ['EncodingType', ''],
          ['Key', addr.key],
          ['UploadId', upload.uploadId],
          ['Initiator', { ID: owner(ctx), DisplayName: ctx.creds.appId }],
          ['Owner', { ID: owner(ctx), DisplayName: ctx.creds.appId }],
          ['PartNumberMarker', '0'],
          ['NextPartNumberMarker', String(parts.at(-1)?.[0] ?? 0)],
          ['StorageClass', 'STANDARD'],
          ['MaxParts', '1000'],
          ['IsTruncated', 'false'],
          [
            'Part',
            parts.map(([n, p]) => ({
              PartNumber: n,
              LastModified: upload.initiated.toISOString(),
              ETag: p.etag,
              Size: p.body.length
            }))
          ]
        ])
      )
    }
    case 'AbortMultipartUpload':
      bucket.uploads.delete(upload.uploadId)
      return ok(requestId, 204)
    case 'CompleteMultipartUpload':
      return complete(ctx, bucket, upload)
    default:
      return err(
        405,
        'MethodNotAllowed',
        'The specified method is not allowed.'
      )
  }
}

function owner(ctx: CosContext): string {
  return `qcs::cam::uin/${ctx.creds.appId}:uin/${ctx.creds.appId}`
}

function headerString(
  value: string | string[] | undefined
): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

function complete(
  ctx: CosContext,
  bucket: Bucket,
  upload: MultipartUpload
): CosReply {
  const { requestId, method, addr } = ctx
  const err = (status: number, code: string, message: string) =>
    cosError(requestId, method, status, code, message, addr.resource)
  const list = parseCompleteBody(ctx.body.toString('utf8'))
  if (!list || list.length === 0) {
    return err(
      400,
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema.'
    )
  }
  for (let i = 1; i < list.length; i++) {
    if ((list[i]?.partNumber ?? 0) <= (list[i - 1]?.partNumber ?? 0)) {
      return err(
        400,
        'InvalidPartOrder',
        'The list of parts was not in ascending order. Parts list must be specified in order by part number.'
      )
    }
  }
  const bodies: Buffer[] = []
  const digests: Buffer[] = []
  for (const [i, item] of list.entries()) {
    const part = upload.parts.get(item.partNumber)
    if (!part || part.etag.replace(/"/g, '') !== item.etag) {
      return err(
        400,
        'InvalidPart',
        'One or more of the specified parts could not be found. The part might not have been uploaded, or the specified entity tag might not have matched the part entity tag.'
      )
    }
    if (i < list.length - 1 && part.body.length < COS_MIN_PART) {
      return err(
        400,
        'EntityTooSmall',
        'Your proposed upload is smaller than the minimum allowed object size.'
      )
    }
    bodies.push(part.body)
    digests.push(Buffer.from(part.etag.replace(/"/g, ''), 'hex'))
  }
  if (
    ctx.req.headers['if-none-match'] === '*' &&
    bucket.objects.has(addr.key)
  ) {
    return err(
      412,
      'PreconditionFailed',
      'The precondition you specified did not hold.'
    )
  }
  const etag = `"${md5(Buffer.concat(digests)).toString('hex')}-${list.length}"`
  bucket.objects.set(addr.key, {
    body: Buffer.concat(bodies),
    etag,
    contentType: 'application/octet-stream',
    lastModified: new Date()
  })
  bucket.uploads.delete(upload.uploadId)
  return ok(
    requestId,
    200,
    {},
    xml('CompleteMultipartUploadResult', [
      ['Location', addr.resource],
      ['Bucket', bucket.name],
      ['Key', addr.key],
      ['ETag', etag]
    ])
  )
}

function listUploads(ctx: CosContext, bucket: Bucket): CosReply {
  const prefix = ctx.query.get('prefix') ?? ''
  const uploads = [...bucket.uploads.values()]
    .filter((u) => u.key.startsWith(prefix))
    .sort((a, b) =>
      a.key === b.key
        ? a.initiated.getTime() - b.initiated.getTime()
        : a.key < b.key
          ? -1
          : 1
    )
  return ok(
    ctx.requestId,
    200,
    {},
    xml('ListMultipartUploadsResult', [
      ['Bucket', bucket.name],
      ['EncodingType', ''],
      ['KeyMarker', ''],
      ['UploadIdMarker', ''],
      ['NextKeyMarker', ''],
      ['NextUploadIdMarker', ''],
      ['MaxUploads', '1000'],
      ['IsTruncated', 'false'],
      ['Prefix', prefix],
      [
        'Upload',
        uploads.map((u) => ({
          Key: u.key,
          UploadId: u.uploadId,
          StorageClass: 'STANDARD',
          Initiator: { ID: owner(ctx), DisplayName: ctx.creds.appId },
          Owner: { ID: owner(ctx), DisplayName: ctx.creds.appId },
          Initiated: u.initiated.toISOString()
        }))
      ]
    ])
  )
}

function listObjects(ctx: CosContext, bucket: Bucket): CosReply {
  const prefix = ctx.query.get('prefix') ?? ''
  const marker = ctx.query.get('marker') ?? ''
  const max = Math.min(1000, Number(ctx.query.get('max-keys') ?? 1000) || 1000)
  const keys = [...bucket.objects.keys()]
    .filter((k) => k.startsWith(prefix) && k > marker)
    .sort()
  const page = keys.slice(0, max)
  const truncated = keys.length > page.length
  return ok(
    ctx.requestId,
    200,
    {},
    xml('ListBucketResult', [
      ['Name', bucket.name],
      ['EncodingType', ''],
      ['Prefix', prefix],
      ['Marker', marker],
      ['MaxKeys', String(max)],
      ['IsTruncated', String(truncated)],
      ...(truncated
        ? ([['NextMarker', page.at(-1) ?? '']] as Array<[string, unknown]>)
        : []),
      [
        'Contents',
        page.map((k) => {
          const o = bucket.objects.get(k)!
          return {
            Key: k,
            LastModified: o.lastModified.toISOString(),
            ETag: o.etag,
            Size: o.body.length,
            Owner: { ID: ctx.creds.appId, DisplayName: ctx.creds.appId },
            StorageClass: 'STANDARD'
          }
        })
      ]
    ])
  )
}

type Verdict = { ok: true } | { ok: false; reply: CosReply }

function verify(ctx: Omit<CosContext, 'body'>, rawPathKey: string): Verdict {
  const { req, requestId, method, addr, creds } = ctx
  const fail = (status: number, code: string, message: string): Verdict => ({
    ok: false,
    reply: cosError(requestId, method, status, code, message, addr.resource)
  })
  const header = headerString(req.headers.authorization)
  if (!header) return fail(403, 'AccessDenied', 'Access Denied.')
  let auth
  try {
    auth = parseCosAuthorization(header)
  } catch (error) {
    if (!(error instanceof CosAuthParseError)) throw error
    return fail(
      403,
      'AccessDenied',
      `Authorization is malformed: ${error.message}`
    )
  }
  if (auth.algorithm !== 'sha1') {
    return fail(403, 'AccessDenied', 'q-sign-algorithm must be sha1.')
  }
  if (auth.secretId !== creds.secretId) {
    return fail(
      403,
      'InvalidAccessKeyId',
      'The Access Key Id you provided does not exist in our records.'
    )
  }
  const [start, end] = auth.signTime.split(';').map(Number)
  const now = Math.floor(Date.now() / 1000)
  if (
    start === undefined ||
    end === undefined ||
    !Number.isFinite(start) ||
    !Number.isFinite(end)
  ) {
    return fail(403, 'AccessDenied', 'q-sign-time is malformed.')
  }
  if (now > end || now < start - 60) {
    return fail(403, 'AccessDenied', 'Request has expired')
  }
  const expected = cosSignature(creds.secretKey, {
    method,
    pathname: `/${rawPathKey}`,
    params: signableParams(ctx.query),
    headers: headerMap(req),
    headerList: auth.headerList,
    paramList: auth.paramList,
    signTime: auth.signTime,
    keyTime: auth.keyTime
  })
  if (!sameSignature(expected, auth.signature)) {
    return fail(
      403,
      'SignatureDoesNotMatch',
      'The Signature you specified is invalid.'
    )
  }
  return { ok: true }
}

export function createCosHandler(
  hub: Hub,
  creds: CosCredentials
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const method = (req.method ?? 'GET').toUpperCase()
    const rawUrl = req.url ?? '/'
    const q = rawUrl.indexOf('?')
    const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q)
    const query = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1))
    const host = headerString(req.headers.host) ?? ''
    const requestId = cosRequestId()
    const addr = cosAddress(host, rawPath)
    const op = addr ? cosRoute(method, addr.key, query) : undefined
    const operation = op?.operation ?? 'Unknown'
    const { body, size, tooLarge } = await readBody(
      req,
      hub,
      op?.bodyLimit ?? MiB
    )
    const applied: { fault?: FaultRule } = {}
    const finish = (reply: CosReply | 'reset') => {
      if (reply === 'reset') req.socket.destroy()
      else send(res, method, reply)
      hub.record({
        service: 'cos',
        operation,
        region: addr?.region ?? '',
        status: reply === 'reset' ? 0 : reply.status,
        write: op?.write ?? false,
        method,
        path: rawUrl,
        ...(reply !== 'reset' &&
          reply.errorCode !== undefined && { errorCode: reply.errorCode }),
        ...(applied.fault && { fault: applied.fault.kind }),
        requestBytes: size
      })
    }

    if (!addr) {
      finish(
        cosError(
          requestId,
          method,
          400,
          'InvalidURI',
          `Couldn't parse the specified URI: no bucket. Send Host: <bucket>-<appid>.cos.<region>.myqcloud.com (COS option Ip: '<host:port>'), or use the path /<region>/<bucket>-<appid>/<key> (Domain: 'http://<host:port>/{Region}/{Bucket}').`,
          rawPath
        )
      )
      return
    }
    if (!op) {
      finish(
        cosError(
          requestId,
          method,
          405,
          'MethodNotAllowed',
          'The specified method is not allowed against this resource.',
          addr.resource
        )
      )
      return
    }
    if (tooLarge) {
      finish(
        cosError(
          requestId,
          method,
          400,
          'EntityTooLarge',
          'Your proposed upload exceeds the maximum allowed object size.',
          addr.resource
        )
      )
      return
    }
    const ctx: CosContext = {
      hub,
      creds,
      req,
      method,
      query,
      addr,
      body,
      requestId,
      host
    }
    const verdict = verify(ctx, addr.key)
    if (!verdict.ok) {
      finish(verdict.reply)
      return
    }

    const fault = hub.takeFault('cos', operation, addr.region)
    if (fault) applied.fault = fault
    if (fault?.kind === 'reset') {
      finish('reset')
      return
    }
    if (fault?.kind === 'delay') await sleep(fault.delayMs ?? 0)
    if (fault) {
      const reply = faultReply(requestId, method, fault, addr.resource)
      if (reply) {
        finish(reply)
        return
      }
    }
    const reply = handle(ctx, op)
    if (fault?.kind === 'commit-then-reset') {
      finish('reset')
      return
    }
    if (res.destroyed || req.socket.destroyed) {
      // The client gave up (a timeout during a delay); the work is done.
      hub.record({
        service: 'cos',
        operation,
        region: addr.region,
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
