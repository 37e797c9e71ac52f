/**
 * S3 multipart uploads on the shared object store: create, upload part,
 * complete (ETag of ETags, composite or full-object checksums), abort and
 * the two listings.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import {
  ascending,
  type Bucket,
  type MultipartUpload,
  multipartEtag
} from '../core/object-store.js'
import {
  checksum,
  CHECKSUM_ALGORITHMS,
  type ChecksumAlgorithm,
  isChecksumAlgorithm,
  md5Hex
} from './checksum.js'
import {
  checkPreconditions,
  type S3Object,
  verifyIntegrity
} from './s3-objects.js'
import {
  el,
  empty,
  fail,
  header,
  metadataOf,
  OWNER_ID,
  quoted,
  stripQuotes,
  XMLNS,
  xml,
  xmlUnescape
} from './s3-wire.js'
import type { Reply, RequestContext } from './types.js'

const MIN_PART_SIZE = 5 * 1024 * 1024

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

function uploadOrFail(
  ctx: RequestContext,
  bucket: Bucket,
  key: string
): S3Upload {
  const id = ctx.url.searchParams.get('uploadId') ?? ''
  const upload = ctx.hub.store.upload(bucket, id, key) as S3Upload | undefined
  if (!upload) {
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

export function createMultipart(
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
  ctx.hub.store.initiate(bucket, upload)
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

export function uploadPart(
  ctx: RequestContext,
  bucket: Bucket,
  key: string
): Reply {
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

interface WantedPart {
  number: number
  etag: string
  checksums: Partial<Record<ChecksumAlgorithm, string>>
}

export function completeMultipart(
  ctx: RequestContext,
  bucket: Bucket,
  key: string
): Reply {
  const upload = uploadOrFail(ctx, bucket, key)
  const wanted = partList(ctx)
  if (!ascending(wanted.map((w) => w.number))) {
    fail(
      ctx,
      400,
      'InvalidPartOrder',
      'The list of parts was not in ascending order. The parts list must be specified in order by part number.'
    )
  }
  const parts = resolveParts(ctx, upload, wanted)
  checkPreconditions(ctx, bucket.objects.get(key) as S3Object | undefined)
  const body = Buffer.concat(parts.map((p) => p.body))
  const etag = multipartEtag(parts.map((p) => p.etag))
  const sum = assembledChecksum(upload, parts, body)
  const obj: S3Object = {
    body,
    etag,
    contentType: upload.contentType ?? 'binary/octet-stream',
    lastModified: new Date(),
    metadata: upload.metadata ?? {},
    checksumAlgorithm: sum.algorithm,
    checksum: sum.value,
    checksumType: sum.type,
    partsCount: parts.length
  }
  ctx.hub.store.complete(bucket, upload, obj)
  const location = `http://${ctx.host}/${encodeURIComponent(bucket.name)}/${key.split('/').map(encodeURIComponent).join('/')}`
  const checksumXml = upload.checksumAlgorithm
    ? `${el(`Checksum${sum.algorithm.toUpperCase()}`, sum.value)}${el('ChecksumType', sum.type)}`
    : ''
  return xml(
    ctx,
    200,
    `<CompleteMultipartUploadResult xmlns="${XMLNS}">${el('Location', location)}${el('Bucket', bucket.name)}${el('Key', key)}${el('ETag', quoted(etag))}${checksumXml}</CompleteMultipartUploadResult>`
  )
}

/** The parts a CompleteMultipartUpload body names. */
function partList(ctx: RequestContext): WantedPart[] {
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
  return partBlocks.map((block) => {
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
}

/** Every named part must exist and match; all but the last be 5 MiB or more. */
function resolveParts(
  ctx: RequestContext,
  upload: S3Upload,
  wanted: WantedPart[]
): S3Part[] {
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
  return parts
}

/** COMPOSITE (checksum of part checksums) unless CRC64NVME, full-object. */
function assembledChecksum(
  upload: S3Upload,
  parts: S3Part[],
  body: Buffer
): {
  algorithm: ChecksumAlgorithm
  value: string
  type: 'FULL_OBJECT' | 'COMPOSITE'
} {
  const algorithm = upload.checksumAlgorithm
  if (!algorithm || algorithm === 'crc64nvme') {
    return {
      algorithm: 'crc64nvme',
      value: checksum('crc64nvme', body),
      type: 'FULL_OBJECT'
    }
  }
  const raw = Buffer.concat(
    parts.map((p) =>
      Buffer.from(p.checksum ?? checksum(algorithm, p.body), 'base64')
    )
  )
  return {
    algorithm,
    value: `${checksum(algorithm, raw)}-${parts.length}`,
    type: 'COMPOSITE'
  }
}

export function abortMultipart(
  ctx: RequestContext,
  bucket: Bucket,
  key: string
): Reply {
  const upload = uploadOrFail(ctx, bucket, key)
  ctx.hub.store.abort(bucket, upload)
  return empty(ctx, 204)
}

export function listUploads(ctx: RequestContext, bucket: Bucket): Reply {
  const prefix = ctx.url.searchParams.get('prefix') ?? ''
  const max = Math.min(
    1000,
    Number(ctx.url.searchParams.get('max-uploads') ?? '1000')
  )
  const uploads = ctx.hub.store.uploads(bucket, prefix)
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

export function listParts(
  ctx: RequestContext,
  bucket: Bucket,
  key: string
): Reply {
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
