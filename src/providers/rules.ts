/**
 * Each provider's published limits and naming rules, as data. Inputs are
 * validated against these before any call; the adapters use the same
 * numbers, so a limit is written once. Sources: shared/reference/api-facts.md.
 */
import type { ProviderId } from './types.js'

export interface ProviderRules {
  displayName: string
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
  supportsSharing: boolean
  supportsTags: boolean
}

const MiB = 1024 * 1024

export const PROVIDER_RULES: Record<ProviderId, ProviderRules> = {
  aws: {
    displayName: 'AWS Lambda',
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
    supportsSharing: true,
    supportsTags: false
  },
  tencent: {
    displayName: 'Tencent Cloud SCF',
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
    // The TC3 request cap is 10 MiB of base64 JSON; 6 MiB raw leaves headroom.
    maxInlineBytes: 6 * MiB,
    maxUnzippedBytes: 500 * MiB,
    bucket: {
      pattern: /^[a-z0-9][a-z0-9-]{0,48}-\d{6,12}$/,
      rule: 'must be a COS bucket name of the form name-appid, e.g. my-layers-1250000000'
    },
    supportsSharing: false,
    supportsTags: true
  }
}

/** Runtime names SCF documents; others only warn (SCF adds runtimes often). */
export const TENCENT_KNOWN_RUNTIMES = [
  'Python2.7',
  'Python3.6',
  'Python3.7',
  'Python3.9',
  'Python3.10',
  'Python3.11',
  'Python3.12',
  'Nodejs6.10',
  'Nodejs8.9',
  'Nodejs10.15',
  'Nodejs12.16',
  'Nodejs14.18',
  'Nodejs16.13',
  'Nodejs18.15',
  'Nodejs20.x',
  'Php5.6',
  'Php7',
  'Php7.4',
  'Php8.0',
  'Go1',
  'Java8',
  'Java11',
  'CustomRuntime'
] as const
