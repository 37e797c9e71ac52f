/**
 * The S3 subset the action needs, on the AWS endpoint: its operation table
 * (target, method, query flag, handler) and what the shared pipeline needs
 * from it. Path-style and virtual-hosted addressing both work. Adding an
 * operation is adding one row to OPERATIONS.
 */
import { decodeOr } from '../core/body.js'
import { faultError, STORAGE_FAULTS } from '../core/faults.js'
import {
  abortMultipart,
  completeMultipart,
  createMultipart,
  listParts,
  listUploads,
  uploadPart
} from './s3-multipart.js'
import {
  bucketOrFail,
  createBucket,
  deleteBucket,
  getObject,
  listBuckets,
  listObjectsV2,
  putObject
} from './s3-objects.js'
import { s3Profile } from './s3-auth.js'
import {
  empty,
  S3Failure,
  s3Error,
  s3RequestId,
  XMLNS,
  xml
} from './s3-wire.js'
import { xmlEscape } from '../core/xml.js'
import type { AwsApi, AwsRoute, Reply, RequestContext } from './types.js'

type Target = 'service' | 'bucket' | 'object'

interface S3Operation {
  operation: string
  target: Target
  method: string
  /** The query flag the operation is recognised by, if any. */
  when?: (query: URLSearchParams) => boolean
  write: boolean
  handle(ctx: RequestContext, bucket: string, key: string): Reply
}

const has = (name: string) => (q: URLSearchParams) => q.has(name)

function notImplemented(ctx: RequestContext): Reply {
  return s3Error(
    ctx,
    501,
    'NotImplemented',
    'A header you provided implies functionality that is not implemented'
  )
}

function getBucketLocation(ctx: RequestContext, name: string): Reply {
  // Answered from any region: that is how clients find a bucket's region.
  const bucket = bucketOrFail(ctx, name, false)
  const value = bucket.region === 'us-east-1' ? '' : xmlEscape(bucket.region)
  return xml(
    ctx,
    200,
    `<LocationConstraint xmlns="${XMLNS}">${value}</LocationConstraint>`
  )
}

/** Matched in order: the first row whose target, method and flag fit wins. */
const OPERATIONS: S3Operation[] = [
  {
    operation: 'ListBuckets',
    target: 'service',
    method: 'GET',
    write: false,
    handle: (ctx) => listBuckets(ctx)
  },
  {
    operation: 'CreateBucket',
    target: 'bucket',
    method: 'PUT',
    write: true,
    handle: (ctx, b) => createBucket(ctx, b)
  },
  {
    operation: 'HeadBucket',
    target: 'bucket',
    method: 'HEAD',
    write: false,
    handle: (ctx, b) => {
      const bucket = bucketOrFail(ctx, b)
      return empty(ctx, 200, { 'x-amz-bucket-region': bucket.region })
    }
  },
  {
    operation: 'DeleteBucket',
    target: 'bucket',
    method: 'DELETE',
    write: true,
    handle: (ctx, b) => deleteBucket(ctx, b)
  },
  {
    operation: 'GetBucketLocation',
    target: 'bucket',
    method: 'GET',
    when: has('location'),
    write: false,
    handle: (ctx, b) => getBucketLocation(ctx, b)
  },
  {
    operation: 'ListMultipartUploads',
    target: 'bucket',
    method: 'GET',
    when: has('uploads'),
    write: false,
    handle: (ctx, b) => listUploads(ctx, bucketOrFail(ctx, b))
  },
  {
    operation: 'ListObjectsV2',
    target: 'bucket',
    method: 'GET',
    when: (q) => q.get('list-type') === '2',
    write: false,
    handle: (ctx, b) => listObjectsV2(ctx, bucketOrFail(ctx, b))
  },
  {
    operation: 'ListObjects',
    target: 'bucket',
    method: 'GET',
    write: false,
    handle: notImplemented
  },
  {
    operation: 'UploadPart',
    target: 'object',
    method: 'PUT',
    when: (q) => q.has('uploadId') || q.has('partNumber'),
    write: true,
    handle: (ctx, b, k) => uploadPart(ctx, bucketOrFail(ctx, b), k)
  },
  {
    operation: 'PutObject',
    target: 'object',
    method: 'PUT',
    write: true,
    handle: (ctx, b, k) => putObject(ctx, bucketOrFail(ctx, b), k)
  },
  {
    operation: 'CreateMultipartUpload',
    target: 'object',
    method: 'POST',
    when: has('uploads'),
    write: true,
    handle: (ctx, b, k) => createMultipart(ctx, bucketOrFail(ctx, b), k)
  },
  {
    operation: 'CompleteMultipartUpload',
    target: 'object',
    method: 'POST',
    when: has('uploadId'),
    write: true,
    handle: (ctx, b, k) => completeMultipart(ctx, bucketOrFail(ctx, b), k)
  },
  {
    operation: 'AbortMultipartUpload',
    target: 'object',
    method: 'DELETE',
    when: has('uploadId'),
    write: true,
    handle: (ctx, b, k) => abortMultipart(ctx, bucketOrFail(ctx, b), k)
  },
  {
    operation: 'DeleteObject',
    target: 'object',
    method: 'DELETE',
    write: true,
    handle: (ctx, b, k) => {
      bucketOrFail(ctx, b).objects.delete(k)
      return empty(ctx, 204)
    }
  },
  {
    operation: 'ListParts',
    target: 'object',
    method: 'GET',
    when: has('uploadId'),
    write: false,
    handle: (ctx, b, k) => listParts(ctx, bucketOrFail(ctx, b), k)
  },
  {
    operation: 'GetObject',
    target: 'object',
    method: 'GET',
    write: false,
    handle: (ctx, b, k) => getObject(ctx, bucketOrFail(ctx, b), k, false)
  },
  {
    operation: 'HeadObject',
    target: 'object',
    method: 'HEAD',
    write: false,
    handle: (ctx, b, k) => getObject(ctx, bucketOrFail(ctx, b), k, true)
  }
]

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

