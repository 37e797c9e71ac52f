/**
 * The S3 subset the action needs, on the hub's shared bucket store: buckets
 * (create, head, location, delete), objects (put, get, head, delete, list)
 * and multipart uploads, with S3's XML errors, MD5 ETags, flexible checksums
 * and conditional writes (`If-None-Match: *`).
 */
import { randomBytes, randomUUID } from 'node:crypto'
import type { Bucket, MultipartUpload, StoredObject } from '../core.js'
import {
  algorithmLabel,
  checksum,
  checksumBytes,
  CHECKSUM_ALGORITHMS,
  type ChecksumAlgorithm,
  isChecksumAlgorithm,
  md5Hex
} from './checksum.js'
import type { Operation, Reply, RequestContext } from './types.js'

const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/'
const MIN_PART_SIZE = 5 * 1024 * 1024
const OWNER_ID =
  '75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a'

/** Object as stored: core's fields plus what S3 also remembers. */
interface S3Object extends StoredObject {
  metadata?: Record<string, string>
  checksumAlgorithm?: ChecksumAlgorithm
  checksum?: string
  checksumType?: 'FULL_OBJECT' | 'COMPOSITE'
  partsCount?: number
}

interface S3Part {
  body: Buffer
  etag: string
  checksum?: string
  lastModified?: Date
}

interface S3Upload extends MultipartUpload {
  checksumAlgorithm?: ChecksumAlgorithm
  contentType?: string
  metadata?: Record<string, string>
}

export interface S3Route extends Operation {
  bucket?: string
  key?: string
}

function decodeKey(raw: string): string {
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}

/** Bucket from a virtual-hosted Host (`<bucket>.localhost`, `<bucket>.s3.…`). */
function virtualHostBucket(host: string): string | undefined {
  const hostname = host.replace(/:\d+$/, '')
  if (/^\d+\.\d+\.\d+\.\d+$/.test(hostname) || hostname.startsWith('[')) {
    return undefined
  }
  let m = /^(.+)\.localhost$/.exec(hostname)
  if (m) return m[1]
  m = /^(.+?)\.s3[.-]/.exec(hostname)
  if (m && m[1] !== 's3') return m[1]
  return undefined
}

