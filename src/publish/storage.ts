/**
 * The inline-or-upload decision and where an uploaded archive goes, plus the
 * checks that need the archive but no call: a size rule broken here is an
 * input error raised before anything is written anywhere.
 */
import { InputError, PackagingError } from '../errors.js'
import type { ArchiveInfo } from '../package/types.js'
import { PROVIDER_RULES } from '../providers/rules.js'
import type { ObjectLocation } from '../providers/types.js'
import { formatBytes, groupDigits } from '../util/format.js'
import type { PublishPlan } from './plan.js'

/** Content-addressed: concurrent jobs and re-runs never collide or clobber. */
export function objectKey(
  objectPrefix: string,
  layerName: string,
  sha256Hex: string
): string {
  return `${objectPrefix}${layerName}/${sha256Hex}.zip`
}

export function bucketFor(bucket: string, region: string): string {
  return bucket.replaceAll('{region}', region)
}

/** Whether this archive must travel through object storage. */
export function needsUpload(
  archiveSize: number,
  upload: PublishPlan['upload'],
  maxInlineBytes: number
): boolean {
  if (upload === 'always') return true
  if (upload === 'never') return false
  return archiveSize > maxInlineBytes
}

/** Where this region's copy of the archive goes; undefined when sent inline. */
export function uploadTarget(
  archive: Pick<ArchiveInfo, 'size' | 'sha256'>,
  plan: PublishPlan,
  provider: { region: string; maxInlineBytes: number }
): ObjectLocation | undefined {
  const { region } = provider
  if (!needsUpload(archive.size, plan.upload, provider.maxInlineBytes)) {
    return undefined
  }
  return {
    bucket: bucketFor(plan.bucket ?? '', region),
    key: objectKey(plan.objectPrefix, plan.layerName, archive.sha256),
    region
  }
}

/**
 * Checks that need the archive but no provider call: size limits and the
 * storage decision. Throws before anything is written anywhere.
 */
export function preflight(archive: ArchiveInfo, plan: PublishPlan): void {
  const rules = PROVIDER_RULES[plan.provider]
  if (archive.unzippedSize > rules.maxUnzippedBytes) {
    throw new PackagingError(
      `The layer unzips to ${groupDigits(archive.unzippedSize)} bytes (${formatBytes(archive.unzippedSize)}), above ${rules.displayName}'s limit of ${groupDigits(rules.maxUnzippedBytes)} bytes; package fewer files (see 'path' exclusions)`
    )
  }
  const tooBig = archive.size > rules.maxInlineBytes
  if (tooBig && plan.upload === 'never') {
    throw new InputError(
      'upload',
      `is 'never', but the archive is ${formatBytes(archive.size)}, above ${rules.displayName}'s inline limit of ${formatBytes(rules.maxInlineBytes)}; set 'upload: auto' and a 'bucket'`
    )
  }
  if (
    needsUpload(archive.size, plan.upload, rules.maxInlineBytes) &&
    plan.bucket === undefined
  ) {
    throw new InputError(
      'bucket',
      `is required: the archive is ${formatBytes(archive.size)}, above ${rules.displayName}'s inline limit of ${formatBytes(rules.maxInlineBytes)}, so it must go through ${rules.storage.name}; set 'bucket' to a bucket in the layer's region (e.g. my-layers-{region})`
    )
  }
}

/**
 * Whether preflight would pass; used to decide whether a skip check may run
 * before packaging (size-rule input errors must come before any call). A
 * bound at least the real archive's size passes only if the archive would.
 */
export function passesPreflight(
  bound: ArchiveInfo,
  plan: PublishPlan
): boolean {
  try {
    preflight(bound, plan)
    return true
  } catch {
    return false
  }
}
