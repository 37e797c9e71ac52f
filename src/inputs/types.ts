/**
 * The typed result of reading the inputs: one object per provider, so that
 * code downstream cannot reach a field the other provider has no use for.
 */

import type { FunctionTarget } from '../functions/refs.js'

/** What to package: files selected by patterns, or a prebuilt zip. */
export type SourceInput =
  | {
      kind: 'paths'
      patterns: string[]
      /** Absolute, real path, inside the workspace. */
      baseDirectory: string
      prefix: string
      symlinks: 'follow' | 'preserve'
    }
  | { kind: 'zip'; zipFile: string }

export type Principal =
  | { kind: 'account'; id: string }
  | { kind: 'organization'; id: string }
  | { kind: 'public' }

export interface TencentCredentials {
  secretId: string
  secretKey: string
  sessionToken?: string
}

interface CommonInputs {
  /** Plain layer name (taken out of the ARN when an ARN was given). */
  layerName: string
  /** What goes to the API as LayerName (the ARN when one was given). */
  layerId: string
  source: SourceInput
  compatibleRuntimes: string[]
  description: string
  licenseInfo: string
  regions: string[]
  /** May contain `{region}`. */
  bucket?: string
  objectPrefix: string
  upload: 'auto' | 'always' | 'never'
  deleteObject: boolean
  skipUnchanged: boolean
  keepVersions: number
  waitTimeoutSeconds: number
  dryRun: boolean
  /** Pre-publish warnings (layout, runtimes, native binaries, size) fail the step. */
  strict: boolean
  maxAttempts: number
  endpointUrl?: string
  storageEndpointUrl?: string
  workspace: string
  runnerTemp: string
  /** update-functions, validated; an ARN's region is among `regions`. */
  updateFunctions: FunctionTarget[]
  /** Non-fatal findings (e.g. an unknown Tencent runtime), for the log. */
  warnings: string[]
}

export interface AwsInputs extends CommonInputs {
  provider: 'aws'
  compatibleArchitectures: string[]
  shareWith: Principal[]
  publishFunctionVersion: boolean
  functionAlias?: string
  tags?: never
  tencentCredentials?: never
}

export interface TencentInputs extends CommonInputs {
  provider: 'tencent'
  tags: Record<string, string>
  tencentCredentials: TencentCredentials
  compatibleArchitectures?: never
  shareWith?: never
  publishFunctionVersion?: never
  functionAlias?: never
}

export type ActionInputs = AwsInputs | TencentInputs