export function s3Route(
  method: string,
  rawPath: string,
  query: URLSearchParams,
  host: string
): S3Route {
  let bucket: string | undefined
  let keyRaw: string
  const vhost = virtualHostBucket(host)
  if (vhost !== undefined) {
    bucket = vhost
    keyRaw = rawPath.replace(/^\//, '')
  } else {
    const rest = rawPath.replace(/^\//, '')
    const slash = rest.indexOf('/')
    bucket = decodeKey(slash < 0 ? rest : rest.slice(0, slash)) || undefined
    keyRaw = slash < 0 ? '' : rest.slice(slash + 1)
  }
  const key = keyRaw === '' ? undefined : decodeKey(keyRaw)
  const base = {
    ...(bucket !== undefined && { bucket }),
    ...(key !== undefined && { key })
  }
  const r = (operation: string, write: boolean): S3Route => ({
    operation,
    write,
    ...base
  })
  if (bucket === undefined) {
    return method === 'GET' ? r('ListBuckets', false) : r('Unknown', false)
  }
  if (key === undefined) {
    switch (method) {
      case 'PUT':
        return r('CreateBucket', true)
      case 'HEAD':
        return r('HeadBucket', false)
      case 'DELETE':
        return r('DeleteBucket', true)
      case 'GET':
        if (query.has('location')) return r('GetBucketLocation', false)
        if (query.has('uploads')) return r('ListMultipartUploads', false)
        if (query.get('list-type') === '2') return r('ListObjectsV2', false)
        return r('ListObjects', false)
      default:
        return r('Unknown', false)
    }
  }
  switch (method) {
    case 'PUT':
      if (query.has('uploadId') || query.has('partNumber')) {
        return r('UploadPart', true)
      }
      return r('PutObject', true)
    case 'POST':
      if (query.has('uploads')) return r('CreateMultipartUpload', true)
      if (query.has('uploadId')) return r('CompleteMultipartUpload', true)
      return r('Unknown', false)
    case 'DELETE':
      if (query.has('uploadId')) return r('AbortMultipartUpload', true)
      return r('DeleteObject', true)
    case 'GET':
      if (query.has('uploadId')) return r('ListParts', false)
      return r('GetObject', false)
    case 'HEAD':
      return r('HeadObject', false)
    default:
      return r('Unknown', false)
  }
}

// ---------------------------------------------------------------- wire

export function xmlEscape(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

function xmlUnescape(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&amp;/g, '&')
}

function el(name: string, value: string | number | undefined): string {
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
  ctx: { requestId: string; method: string },
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

function xml(
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

function empty(
  ctx: RequestContext,
  status: number,
  headers: Record<string, string> = {}
): Reply {
  return { status, headers: { ...s3Headers(ctx.requestId), ...headers } }
}

class S3Failure extends Error {
  constructor(readonly reply: Reply) {
    super(reply.errorCode)
  }
}

function fail(
  ctx: RequestContext,
  status: number,
  code: string,
  message: string,
  extra: Record<string, string | number> = {},
  headers: Record<string, string> = {}
): never {
  throw new S3Failure(s3Error(ctx, status, code, message, extra, headers))
}

// ---------------------------------------------------------------- helpers

function header(ctx: RequestContext, name: string): string | undefined {
  const v = ctx.req.headers[name]
  return Array.isArray(v) ? v.join(',') : v
}

function metadataOf(ctx: RequestContext): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(ctx.req.headers)) {
    if (name.startsWith('x-amz-meta-') && value !== undefined) {
      out[name] = Array.isArray(value) ? value.join(',') : value
    }
  }
  return out
}

function bucketOrFail(
  ctx: RequestContext,
  name: string,
  checkRegion = true
): Bucket {
  const bucket = ctx.hub.getBucket('s3', name)
  if (!bucket) {
    fail(ctx, 404, 'NoSuchBucket', 'The specified bucket does not exist', {
      BucketName: name
    })
  }
  if (checkRegion && bucket.region !== ctx.region) {
    // What S3 answers a request signed for another region than the bucket's.
    fail(
      ctx,
      400,
      'AuthorizationHeaderMalformed',
      `The authorization header is malformed; the region '${ctx.region}' is wrong; expecting '${bucket.region}'`,
      { Region: bucket.region },
      { 'x-amz-bucket-region': bucket.region }
    )
  }
  return bucket
}

function quoted(etag: string): string {
  return etag.startsWith('"') ? etag : `"${etag}"`
}

function stripQuotes(etag: string): string {
  return etag.trim().replace(/^"+|"+$/g, '')
}

/** Checks the checksums and Content-MD5 the client sent; returns the one to store. */
function verifyIntegrity(
  ctx: RequestContext,
  data: Buffer
): { algorithm?: ChecksumAlgorithm; value?: string } {
  const md5 = header(ctx, 'content-md5')
  if (md5 !== undefined) {
    const given = Buffer.from(md5, 'base64')
    if (given.length !== 16)
      fail(
        ctx,
        400,
        'InvalidDigest',
        'The Content-MD5 you specified was invalid.',
        { 'Content-MD5': md5 }
      )
    const actual = Buffer.from(md5Hex(data), 'hex')
    if (!given.equals(actual)) {
      fail(
        ctx,
        400,
        'BadDigest',
        'The Content-MD5 you specified did not match what we received.',
        {
          ExpectedDigest: given.toString('hex'),
          CalculatedDigest: actual.toString('base64')
        }
      )
    }
  }
  let found: { algorithm?: ChecksumAlgorithm; value?: string } = {}
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const name = `x-amz-checksum-${algorithm}`
    const value = header(ctx, name) ?? ctx.trailers.get(name)
    if (value === undefined) continue
    if (found.algorithm) {
      fail(
        ctx,
        400,
        'InvalidRequest',
        'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.'
      )
    }
    const expected = checksum(algorithm, data)
    if (
      Buffer.from(value, 'base64').length !==
      checksumBytes(algorithm, Buffer.alloc(0)).length
    ) {
      fail(ctx, 400, 'InvalidRequest', `Value for ${name} header is invalid.`)
    }
    if (value !== expected) {
      fail(
        ctx,
        400,
        'BadDigest',
        `The ${algorithmLabel(algorithm)} you specified did not match the calculated checksum.`
      )
    }
    found = { algorithm, value }
  }
  if (!found.algorithm) {
    const declared = (
      header(ctx, 'x-amz-sdk-checksum-algorithm') ?? ''
    ).toLowerCase()
    if (isChecksumAlgorithm(declared)) {
      found = { algorithm: declared, value: checksum(declared, data) }
    }
  }
  return found
}

function checkPreconditions(
  ctx: RequestContext,
  existing: S3Object | undefined
): void {
  const ifNoneMatch = header(ctx, 'if-none-match')
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() === '*' && existing) {
    fail(
      ctx,
      412,
      'PreconditionFailed',
      'At least one of the pre-conditions you specified did not hold',
      { Condition: 'If-None-Match' }
    )
  }
  const ifMatch = header(ctx, 'if-match')
  if (ifMatch !== undefined) {
    if (!existing)
      fail(ctx, 404, 'NoSuchKey', 'The specified key does not exist.', {
        Key: ''
      })
    const wanted = ifMatch.split(',').map(stripQuotes)
    if (!wanted.includes('*') && !wanted.includes(stripQuotes(existing.etag))) {
      fail(
        ctx,
        412,
        'PreconditionFailed',
        'At least one of the pre-conditions you specified did not hold',
        { Condition: 'If-Match' }
      )
    }
  }
}

