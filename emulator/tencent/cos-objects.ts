/**
 * The COS operations on the shared object store: buckets (put, head,
 * delete, list), objects (put, get, head, delete) and multipart uploads
 * (initiate, upload part, list parts, abort, complete, list uploads).
 */
import type { IncomingMessage } from 'node:http'
import { headerString } from '../core/body.js'
import {
  ascending,
  type Bucket,
  md5,
  type MultipartUpload,
  multipartEtag
} from '../core/object-store.js'
import type { Hub } from '../core/hub.js'
import type { Reply } from '../core/types.js'
import { randomBytes } from 'node:crypto'
import { type Addressed, BUCKET, cosError, ok, xml } from './cos-wire.js'

const MAX_PARTS = 10_000
/** Every part but the last must be at least this large (COS: 1 MB). */
export const COS_MIN_PART = 1024 * 1024

export interface CosContext {
  hub: Hub
  appId: string
  req: IncomingMessage
  method: string
  query: URLSearchParams
  addr: Addressed
  body: Buffer
  requestId: string
}

export function err(
  ctx: CosContext,
  status: number,
  code: string,
  message: string
): Reply {
  return cosError(ctx, status, code, message, ctx.addr.resource)
}

function owner(ctx: CosContext): { ID: string; DisplayName: string } {
  return {
    ID: `qcs::cam::uin/${ctx.appId}:uin/${ctx.appId}`,
    DisplayName: ctx.appId
  }
}

const PRECONDITION_FAILED = 'The precondition you specified did not hold.'

export function putBucket(ctx: CosContext): Reply {
  const { hub, addr } = ctx
  const m = BUCKET.exec(addr.bucket)
  if (!m || (m[1] ?? '').length > 50) {
    return err(
      ctx,
      400,
      'InvalidBucketName',
      'The specified bucket is not valid.'
    )
  }
  if (m[2] !== ctx.appId) return err(ctx, 403, 'AccessDenied', 'Access Denied.')
  if (hub.store.get('cos', addr.bucket)) {
    return err(
      ctx,
      409,
      'BucketAlreadyExists',
      'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.'
    )
  }
  hub.store.create('cos', addr.bucket, addr.region)
  return ok(ctx.requestId, 200)
}

export function headBucket(ctx: CosContext, bucket: Bucket): Reply {
  return ok(ctx.requestId, 200, { 'x-cos-bucket-region': bucket.region })
}

export function deleteBucket(ctx: CosContext, bucket: Bucket): Reply {
  if (!ctx.hub.store.isEmpty(bucket)) {
    return err(
      ctx,
      409,
      'BucketNotEmpty',
      'The bucket you tried to delete is not empty.'
    )
  }
  ctx.hub.store.delete(bucket)
  return ok(ctx.requestId, 204)
}

export function putObject(ctx: CosContext, bucket: Bucket): Reply {
  const { req, addr } = ctx
  if (req.headers['x-cos-copy-source'] !== undefined) {
    return err(
      ctx,
      501,
      'NotImplemented',
      'PUT Object - Copy is not supported by the emulator.'
    )
  }
  if (req.headers['if-none-match'] === '*' && bucket.objects.has(addr.key)) {
    return err(ctx, 412, 'PreconditionFailed', PRECONDITION_FAILED)
  }
  const digest = md5(ctx.body)
  const claimed = req.headers['content-md5']
  if (typeof claimed === 'string' && claimed !== digest.toString('base64')) {
    return err(
      ctx,
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
      headerString(req.headers['content-type']) ?? 'application/octet-stream',
    lastModified: new Date()
  })
  return ok(ctx.requestId, 200, { etag })
}

export function getObject(
  ctx: CosContext,
  bucket: Bucket,
  head: boolean
): Reply {
  const o = bucket.objects.get(ctx.addr.key)
  if (!o) return err(ctx, 404, 'NoSuchKey', 'The specified key does not exist.')
  return ok(
    ctx.requestId,
    200,
    {
      'content-type': o.contentType,
      'content-length': String(o.body.length),
      etag: o.etag,
      'last-modified': o.lastModified.toUTCString(),
      'x-cos-storage-class': 'STANDARD'
    },
    head ? undefined : o.body
  )
}

export function deleteObject(ctx: CosContext, bucket: Bucket): Reply {
  bucket.objects.delete(ctx.addr.key)
  return ok(ctx.requestId, 204)
}

export function initiateUpload(ctx: CosContext, bucket: Bucket): Reply {
  const upload = ctx.hub.store.initiate(bucket, {
    uploadId: `${Math.floor(Date.now() / 1000)}${randomBytes(28).toString('hex')}`,
    key: ctx.addr.key,
    parts: new Map(),
    initiated: new Date()
  })
  return ok(
    ctx.requestId,
    200,
    {},
    xml('InitiateMultipartUploadResult', [
      ['Bucket', bucket.name],
      ['Key', ctx.addr.key],
      ['UploadId', upload.uploadId]
    ])
  )
}

