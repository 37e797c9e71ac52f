/**
 * The one object store behind S3 and COS: buckets (one namespace per
 * service), objects and multipart uploads. It keeps what both services
 * share; each protocol file translates its wire format to these calls and
 * keeps its own checks and error texts.
 */
import { createHash } from 'node:crypto'

export type StorageService = 's3' | 'cos'

export interface StoredObject {
  body: Buffer
  etag: string
  contentType: string
  lastModified: Date
}

export interface StoredPart {
  body: Buffer
  etag: string
}

export interface MultipartUpload {
  uploadId: string
  key: string
  parts: Map<number, StoredPart>
  initiated: Date
}

export interface Bucket {
  service: StorageService
  name: string
  region: string
  objects: Map<string, StoredObject>
  uploads: Map<string, MultipartUpload>
}

export function md5(data: Buffer): Buffer {
  return createHash('md5').update(data).digest()
}

/**
 * A completed multipart object's ETag, as S3 and COS compute it: the MD5 of
 * the parts' binary MD5s, then `-<part count>` (unquoted).
 */
export function multipartEtag(partMd5Hex: string[]): string {
  const digests = partMd5Hex.map((hex) => Buffer.from(hex, 'hex'))
  return `${md5(Buffer.concat(digests)).toString('hex')}-${partMd5Hex.length}`
}

/**
 * False when a part number is not above the one before it, as both services
 * require (a number that is not one does not count as out of order).
 */
export function ascending(numbers: number[]): boolean {
  return numbers.every((n, i) => i === 0 || !(n <= (numbers[i - 1] ?? 0)))
}

export class ObjectStore {
  readonly buckets = new Map<string, Bucket>()

  private key(service: StorageService, name: string): string {
    return `${service}:${name}`
  }

  get(service: StorageService, name: string): Bucket | undefined {
    return this.buckets.get(this.key(service, name))
  }

  /** Creates the bucket, or returns the one that already has that name. */
  create(service: StorageService, name: string, region: string): Bucket {
    const existing = this.get(service, name)
    if (existing) return existing
    const bucket: Bucket = {
      service,
      name,
      region,
      objects: new Map(),
      uploads: new Map()
    }
    this.buckets.set(this.key(service, name), bucket)
    return bucket
  }

  isEmpty(bucket: Bucket): boolean {
    return bucket.objects.size === 0 && bucket.uploads.size === 0
  }

  delete(bucket: Bucket): void {
    this.buckets.delete(this.key(bucket.service, bucket.name))
  }

  list(service: StorageService): Bucket[] {
    return [...this.buckets.values()].filter((b) => b.service === service)
  }

  /** Keys under `prefix` strictly after `after`, in order. */
  keys(bucket: Bucket, prefix: string, after: string): string[] {
    return [...bucket.objects.keys()]
      .filter((k) => k.startsWith(prefix) && k > after)
      .sort()
  }

  /** In-progress uploads under `prefix`: by key, then oldest first. */
  uploads(bucket: Bucket, prefix: string): MultipartUpload[] {
    return [...bucket.uploads.values()]
      .filter((u) => u.key.startsWith(prefix))
      .sort((a, b) =>
        a.key < b.key
          ? -1
          : a.key > b.key
            ? 1
            : a.initiated.getTime() - b.initiated.getTime()
      )
  }

  initiate<U extends MultipartUpload>(bucket: Bucket, upload: U): U {
    bucket.uploads.set(upload.uploadId, upload)
    return upload
  }

  /** The upload with this id, when it is for this key. */
  upload(
    bucket: Bucket,
    uploadId: string,
    key: string
  ): MultipartUpload | undefined {
    const upload = bucket.uploads.get(uploadId)
    return upload && upload.key === key ? upload : undefined
  }

  /** Stores the assembled object and forgets the upload. */
  complete(
    bucket: Bucket,
    upload: MultipartUpload,
    object: StoredObject
  ): void {
    bucket.objects.set(upload.key, object)
    bucket.uploads.delete(upload.uploadId)
  }

  abort(bucket: Bucket, upload: MultipartUpload): void {
    bucket.uploads.delete(upload.uploadId)
  }

  clear(): void {
    this.buckets.clear()
  }

  snapshot(): unknown[] {
    return [...this.buckets.values()].map((b) => ({
      service: b.service,
      name: b.name,
      region: b.region,
      objects: [...b.objects.entries()].map(([key, o]) => ({
        key,
        size: o.body.length,
        etag: o.etag
      })),
      uploads: [...b.uploads.values()].map((u) => ({
        uploadId: u.uploadId,
        key: u.key,
        parts: u.parts.size
      }))
    }))
  }
}