function objectHeaders(
  obj: S3Object,
  withChecksum: boolean
): Record<string, string> {
  const h: Record<string, string> = {
    'content-type': obj.contentType,
    etag: quoted(obj.etag),
    'last-modified': obj.lastModified.toUTCString(),
    'accept-ranges': 'bytes',
    ...(obj.metadata ?? {})
  }
  if (obj.partsCount !== undefined)
    h['x-amz-mp-parts-count'] = String(obj.partsCount)
  if (withChecksum && obj.checksumAlgorithm && obj.checksum) {
    h[`x-amz-checksum-${obj.checksumAlgorithm}`] = obj.checksum
    h['x-amz-checksum-type'] = obj.checksumType ?? 'FULL_OBJECT'
  }
  return h
}

function validBucketName(name: string): boolean {
  return (
    name.length >= 3 &&
    name.length <= 63 &&
    /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name) &&
    !name.includes('..') &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name)
  )
}

function uploadOrFail(
  ctx: RequestContext,
  bucket: Bucket,
  key: string
): S3Upload {
  const id = ctx.url.searchParams.get('uploadId') ?? ''
  const upload = bucket.uploads.get(id) as S3Upload | undefined
  if (!upload || upload.key !== key) {
    fail(
      ctx,
      404,
      'NoSuchUpload',
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      { UploadId: id }
    )
  }
  return upload
}

// ---------------------------------------------------------------- operations

function createBucket(ctx: RequestContext, name: string): Reply {
  if (!validBucketName(name)) {
    fail(ctx, 400, 'InvalidBucketName', 'The specified bucket is not valid.', {
      BucketName: name
    })
  }
  const text = ctx.body.toString('utf8')
  const m = /<LocationConstraint>\s*([^<]*?)\s*<\/LocationConstraint>/.exec(
    text
  )
  const constraint = m?.[1] || undefined
  if (text.trim() !== '' && !/<CreateBucketConfiguration[\s>]/.test(text)) {
    fail(
      ctx,
      400,
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema'
    )
  }
  if (constraint === 'us-east-1') {
    fail(
      ctx,
      400,
      'InvalidLocationConstraint',
      'The specified location-constraint is not valid',
      { LocationConstraint: constraint }
    )
  }
  const region = constraint ?? 'us-east-1'
  if (region !== ctx.region) {
    fail(
      ctx,
      400,
      'IllegalLocationConstraintException',
      constraint === undefined
        ? 'The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.'
        : `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`
    )
  }
  const existing = ctx.hub.getBucket('s3', name)
  if (existing) {
    // us-east-1 answers 200 to its owner re-creating a bucket (legacy behaviour).
    if (!(existing.region === 'us-east-1' && region === 'us-east-1')) {
      fail(
        ctx,
        409,
        'BucketAlreadyOwnedByYou',
        'Your previous request to create the named bucket succeeded and you already own it.',
        { BucketName: name }
      )
    }
  } else {
    ctx.hub.createBucket('s3', name, region)
  }
  return empty(ctx, 200, { location: `/${name}` })
}