export function uploadPart(
  ctx: CosContext,
  _bucket: Bucket,
  upload: MultipartUpload
): Reply {
  const n = Number(ctx.query.get('partNumber'))
  if (!Number.isInteger(n) || n < 1 || n > MAX_PARTS) {
    return err(
      ctx,
      400,
      'InvalidArgument',
      `Part number must be an integer between 1 and ${MAX_PARTS}, inclusive.`
    )
  }
  const etag = `"${md5(ctx.body).toString('hex')}"`
  upload.parts.set(n, { body: ctx.body, etag })
  return ok(ctx.requestId, 200, { etag })
}

export function listParts(
  ctx: CosContext,
  bucket: Bucket,
  upload: MultipartUpload
): Reply {
  const parts = [...upload.parts.entries()].sort((a, b) => a[0] - b[0])
  return ok(
    ctx.requestId,
    200,
    {},
    xml('ListPartsResult', [
      ['Bucket', bucket.name],
      ['EncodingType', ''],
      ['Key', ctx.addr.key],
      ['UploadId', upload.uploadId],
      ['Initiator', owner(ctx)],
      ['Owner', owner(ctx)],
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

export function abortUpload(
  ctx: CosContext,
  bucket: Bucket,
  upload: MultipartUpload
): Reply {
  ctx.hub.store.abort(bucket, upload)
  return ok(ctx.requestId, 204)
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

export function completeUpload(
  ctx: CosContext,
  bucket: Bucket,
  upload: MultipartUpload
): Reply {
  const { addr } = ctx
  const list = parseCompleteBody(ctx.body.toString('utf8'))
  if (!list || list.length === 0) {
    return err(
      ctx,
      400,
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema.'
    )
  }
  if (!ascending(list.map((p) => p.partNumber))) {
    return err(
      ctx,
      400,
      'InvalidPartOrder',
      'The list of parts was not in ascending order. Parts list must be specified in order by part number.'
    )
  }
  const parts = resolveParts(ctx, upload, list)
  if (!Array.isArray(parts)) return parts
  if (
    ctx.req.headers['if-none-match'] === '*' &&
    bucket.objects.has(addr.key)
  ) {
    return err(ctx, 412, 'PreconditionFailed', PRECONDITION_FAILED)
  }
  const etag = `"${multipartEtag(parts.map((p) => p.etag.replace(/"/g, '')))}"`
  ctx.hub.store.complete(bucket, upload, {
    body: Buffer.concat(parts.map((p) => p.body)),
    etag,
    contentType: 'application/octet-stream',
    lastModified: new Date()
  })
  return ok(
    ctx.requestId,
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

/** Each named part must exist with that ETag; all but the last be 1 MB or more. */
function resolveParts(
  ctx: CosContext,
  upload: MultipartUpload,
  list: Array<{ partNumber: number; etag: string }>
): Array<{ body: Buffer; etag: string }> | Reply {
  const parts: Array<{ body: Buffer; etag: string }> = []
  for (const [i, item] of list.entries()) {
    const part = upload.parts.get(item.partNumber)
    if (!part || part.etag.replace(/"/g, '') !== item.etag) {
      return err(
        ctx,
        400,
        'InvalidPart',
        'One or more of the specified parts could not be found. The part might not have been uploaded, or the specified entity tag might not have matched the part entity tag.'
      )
    }
    if (i < list.length - 1 && part.body.length < COS_MIN_PART) {
      return err(
        ctx,
        400,
        'EntityTooSmall',
        'Your proposed upload is smaller than the minimum allowed object size.'
      )
    }
    parts.push(part)
  }
  return parts
}

export function listUploads(ctx: CosContext, bucket: Bucket): Reply {
  const prefix = ctx.query.get('prefix') ?? ''
  const uploads = ctx.hub.store.uploads(bucket, prefix)
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
          Initiator: owner(ctx),
          Owner: owner(ctx),
          Initiated: u.initiated.toISOString()
        }))
      ]
    ])
  )
}

export function listObjects(ctx: CosContext, bucket: Bucket): Reply {
  const prefix = ctx.query.get('prefix') ?? ''
  const marker = ctx.query.get('marker') ?? ''
  const max = Math.min(1000, Number(ctx.query.get('max-keys') ?? 1000) || 1000)
  const keys = ctx.hub.store.keys(bucket, prefix, marker)
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
            Owner: { ID: ctx.appId, DisplayName: ctx.appId },
            StorageClass: 'STANDARD'
          }
        })
      ]
    ])
  )
}
