/**
 * Each provider's published limits, naming rules and display names, as data.
 * Inputs are validated against these before any call; the adapters, the log
 * and the summary use the same values, so each is written once, here.
 */
import type { ProviderId } from './types.js'

export interface ProviderRules {
  /** The product, as the log and the summary name it. */
  displayName: string
  /** The layer service, as error messages name it. */
  serviceName: string
  /** Object storage: URL scheme (`s3://bucket/key`) and name in messages. */
  storage: { scheme: string; name: string }
  /** How the provider writes a SHA-256 (CodeSha256). */
  shaEncoding: 'base64' | 'hex'
  layerName: { pattern: RegExp; rule: string }
  /** When set, a full layer ARN may stand in for the name (AWS). */
  layerArn?: RegExp
  region: { pattern: RegExp; example: string }
  runtimes: { min: number; max: number }
  /** Empty: the provider has no architecture field. */
  architectures: readonly string[]
  maxArchitectures: number
  /** Undefined: no documented limit. */
  descriptionMax?: number
  licenseMax?: number
  /** Raw zip size PublishLayerVersion accepts inline. */
  maxInlineBytes: number
  /** Unzipped total the provider accepts. */
  maxUnzippedBytes: number
  bucket: { pattern: RegExp; rule: string }
  /** Parts one multipart upload may have. */
  maxParts: number
  /**
   * Our multipart upload: part size and parts in flight. S3: 6 parallel
   * 8 MiB parts (~48 MiB in flight) beat a per-connection bandwidth cap 3x+
   * (npm run bench). COS: parts are streamed from the file, so 4 of 4 MiB
   * cost little memory.
   */
  upload: { partSize: number; concurrency: number }
  supportsSharing: boolean
  supportsTags: boolean
}

const MiB = 1024 * 1024

export const PROVIDER_RULES: Record<ProviderId, ProviderRules> = {
  aws: {
    displayName: 'AWS Lambda',
    serviceName: 'Lambda',
    storage: { scheme: 's3', name: 'S3' },
    shaEncoding: 'base64',
    layerName: {
      pattern: /^[A-Za-z0-9_-]{1,140}$/,
      rule: 'must be 1-140 characters of letters, digits, - and _, or a layer ARN'
    },
    layerArn:
      /^arn:(?:aws[a-zA-Z-]*)?:lambda:(?<region>(?:eusc-)?[a-z]{2}(?:(?:-gov)|(?:-iso[a-z]?))?-[a-z]+-\d):\d{12}:layer:(?<name>[a-zA-Z0-9_-]{1,140})$/,
    region: { pattern: /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, example: 'us-east-1' },
    runtimes: { min: 0, max: 15 },
    architectures: ['x86_64', 'arm64'],
    maxArchitectures: 2,
    descriptionMax: 256,
    licenseMax: 512,
    // 50 MiB raw zip: Lambda caps the base64 JSON body at 69,905,067 bytes.
    maxInlineBytes: 50 * MiB,
    maxUnzippedBytes: 262_144_000,
    bucket: {
      pattern: /^(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      rule: 'must be an S3 bucket name: 3-63 lower-case letters, digits, dots and hyphens'
    },
    maxParts: 10_000,
    upload: { partSize: 8 * MiB, concurrency: 6 },
    supportsSharing: true,
    supportsTags: false
  },
  tencent: {
    displayName: 'Tencent Cloud SCF',
    serviceName: 'SCF',
    storage: { scheme: 'cos', name: 'COS' },
    shaEncoding: 'hex',
    layerName: {
      pattern: /^[A-Za-z](?:[A-Za-z0-9_-]{0,62}[A-Za-z0-9])?$/,
      rule: 'must be 1-64 characters of letters, digits, - and _, start with a letter and not end with - or _'
    },
    region: {
      pattern: /^[a-z]+(-[a-z0-9]+)+$/,
      example: 'ap-guangzhou'
    },
    runtimes: { min: 1, max: 5 },
    architectures: [],
    maxArchitectures: 0,
    descriptionMax: 1000,
    licenseMax: 512,
    // Base64 makes 6 MiB raw 8 MiB plus JSON, under the 10,485,760-byte TC3
    // request cap (RequestSizeLimitExceeded above it).
    maxInlineBytes: 6 * MiB,
    // SCF documents "500 MB" unzipped (code and layers together) without
    // saying 10^6 or 2^20; MiB is read, as for Lambda's "250 MB".
    maxUnzippedBytes: 500 * MiB,
    // COS (436/13312): lower-case letters, digits and -, not starting or
    // ending with -; the whole domain `name-appid.cos.<region>.myqcloud.com`
    // at most 60 characters. With the shortest region ids (8, e.g.
    // ap-tokyo) that leaves 34 for name-appid; longer regions allow less,
    // which only a check that knows the region can tell.
    bucket: {
      pattern: /^(?=.{1,34}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?-\d{6,12}$/,
      rule: 'must be a COS bucket name of the form name-appid, e.g. my-layers-1250000000: lower-case letters, digits and -, not starting or ending with -, at most 34 characters with the appid'
    },
    // COS allows 1 MB to 5 GB per part.
    maxParts: 10_000,
    // Six parts at once, as for S3: with four, 200 MB reached 2.9-3.2 × one
    // connection's cap in the bench (goal ≥ 3); with six, 4.3 ×.
    upload: { partSize: 4 * MiB, concurrency: 6 },
    supportsSharing: false,
    supportsTags: true
  }
}