function deleteBucket(ctx: RequestContext, name: string): Reply {
  const bucket = bucketOrFail(ctx, name)
  if (bucket.objects.size > 0 || bucket.uploads.size > 0) {
    fail(
      ctx,
      409,
      'BucketNotEmpty',
      'The bucket you tried to delete is not empty',
      { BucketName: name }
    )
  }
  ctx.hub.buckets.delete(ctx.hub.bucketKey('s3', name))
  return empty(ctx, 204)
}

function listBuckets(ctx: RequestContext): Reply {
  const buckets = [...ctx.hub.buckets.values()].filter(
    (b) => b.service === 's3'
  )
  const items = buckets
    .map(
      (b) =>
        `<Bucket>${el('Name', b.name)}${el('CreationDate', new Date(0).toISOString())}${el('BucketRegion', b.region)}</Bucket>`
    )
    .join('')
  return xml(
    ctx,
    200,
    `<ListAllMyBucketsResult xmlns="${XMLNS}"><Owner>${el('ID', OWNER_ID)}</Owner><Buckets>${items}</Buckets></ListAllMyBucketsResult>`
  )
}

function listObjectsV2(ctx: RequestContext, bucket: Bucket): Reply {
  const q = ctx.url.searchParams
  const prefix = q.get('prefix') ?? ''
  const max = Math.min(1000, Math.max(0, Number(q.get('max-keys') ?? '1000')))
  const after = q.get('continuation-token')
    ? Buffer.from(q.get('continuation-token') ?? '', 'base64url').toString(
        'utf8'
      )
    : (q.get('start-after') ?? '')
  const keys = [...bucket.objects.keys()]
    .filter((k) => k.startsWith(prefix) && k > after)
    .sort()
  const page = keys.slice(0, max)
  const truncated = keys.length > page.length
  const contents = page
    .map((k) => {
      const o = bucket.objects.get(k)!
      return `<Contents>${el('Key', k)}${el('LastModified', o.lastModified.toISOString())}${el('ETag', quoted(o.etag))}${el('Size', o.body.length)}${el('StorageClass', 'STANDARD')}</Contents>`
    })
    .join('')
  const next = truncated
    ? Buffer.from(page[page.length - 1]!, 'utf8').toString('base64url')
    : undefined
  return xml(
    ctx,
    200,
    `<ListBucketResult xmlns="${XMLNS}">${el('Name', bucket.name)}${el('Prefix', prefix)}${el('KeyCount', page.length)}${el('MaxKeys', max)}${el('IsTruncated', String(truncated))}${contents}${el('NextContinuationToken', next)}</ListBucketResult>`
  )
}

function putObject(ctx: RequestContext, bucket: Bucket, key: string): Reply {
  if (header(ctx, 'x-amz-copy-source') !== undefined) {
    fail(
      ctx,
      501,
      'NotImplemented',
      'A header you provided implies functionality that is not implemented',
      { Header: 'x-amz-copy-source' }
    )
  }
  const existing = bucket.objects.get(key) as S3Object | undefined
  checkPreconditions(ctx, existing)
  const integrity = verifyIntegrity(ctx, ctx.body)
  const algorithm = integrity.algorithm ?? 'crc64nvme'
  const obj: S3Object = {
    body: ctx.body,
    etag: md5Hex(ctx.body),
    contentType: header(ctx, 'content-type') ?? 'binary/octet-stream',
    lastModified: new Date(),
    metadata: metadataOf(ctx),
    checksumAlgorithm: algorithm,
    checksum: integrity.value ?? checksum(algorithm, ctx.body),
    checksumType: 'FULL_OBJECT'
  }
  bucket.objects.set(key, obj)
  const h: Record<string, string> = { etag: quoted(obj.etag) }
  if (integrity.algorithm && integrity.value) {
    h[`x-amz-checksum-${integrity.algorithm}`] = integrity.value
    h['x-amz-checksum-type'] = 'FULL_OBJECT'
  }
  return empty(ctx, 200, h)
}

