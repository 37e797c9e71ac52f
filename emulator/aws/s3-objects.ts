/**
 * S3 buckets and objects on the shared object store: create, head,
 * location, delete and list buckets; put, get, head, delete and list
 * objects, with MD5 ETags, flexible checksums and conditional writes.
 */
import type { Bucket, StoredObject } from '../core/object-store.js'
import {
  checksum,
  checksumBytes,
  CHECKSUM_ALGORITHMS,
  type ChecksumAlgorithm,
  algorithmLabel,
  isChecksumAlgorithm,
  md5Hex
} from './checksum.js'
import {
  el,
  empty,
  fail,
  header,
  metadataOf,
  OWNER_ID,
  quoted,
  s3Headers,
  stripQuotes,
  XMLNS,
  xml
} from './s3-wire.js'
import type { Reply, RequestContext } from './types.js'

/** Object as stored: core's fields plus what S3 also remembers. */
export interface S3Object extends StoredObject {
  metadata?: Record<string, string>
  checksumAlgorithm?: ChecksumAlgorithm
  checksum?: string
  checksumType?: 'FULL_OBJECT' | 'COMPOSITE'
  partsCount?: number
}

export function bucketOrFail(
  ctx: RequestContext,
  name: string,
  checkRegion = true
): Bucket {
  const bucket = ctx.hub.store.get('s3', name)
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

/** Checks the checksums and Content-MD5 the client sent; returns the one to store. */
export function verifyIntegrity(
  ctx: RequestContext,
  data: Buffer
): { algorithm?: ChecksumAlgorithm; value?: string } {
  checkContentMd5(ctx, data)
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
    checkChecksum(ctx, algorithm, value, data)
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

function checkChecksum(
  ctx: RequestContext,
  algorithm: ChecksumAlgorithm,
  value: string,
  data: Buffer
): void {
  const expected = checksum(algorithm, data)
  if (
    Buffer.from(value, 'base64').length !==
    checksumBytes(algorithm, Buffer.alloc(0)).length
  ) {
    fail(
      ctx,
      400,
      'InvalidRequest',
      `Value for x-amz-checksum-${algorithm} header is invalid.`
    )
  }
  if (value !== expected) {
    fail(
      ctx,
      400,
      'BadDigest',
      `The ${algorithmLabel(algorithm)} you specified did not match the calculated checksum.`
    )
  }
}

function checkContentMd5(ctx: RequestContext, data: Buffer): void {
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
}

export function checkPreconditions(
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
    if (!etagListMatches(ifMatch, existing.etag)) ifMatchFailed(ctx)
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

export function createBucket(ctx: RequestContext, name: string): Reply {
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
  const existing = ctx.hub.store.get('s3', name)
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
    ctx.hub.store.create('s3', name, region)
  }
  return empty(ctx, 200, { location: `/${name}` })
}

export function deleteBucket(ctx: RequestContext, name: string): Reply {
  const bucket = bucketOrFail(ctx, name)
  if (!ctx.hub.store.isEmpty(bucket)) {
    fail(
      ctx,
      409,
      'BucketNotEmpty',
      'The bucket you tried to delete is not empty',
      { BucketName: name }
    )
  }
  ctx.hub.store.delete(bucket)
  return empty(ctx, 204)
}

export function listBuckets(ctx: RequestContext): Reply {
  const buckets = ctx.hub.store.list('s3')
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

export function listObjectsV2(ctx: RequestContext, bucket: Bucket): Reply {
  const q = ctx.url.searchParams
  const prefix = q.get('prefix') ?? ''
  const max = Math.min(1000, Math.max(0, Number(q.get('max-keys') ?? '1000')))
  const after = q.get('continuation-token')
    ? Buffer.from(q.get('continuation-token') ?? '', 'base64url').toString(
        'utf8'
      )
    : (q.get('start-after') ?? '')
  const keys = ctx.hub.store.keys(bucket, prefix, after)
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

export function putObject(
  ctx: RequestContext,
  bucket: Bucket,
  key: string
): Reply {
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

export function getObject(
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
  const notModified = checkGetPreconditions(ctx, obj)
  if (notModified) return notModified
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

/** If-Match fails with 412; If-None-Match that matches answers 304. */
function checkGetPreconditions(
  ctx: RequestContext,
  obj: S3Object
): Reply | undefined {
  const ifMatch = header(ctx, 'if-match')
  if (ifMatch !== undefined && !etagListMatches(ifMatch, obj.etag)) {
    ifMatchFailed(ctx)
  }
  const ifNoneMatch = header(ctx, 'if-none-match')
  if (ifNoneMatch !== undefined && etagListMatches(ifNoneMatch, obj.etag)) {
    return {
      ...empty(ctx, 304, { etag: quoted(obj.etag) }),
      errorCode: 'NotModified'
    }
  }
  return undefined
}

/** True when an If-Match / If-None-Match list names `*` or this ETag. */
function etagListMatches(list: string, etag: string): boolean {
  const wanted = list.split(',').map(stripQuotes)
  return wanted.includes('*') || wanted.includes(stripQuotes(etag))
}

function ifMatchFailed(ctx: RequestContext): never {
  fail(
    ctx,
    412,
    'PreconditionFailed',
    'At least one of the pre-conditions you specified did not hold',
    { Condition: 'If-Match' }
  )
}
