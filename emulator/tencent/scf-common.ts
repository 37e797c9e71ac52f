/**
 * What the SCF layer and function actions share: the error type, the
 * request they receive, settings, and reading a code package (inline base64
 * or a COS object) as SCF does for PublishLayerVersion and CreateFunction.
 */
import type { Hub } from '../core/hub.js'

export class ScfError extends Error {
  constructor(
    readonly code: string,
    message: string
  ) {
    super(message)
  }
}

/** What SCF answers when a required parameter is absent. */
export function missingParameter(name: string): ScfError {
  return new ScfError(
    'MissingParameter',
    `The request is missing a required parameter \`${name}\`.`
  )
}

export interface ScfRequest {
  hub: Hub
  region: string
  /** `host` header, for the download URL handed back. */
  host: string
  appId: string
  params: Record<string, unknown>
}

export function beijingTime(ms: number): string {
  const d = new Date(ms + 8 * 3600 * 1000)
  return d.toISOString().replace('T', ' ').slice(0, 19)
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/** A numeric setting (ms, counts); anything else falls back. */
export function setting(hub: Hub, name: string, fallback: number): number {
  const v = hub.settings[name]
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fallback
}

/**
 * Python's `base64.b64decode` (what the `Binascii` in the error code points
 * at): characters outside the alphabet are dropped, then the padding must
 * work out.
 */
function decodeBase64(text: string): Buffer | undefined {
  const cleaned = text.replace(/[^A-Za-z0-9+/=]/g, '')
  const data = cleaned.replace(/=+$/, '')
  if (data.includes('=')) return undefined
  if (cleaned.length % 4 !== 0) return undefined
  return Buffer.from(data, 'base64')
}

export function inlineZip(zipFile: unknown): Buffer {
  const decoded =
    typeof zipFile === 'string' ? decodeBase64(zipFile) : undefined
  if (!decoded) {
    throw new ScfError(
      'InvalidParameterValue.ZipFileBase64BinasciiError',
      '压缩文件base64解码失败: `Incorrect padding`，请修正后再试。'
    )
  }
  return decoded
}

function cosNames(content: Record<string, unknown>): {
  bucketName: string
  objectName: string
  bucketRegion: string | undefined
} {
  const bucketName = content.CosBucketName
  const objectName = content.CosObjectName
  if (typeof bucketName !== 'string' || !/^[a-z0-9-]{1,50}$/.test(bucketName)) {
    throw new ScfError(
      'InvalidParameterValue.CosBucketName',
      `CosBucketName \`${String(bucketName)}\` is invalid; give the bucket name without -appid.`
    )
  }
  if (typeof objectName !== 'string' || objectName.replace(/^\//, '') === '') {
    throw new ScfError(
      'InvalidParameterValue.CosObjectName',
      `CosObjectName \`${String(objectName)}\` is invalid; give the object path starting with /.`
    )
  }
  const bucketRegion = content.CosBucketRegion
  if (bucketRegion !== undefined && typeof bucketRegion !== 'string') {
    throw new ScfError(
      'InvalidParameterValue.CosBucketRegion',
      'CosBucketRegion must be a region name.'
    )
  }
  return { bucketName, objectName, bucketRegion }
}

/** The COS object a package names, checked the way SCF reports it. */
export function cosObject(
  req: ScfRequest,
  content: Record<string, unknown>
): Buffer {
  const { bucketName, objectName, bucketRegion } = cosNames(content)
  const full = `${bucketName}-${req.appId}`
  const bucket = req.hub.store.get('cos', full)
  if (!bucket) {
    throw new ScfError(
      'InvalidParameterValue.Cos',
      `Cos bucket ${full} does not exist.`
    )
  }
  const wanted = bucketRegion ?? req.region
  if (bucket.region !== wanted) {
    throw new ScfError(
      'InvalidParameterValue.CosBucketRegion',
      `Cos bucket ${full} is in ${bucket.region}, not in ${wanted}.`
    )
  }
  if (bucket.region !== req.region) {
    throw new ScfError(
      'InvalidParameterValue.CosBucketRegion',
      `Cos bucket ${full} is in ${bucket.region}; a layer in ${req.region} must be published from a bucket in the same region.`
    )
  }
  const key = objectName.replace(/^\//, '')
  const object = bucket.objects.get(key)
  if (!object) {
    throw new ScfError(
      'InvalidParameterValue.Cos',
      `Cos object ${objectName} does not exist in bucket ${full}.`
    )
  }
  return object.body
}
