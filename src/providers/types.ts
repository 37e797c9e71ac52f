/**
 * The one interface between provider-agnostic policy (publish.ts) and the
 * cloud adapters. No SDK types cross it, so policy is tested with a fake.
 */

import type { FunctionsApi } from './functions.js'

export type ProviderId = 'aws' | 'tencent'

/** An archive stored in S3 or COS. */
export interface ObjectLocation {
  /** Bucket as the user wrote it (COS: `name-appid`). */
  bucket: string
  key: string
  region: string
}

export type LayerContent =
  | { kind: 'inline'; zip: Uint8Array }
  | { kind: 'object'; location: ObjectLocation }

export interface LayerSettings {
  /**
   * Sent as the API's LayerName: the plan's `layerId` (a name, or on AWS a
   * layer ARN), named after the API field it fills.
   */
  layerName: string
  compatibleRuntimes: string[]
  compatibleArchitectures: string[]
  description: string
  licenseInfo: string
  /** Tencent only; empty for AWS. */
  tags: Record<string, string>
}

/** A layer version as the provider reports it, normalised. */
export interface LayerVersion {
  version: number
  /** AWS only; undefined on Tencent (SCF has no layer ARN). */
  layerArn?: string
  layerVersionArn?: string
  /** SHA-256 of the archive in the provider's own form (AWS base64, Tencent hex). */
  codeSha256: string
  /** The same hash as lower-case hex, for comparing across providers. */
  sha256Hex: string
  codeSize?: number
  compatibleRuntimes: string[]
  compatibleArchitectures: string[]
  description: string
  licenseInfo: string
  createdDate?: string
  /** Tencent: Publishing, Active, PublishFailed, ...; AWS: always Active. */
  status?: string
  /**
   * A short-lived download URL of the archive (AWS Content.Location, SCF
   * Location). It carries a signature: never log it.
   */
  contentUrl?: string
}

/** A list entry: enough to order versions and decide retention. */
export interface LayerVersionSummary {
  version: number
  createdDate?: string
  description: string
}

export type Progress = (loadedBytes: number, totalBytes: number) => void

export interface LayerProvider {
  /** Function updates and in-use checks; see functions.ts. */
  readonly functions?: FunctionsApi
  readonly id: ProviderId
  readonly region: string
  /** Largest raw zip PublishLayerVersion accepts inline, in bytes. */
  readonly maxInlineBytes: number
  /** Largest unzipped total the provider accepts, in bytes. */
  readonly maxUnzippedBytes: number

  /** Multipart-uploads the archive; resolves once the object exists. */
  uploadArchive(
    archivePath: string,
    target: ObjectLocation,
    onProgress?: Progress,
    /** Cancellation: stop, abort the multipart upload, reject. */
    signal?: AbortSignal
  ): Promise<ObjectLocation>
  deleteObject(location: ObjectLocation): Promise<void>
  /**
   * Aborts unfinished multipart uploads of `target` when one of this run's
   * attempts to start an upload of it got no answer: the service may carry
   * such an attempt out late, after the upload's own sweep. Called once the
   * region's run is over; best effort, and a no-op otherwise.
   */
  sweepUploads?(target: ObjectLocation): Promise<void>
  /** Publishes and, where the provider is asynchronous, waits until usable. */
  publishLayer(
    settings: LayerSettings,
    content: LayerContent,
    expectedSha256Hex: string
  ): Promise<LayerVersion>
  /** Newest first. Empty when the layer does not exist yet. */
  listVersions(layerName: string): Promise<LayerVersionSummary[]>
  getVersion(layerName: string, version: number): Promise<LayerVersion>
  deleteVersion(layerName: string, version: number): Promise<void>
  /**
   * Where versions become usable asynchronously (SCF: Publishing → Active),
   * waits for it; used for a version found rather than just published.
   */
  waitUntilUsable?(layerName: string, version: number): Promise<LayerVersion>
  /**
   * Grants `lambda:GetLayerVersion`-style read access to one principal.
   * Resolves false when the same statement already exists (a re-run).
   * Absent on providers without a sharing API.
   */
  addPermission?(
    layerName: string,
    version: number,
    statementId: string,
    principal: string,
    organizationId?: string
  ): Promise<boolean>
}