function parseRange(
  value: string,
  size: number
): { start: number; end: number } | 'invalid' | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(value.trim())
  if (!m) return undefined
  let start: number
  let end: number
  if (m[1] === '' && m[2] === '') return undefined
  if (m[1] === '') {
    const suffix = Number(m[2])
    start = Math.max(0, size - suffix)
    end = size - 1
  } else {
    start = Number(m[1])
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
  }
  if (start >= size || start > end) return 'invalid'
  return { start, end }
}

function getObject(
  ctx: RequestContext,
  bucket: Bucket,
  key: string,
  head: boolean
): Reply {
  const obj = bucket.objects.get(key) as S3Object | undefined
  if (!obj)
    fail(ctx, 404, 'NoSuchKey', 'The specified key does not exist.', {
      Key: key
    })
  const ifMatch = header(ctx, 'if-match')
  if (
    ifMatch !== undefined &&
    !ifMatch
      .split(',')
      .map(stripQuotes)
      .some((e) => e === '*' || e === stripQuotes(obj.etag))
  ) {
    fail(
      ctx,
      412,
      'PreconditionFailed',
      'At least one of the pre-conditions you specified did not hold',
      { Condition: 'If-Match' }
    )
  }
  const ifNoneMatch = header(ctx, 'if-none-match')
  if (
    ifNoneMatch !== undefined &&
    ifNoneMatch
      .split(',')
      .map(stripQuotes)
      .some((e) => e === '*' || e === stripQuotes(obj.etag))
  ) {
    return {
      ...empty(ctx, 304, { etag: quoted(obj.etag) }),
      errorCode: 'NotModified'
    }
  }
  const range = header(ctx, 'range')
  const parsed =
    range !== undefined ? parseRange(range, obj.body.length) : undefined
  if (parsed === 'invalid') {
    fail(ctx, 416, 'InvalidRange', 'The requested range is not satisfiable', {
      RangeRequested: range ?? '',
      ActualObjectSize: obj.body.length
    })
  }
  const checksumMode =
    (header(ctx, 'x-amz-checksum-mode') ?? '').toUpperCase() === 'ENABLED'
  const h = objectHeaders(obj, checksumMode && parsed === undefined)
  if (parsed) {
    const slice = obj.body.subarray(parsed.start, parsed.end + 1)
    h['content-range'] =
      `bytes ${parsed.start}-${parsed.end}/${obj.body.length}`
    h['content-length'] = String(slice.length)
    return {
      status: 206,
      headers: { ...s3Headers(ctx.requestId), ...h },
      ...(!head && { body: slice })
    }
  }
  h['content-length'] = String(obj.body.length)
  return {
    status: 200,
    headers: { ...s3Headers(ctx.requestId), ...h },
    ...(!head && { body: obj.body })
  }
}

function createMultipart(
  ctx: RequestContext,
  bucket: Bucket,
  key: string
): Reply {
  const declared = (header(ctx, 'x-amz-checksum-algorithm') ?? '').toLowerCase()
  if (declared !== '' && !isChecksumAlgorithm(declared)) {
    fail(
      ctx,
      400,
      'InvalidRequest',
      'Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]'
    )
  }
  const upload: S3Upload = {
    uploadId: randomUUID().replace(/-/g, '') + randomBytes(16).toString('hex'),
    key,
    parts: new Map(),
    initiated: new Date(),
    ...(isChecksumAlgorithm(declared) && { checksumAlgorithm: declared }),
    contentType: header(ctx, 'content-type') ?? 'binary/octet-stream',
    metadata: metadataOf(ctx)
  }
  bucket.uploads.set(upload.uploadId, upload)
  const h: Record<string, string> = {}
  if (upload.checksumAlgorithm) {
    h['x-amz-checksum-algorithm'] = upload.checksumAlgorithm.toUpperCase()
    h['x-amz-checksum-type'] =
      upload.checksumAlgorithm === 'crc64nvme' ? 'FULL_OBJECT' : 'COMPOSITE'
  }
  return xml(
    ctx,
    200,
    `<InitiateMultipartUploadResult xmlns="${XMLNS}">${el('Bucket', bucket.name)}${el('Key', key)}${el('UploadId', upload.uploadId)}</InitiateMultipartUploadResult>`,
    h
  )
}

