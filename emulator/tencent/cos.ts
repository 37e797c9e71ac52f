/**
 * The COS XML API subset that cos-nodejs-sdk-v5 drives for uploads:
 * PutBucket/HeadBucket/DeleteBucket/GetBucket, PutObject, HeadObject,
 * GetObject, DeleteObject and multipart (Initiate, UploadPart, Complete,
 * ListMultipartUploads, ListParts, Abort), as the shared pipeline's COS
 * protocol. Requests are verified with the `q-sign-algorithm=sha1`
 * signature against the test keys. Adding an operation is adding one row
 * to OPERATIONS.
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
import type { IncomingMessage } from 'node:http'
import { headerString } from '../core/body.js'
import { faultError, STORAGE_FAULTS } from '../core/faults.js'
import type { Hub } from '../core/hub.js'
import type { Call, Protocol, RawRequest } from '../core/pipeline.js'
import type { Bucket, MultipartUpload } from '../core/object-store.js'
import type { Reply } from '../core/types.js'
import {
  abortUpload,
  completeUpload,
  type CosContext,
  deleteBucket,
  deleteObject,
  err,
  getObject,
  headBucket,
  initiateUpload,
  listObjects,
  listParts,
  listUploads,
  putBucket,
  putObject,
  uploadPart
} from './cos-objects.js'
import { type CosKeys, verifyCos } from './cos-verify.js'
import {
  type Addressed,
  cosAddress,
  cosError,
  cosRequestId
} from './cos-wire.js'

export { COS_MIN_PART } from './cos-objects.js'
export { cosRequestId } from './cos-wire.js'

const MiB = 1024 * 1024
/** Largest single PUT (PutObject) and part. */
const MAX_PUT = 5 * 1024 * MiB

type Handler =
  | { needs: 'nothing'; run(ctx: CosContext): Reply }
  | { needs: 'bucket'; run(ctx: CosContext, bucket: Bucket): Reply }
  | {
      needs: 'upload'
      run(ctx: CosContext, bucket: Bucket, upload: MultipartUpload): Reply
    }

interface CosOperation {
  operation: string
  target: 'bucket' | 'object'
  method: string
  /** The query flags the operation is recognised by. */
  flags?: string[]
  write: boolean
  bodyLimit?: number
  handler: Handler
}

const bucketOp = (
  run: (ctx: CosContext, bucket: Bucket) => Reply
): Handler => ({ needs: 'bucket', run })
const uploadOp = (
  run: (ctx: CosContext, bucket: Bucket, upload: MultipartUpload) => Reply
): Handler => ({ needs: 'upload', run })

/** Matched in order: the first row whose target, method and flags fit wins. */
const OPERATIONS: CosOperation[] = [
  {
    operation: 'PutBucket',
    target: 'bucket',
    method: 'PUT',
    write: true,
    handler: { needs: 'nothing', run: putBucket }
  },
  {
    operation: 'HeadBucket',
    target: 'bucket',
    method: 'HEAD',
    write: false,
    handler: bucketOp(headBucket)
  },
  {
    operation: 'DeleteBucket',
    target: 'bucket',
    method: 'DELETE',
    write: true,
    handler: bucketOp(deleteBucket)
  },
  {
    operation: 'ListMultipartUploads',
    target: 'bucket',
    method: 'GET',
    flags: ['uploads'],
    write: false,
    handler: bucketOp(listUploads)
  },
  {
    operation: 'GetBucket',
    target: 'bucket',
    method: 'GET',
    write: false,
    handler: bucketOp(listObjects)
  },
  {
    operation: 'UploadPart',
    target: 'object',
    method: 'PUT',
    flags: ['partNumber', 'uploadId'],
    write: true,
    bodyLimit: MAX_PUT,
    handler: uploadOp(uploadPart)
  },
  {
    operation: 'PutObject',
    target: 'object',
    method: 'PUT',
    write: true,
    bodyLimit: MAX_PUT,
    handler: bucketOp(putObject)
  },
  {
    operation: 'InitiateMultipartUpload',
    target: 'object',
    method: 'POST',
    flags: ['uploads'],
    write: true,
    handler: bucketOp(initiateUpload)
  },
  {
    operation: 'CompleteMultipartUpload',
    target: 'object',
    method: 'POST',
    flags: ['uploadId'],
    write: true,
    handler: uploadOp(completeUpload)
  },
  {
    operation: 'ListParts',
    target: 'object',
    method: 'GET',
    flags: ['uploadId'],
    write: false,
    handler: uploadOp(listParts)
  },
  {
    operation: 'GetObject',
    target: 'object',
    method: 'GET',
    write: false,
    handler: bucketOp((ctx, b) => getObject(ctx, b, false))
  },
  {
    operation: 'HeadObject',
    target: 'object',
    method: 'HEAD',
    write: false,
    handler: bucketOp((ctx, b) => getObject(ctx, b, true))
  },
  {
    operation: 'AbortMultipartUpload',
    target: 'object',
    method: 'DELETE',
    flags: ['uploadId'],
    write: true,
    handler: uploadOp(abortUpload)
  },
  {
    operation: 'DeleteObject',
    target: 'object',
    method: 'DELETE',
    write: true,
    handler: bucketOp(deleteObject)
  }
]