/** Bucket and key, from the Host (virtual-hosted) or the path. */
function s3Address(
  rawPath: string,
  host: string
): { bucket?: string; key?: string } {
  let bucket: string | undefined
  let keyRaw: string
  const vhost = virtualHostBucket(host)
  if (vhost !== undefined) {
    bucket = vhost
    keyRaw = rawPath.replace(/^\//, '')
  } else {
    const rest = rawPath.replace(/^\//, '')
    const slash = rest.indexOf('/')
    bucket = decodeOr(slash < 0 ? rest : rest.slice(0, slash)) || undefined
    keyRaw = slash < 0 ? '' : rest.slice(slash + 1)
  }
  const key = keyRaw === '' ? undefined : decodeOr(keyRaw)
  return {
    ...(bucket !== undefined && { bucket }),
    ...(key !== undefined && { key })
  }
}

function s3Route(
  method: string,
  rawPath: string,
  query: URLSearchParams,
  host: string
): AwsRoute {
  const { bucket, key } = s3Address(rawPath, host)
  const target: Target =
    bucket === undefined ? 'service' : key === undefined ? 'bucket' : 'object'
  const op = OPERATIONS.find(
    (o) =>
      o.target === target && o.method === method && (!o.when || o.when(query))
  )
  const row = op ?? {
    operation: 'Unknown',
    write: false,
    handle: notImplemented
  }
  return {
    operation: row.operation,
    write: row.write,
    handle: (ctx) => {
      try {
        return row.handle(ctx, bucket ?? '', key ?? '')
      } catch (error) {
        if (error instanceof S3Failure) return error.reply
        throw error
      }
    }
  }
}

export const s3Api: AwsApi = {
  service: 's3',
  profile: s3Profile,
  requestId: s3RequestId,
  route: s3Route,
  tooLarge: (base) =>
    s3Error(
      base,
      400,
      'EntityTooLarge',
      'Your proposed upload exceeds the maximum allowed size'
    ),
  faultReply: (base, rule) => {
    const e = faultError(STORAGE_FAULTS, rule)
    return e && s3Error(base, e.status, e.code, e.message)
  }
}