function uploadPart(ctx: RequestContext, bucket: Bucket, key: string): Reply {
  const upload = uploadOrFail(ctx, bucket, key)
  const raw = ctx.url.searchParams.get('partNumber') ?? ''
  const n = Number(raw)
  if (!/^\d+$/.test(raw) || n < 1 || n > 10000) {
    fail(
      ctx,
      400,
      'InvalidArgument',
      'Part number must be an integer between 1 and 10000, inclusive',
      { ArgumentName: 'partNumber', ArgumentValue: raw }
    )
  }
  const integrity = verifyIntegrity(ctx, ctx.body)
  if (
    upload.checksumAlgorithm &&
    integrity.algorithm &&
    integrity.algorithm !== upload.checksumAlgorithm
  ) {
    fail(
      ctx,
      400,
      'InvalidRequest',
      `Checksum Type mismatch occurred, expected checksum Type: ${upload.checksumAlgorithm}, actual checksum Type: ${integrity.algorithm}`
    )
  }
  const part: S3Part = {
    body: ctx.body,
    etag: md5Hex(ctx.body),
    lastModified: new Date(),
    ...(upload.checksumAlgorithm && {
      checksum: integrity.value ?? checksum(upload.checksumAlgorithm, ctx.body)
    })
  }
  upload.parts.set(n, part)
  const h: Record<string, string> = { etag: quoted(part.etag) }
  if (upload.checksumAlgorithm && part.checksum) {
    h[`x-amz-checksum-${upload.checksumAlgorithm}`] = part.checksum
  }
  return empty(ctx, 200, h)
}