function cosRoute(
  method: string,
  key: string,
  q: URLSearchParams
): CosOperation | undefined {
  const target = key === '' ? 'bucket' : 'object'
  return OPERATIONS.find(
    (o) =>
      o.target === target &&
      o.method === method &&
      (o.flags ?? []).every((f) => q.has(f))
  )
}

export interface CosCall extends Call {
  requestId: string
  method: string
  query: URLSearchParams
  addr: Addressed | undefined
  op: CosOperation | undefined
  raw: RawRequest
}

export function cosProtocol(
  hub: Hub,
  creds: CosKeys & { appId: string }
): Protocol<CosCall, CosContext & { op: CosOperation }> {
  return {
    identify,
    admit: (call, req, read) => {
      const { addr } = call
      if (!addr) return { refuse: invalidUri(call) }
      const { op } = call
      if (!op) {
        return {
          refuse: cosError(
            call,
            405,
            'MethodNotAllowed',
            'The specified method is not allowed against this resource.',
            addr.resource
          )
        }
      }
      const refused = refusal(call, addr, req, read.tooLarge, creds)
      if (refused) return { refuse: refused }
      return {
        accept: {
          op,
          hub,
          appId: creds.appId,
          req,
          method: call.method,
          query: call.query,
          addr,
          body: read.body,
          requestId: call.requestId
        }
      }
    },
    faultReply: (call, rule) => {
      const e = faultError(STORAGE_FAULTS, rule)
      return (
        e && cosError(call, e.status, e.code, e.message, call.addr?.resource)
      )
    },
    handle: (_call, admitted) => run(admitted.op, admitted)
  }
}

function identify(req: IncomingMessage, raw: RawRequest): CosCall {
  const query = new URLSearchParams(raw.query)
  const addr = cosAddress(headerString(req.headers.host) ?? '', raw.path)
  const op = addr ? cosRoute(raw.method, addr.key, query) : undefined
  return {
    service: 'cos',
    operation: op?.operation ?? 'Unknown',
    write: op?.write ?? false,
    region: addr?.region ?? '',
    bodyLimit: op?.bodyLimit ?? MiB,
    requestId: cosRequestId(),
    method: raw.method,
    query,
    addr,
    op,
    raw
  }
}

function invalidUri(call: CosCall): Reply {
  return cosError(
    call,
    400,
    'InvalidURI',
    `Couldn't parse the specified URI: no bucket. Send Host: <bucket>-<appid>.cos.<region>.myqcloud.com (COS option Ip: '<host:port>'), or use the path /<region>/<bucket>-<appid>/<key> (Domain: 'http://<host:port>/{Region}/{Bucket}').`,
    call.raw.path
  )
}

function refusal(
  call: CosCall,
  addr: Addressed,
  req: IncomingMessage,
  tooLarge: boolean,
  creds: CosKeys
): Reply | undefined {
  if (tooLarge) {
    return cosError(
      call,
      400,
      'EntityTooLarge',
      'Your proposed upload exceeds the maximum allowed object size.',
      addr.resource
    )
  }
  const failure = verifyCos(req, call.method, addr.key, call.query, creds)
  return (
    failure &&
    cosError(call, failure.status, failure.code, failure.message, addr.resource)
  )
}

/** Finds what the operation needs (bucket, upload) before running it. */
function run(op: CosOperation, ctx: CosContext): Reply {
  const { handler } = op
  if (handler.needs === 'nothing') return handler.run(ctx)
  const bucket = ctx.hub.store.get('cos', ctx.addr.bucket)
  // A bucket exists in one region only; elsewhere COS does not know it.
  if (!bucket || bucket.region !== ctx.addr.region) {
    return err(ctx, 404, 'NoSuchBucket', 'The specified bucket does not exist.')
  }
  if (handler.needs === 'bucket') return handler.run(ctx, bucket)
  const upload = ctx.hub.store.upload(
    bucket,
    ctx.query.get('uploadId') ?? '',
    ctx.addr.key
  )
  if (!upload) {
    return err(
      ctx,
      404,
      'NoSuchUpload',
      'The specified multipart upload does not exist. The upload ID might be invalid, or the multipart upload might have been aborted or completed.'
    )
  }
  return handler.run(ctx, bucket, upload)
}
