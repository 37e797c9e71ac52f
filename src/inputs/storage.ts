/** Object storage for archives too large to send inline. */
import { InputError } from '../errors.js'
import type { ProviderRules } from '../providers/rules.js'
import { Input, type InputReader } from './names.js'
import { checkRelativePath, parseBoolean, parseChoice } from './parsers.js'

export interface StorageInputs {
  bucket?: string
  objectPrefix: string
  upload: 'auto' | 'always' | 'never'
  deleteObject: boolean
}

function readBucket(
  read: InputReader,
  rules: ProviderRules,
  regions: string[]
): string | undefined {
  const bucket = read(Input.Bucket)
  if (bucket === '') return undefined
  if (regions.length > 1 && !bucket.includes('{region}')) {
    throw new InputError(
      Input.Bucket,
      `must contain {region} when publishing to several regions (a layer's bucket must be in the layer's region), e.g. my-layers-{region}`
    )
  }
  for (const r of regions) {
    const name = bucket.replaceAll('{region}', r)
    if (!rules.bucket.pattern.test(name)) {
      throw new InputError(Input.Bucket, `${rules.bucket.rule}, got '${name}'`)
    }
  }
  return bucket
}

function readObjectPrefix(read: InputReader): string {
  // Empty means the default: the runner cannot tell an explicit '' apart.
  const raw = read(Input.ObjectPrefix) || 'publish-layer/'
  const path = checkRelativePath(Input.ObjectPrefix, raw)
  const objectPrefix = path === '' ? '' : `${path}/`
  if (!/^[A-Za-z0-9!_.*'()/-]*$/.test(objectPrefix)) {
    throw new InputError(
      Input.ObjectPrefix,
      `may contain only letters, digits and !_.*'()/-, got '${raw}'`
    )
  }
  return objectPrefix
}

export function readStorage(
  read: InputReader,
  rules: ProviderRules,
  regions: string[]
): StorageInputs {
  const bucket = readBucket(read, rules, regions)
  const objectPrefix = readObjectPrefix(read)
  const upload = parseChoice(
    read,
    Input.Upload,
    ['auto', 'always', 'never'] as const,
    'auto'
  )
  if (upload === 'always' && bucket === undefined) {
    throw new InputError(Input.Bucket, `is required when upload is 'always'`)
  }
  const deleteObject = parseBoolean(read, Input.DeleteObject, false)
  return {
    ...(bucket !== undefined && { bucket }),
    objectPrefix,
    upload,
    deleteObject
  }
}