function completeMultipart(
  ctx: RequestContext,
  bucket: Bucket,
  key: string
): Reply {
  const upload = uploadOrFail(ctx, bucket, key)
  const text = ctx.body.toString('utf8')
  const partBlocks = [...text.matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map(
    (m) => m[1]!
  )
  if (!/<CompleteMultipartUpload[\s>]/.test(text) || partBlocks.length === 0) {
    fail(
      ctx,
      400,
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema'
    )
  }
  const wanted = partBlocks.map((block) => {
    const field = (name: string) => {
      const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(block)
      return m ? xmlUnescape(m[1]!.trim()) : undefined
    }
    const checksums: Partial<Record<ChecksumAlgorithm, string>> = {}
    for (const a of CHECKSUM_ALGORITHMS) {
      const v = field(`Checksum${a.toUpperCase()}`)
      if (v !== undefined) checksums[a] = v
    }
    return {
      number: Number(field('PartNumber')),
      etag: field('ETag') ?? '',
      checksums
    }
  })
  for (let i = 1; i < wanted.length; i++) {
    if (wanted[i]!.number <= wanted[i - 1]!.number) {
      fail(
        ctx,
        400,
        'InvalidPartOrder',
        'The list of parts was not in ascending order. The parts list must be specified in order by part number.'
      )
    }
  }
  const parts: S3Part[] = []
  for (const w of wanted) {
    const part = upload.parts.get(w.number) as S3Part | undefined
    const badChecksum =
      part !== undefined &&
      Object.entries(w.checksums).some(
        ([, v]) => part.checksum !== undefined && v !== part.checksum
      )
    if (!part || stripQuotes(w.etag) !== part.etag || badChecksum) {
      fail(
        ctx,
        400,
        'InvalidPart',
        "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
        {
          UploadId: upload.uploadId,
          PartNumber: String(w.number),
          ETag: w.etag
        }
      )
    }
    parts.push(part)
  }
  parts.forEach((part, i) => {
    if (i < parts.length - 1 && part.body.length < MIN_PART_SIZE) {
      fail(
        ctx,
        400,
        'EntityTooSmall',
        'Your proposed upload is smaller than the minimum allowed size',
        {
          ProposedSize: part.body.length,
          MinSizeAllowed: MIN_PART_SIZE,
          PartNumber: wanted[i]!.number,
          ETag: quoted(part.etag)
        }
      )
    }
  })
  checkPreconditions(ctx, bucket.objects.get(key) as S3Object | undefined)
  const body = Buffer.concat(parts.map((p) => p.body))
  const etag = `${md5Hex(Buffer.concat(parts.map((p) => Buffer.from(p.etag, 'hex'))))}-${parts.length}`
  let algorithm: ChecksumAlgorithm = 'crc64nvme'
  let value: string
  let type: 'FULL_OBJECT' | 'COMPOSITE' = 'FULL_OBJECT'
  if (upload.checksumAlgorithm && upload.checksumAlgorithm !== 'crc64nvme') {
    algorithm = upload.checksumAlgorithm
    const raw = Buffer.concat(
      parts.map((p) =>
        Buffer.from(p.checksum ?? checksum(algorithm, p.body), 'base64')
      )
    )
    value = `${checksum(algorithm, raw)}-${parts.length}`
    type = 'COMPOSITE'
  } else {
    value = checksum('crc64nvme', body)
  }
  const obj: S3Object = {
    body,
    etag,
    contentType: upload.contentType ?? 'binary/octet-stream',
    lastModified: new Date(),
    metadata: upload.metadata ?? {},
    checksumAlgorithm: algorithm,
    checksum: value,
    checksumType: type,
    partsCount: parts.length
  }
  bucket.objects.set(key, obj)
  bucket.uploads.delete(upload.uploadId)
  const location = `http://${ctx.host}/${encodeURIComponent(bucket.name)}/${key.split('/').map(encodeURIComponent).join('/')}`
  const checksumXml = upload.checksumAlgorithm
    ? `${el(`Checksum${algorithm.toUpperCase()}`, value)}${el('ChecksumType', type)}`
    : ''
  return xml(
    ctx,
    200,
    `<CompleteMultipartUploadResult xmlns="${XMLNS}">${el('Location', location)}${el('Bucket', bucket.name)}${el('Key', key)}${el('ETag', quoted(etag))}${checksumXml}</CompleteMultipartUploadResult>`
  )
}

function abortMultipart(
  ctx: RequestContext,
  bucket: Bucket,
  key: string
): Reply {
  const upload = uploadOrFail(ctx, bucket, key)
  bucket.uploads.delete(upload.uploadId)
  return empty(ctx, 204)
}

function listUploads(ctx: RequestContext, bucket: Bucket): Reply {
  const prefix = ctx.url.searchParams.get('prefix') ?? ''
  const max = Math.min(
    1000,
    Number(ctx.url.searchParams.get('max-uploads') ?? '1000')
  )
  const uploads = [...bucket.uploads.values()]
    .filter((u) => u.key.startsWith(prefix))
    .sort((a, b) =>
      a.key < b.key
        ? -1
        : a.key > b.key
          ? 1
          : a.initiated.getTime() - b.initiated.getTime()
    )
  const page = uploads.slice(0, max)
  const owner = `${el('ID', OWNER_ID)}${el('DisplayName', 'emulator')}`
  const items = page
    .map((u) => {
      const algo = (u as S3Upload).checksumAlgorithm
      return `<Upload>${el('Key', u.key)}${el('UploadId', u.uploadId)}<Initiator>${owner}</Initiator><Owner>${owner}</Owner>${el('StorageClass', 'STANDARD')}${el('Initiated', u.initiated.toISOString())}${el('ChecksumAlgorithm', algo?.toUpperCase())}</Upload>`
    })
    .join('')
  return xml(
    ctx,
    200,
    `<ListMultipartUploadsResult xmlns="${XMLNS}">${el('Bucket', bucket.name)}<KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker>${el('Prefix', prefix)}${el('MaxUploads', max)}${el('IsTruncated', String(uploads.length > page.length))}${items}</ListMultipartUploadsResult>`
  )
}

function listParts(ctx: RequestContext, bucket: Bucket, key: string): Reply {
  const upload = uploadOrFail(ctx, bucket, key)
  const marker = Number(ctx.url.searchParams.get('part-number-marker') ?? '0')
  const max = Math.min(
    1000,
    Number(ctx.url.searchParams.get('max-parts') ?? '1000')
  )
  const numbers = [...upload.parts.keys()]
    .filter((n) => n > marker)
    .sort((a, b) => a - b)
  const page = numbers.slice(0, max)
  const truncated = numbers.length > page.length
  const items = page
    .map((n) => {
      const p = upload.parts.get(n) as S3Part
      const sum = upload.checksumAlgorithm
        ? el(`Checksum${upload.checksumAlgorithm.toUpperCase()}`, p.checksum)
        : ''
      return `<Part>${el('PartNumber', n)}${el('LastModified', (p.lastModified ?? upload.initiated).toISOString())}${el('ETag', quoted(p.etag))}${el('Size', p.body.length)}${sum}</Part>`
    })
    .join('')
  const owner = `${el('ID', OWNER_ID)}${el('DisplayName', 'emulator')}`
  return xml(
    ctx,
    200,
    `<ListPartsResult xmlns="${XMLNS}">${el('Bucket', bucket.name)}${el('Key', key)}${el('UploadId', upload.uploadId)}<Initiator>${owner}</Initiator><Owner>${owner}</Owner>${el('StorageClass', 'STANDARD')}${el('PartNumberMarker', marker)}${el('NextPartNumberMarker', page.length ? page[page.length - 1] : marker)}${el('MaxParts', max)}${el('IsTruncated', String(truncated))}${items}${el('ChecksumAlgorithm', upload.checksumAlgorithm?.toUpperCase())}</ListPartsResult>`
  )
}

export function handleS3(ctx: RequestContext, route: S3Route): Reply {
  try {
    const name = route.bucket ?? ''
    const key = route.key ?? ''
    switch (route.operation) {
      case 'ListBuckets':
        return listBuckets(ctx)
      case 'CreateBucket':
        return createBucket(ctx, name)
      case 'HeadBucket': {
        const bucket = bucketOrFail(ctx, name)
        return empty(ctx, 200, { 'x-amz-bucket-region': bucket.region })
      }
      case 'GetBucketLocation': {
        // Answered from any region: that is how clients find a bucket's region.
        const bucket = bucketOrFail(ctx, name, false)
        const value =
          bucket.region === 'us-east-1' ? '' : xmlEscape(bucket.region)
        return xml(
          ctx,
          200,
          `<LocationConstraint xmlns="${XMLNS}">${value}</LocationConstraint>`
        )
      }
      case 'DeleteBucket':
        return deleteBucket(ctx, name)
      case 'ListObjectsV2':
        return listObjectsV2(ctx, bucketOrFail(ctx, name))
      case 'PutObject':
        return putObject(ctx, bucketOrFail(ctx, name), key)
      case 'GetObject':
        return getObject(ctx, bucketOrFail(ctx, name), key, false)
      case 'HeadObject':
        return getObject(ctx, bucketOrFail(ctx, name), key, true)
      case 'DeleteObject':
        bucketOrFail(ctx, name).objects.delete(key)
        return empty(ctx, 204)
      case 'CreateMultipartUpload':
        return createMultipart(ctx, bucketOrFail(ctx, name), key)
      case 'UploadPart':
        return uploadPart(ctx, bucketOrFail(ctx, name), key)
      case 'CompleteMultipartUpload':
        return completeMultipart(ctx, bucketOrFail(ctx, name), key)
      case 'AbortMultipartUpload':
        return abortMultipart(ctx, bucketOrFail(ctx, name), key)
      case 'ListMultipartUploads':
        return listUploads(ctx, bucketOrFail(ctx, name))
      case 'ListParts':
        return listParts(ctx, bucketOrFail(ctx, name), key)
      default:
        return s3Error(
          ctx,
          501,
          'NotImplemented',
          'A header you provided implies functionality that is not implemented'
        )
    }
  } catch (error) {
    if (error instanceof S3Failure) return error.reply
    throw error
  }
}
