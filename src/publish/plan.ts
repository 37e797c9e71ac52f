/**
 * What a run publishes (the plan, derived from the inputs in one place) and
 * what each region reports back. Both are plain data: the plan flows into
 * every region, each region's result flows out to outputs and summary.
 */
import type { FunctionMove } from '../functions/move.js'
import type { FunctionTarget } from '../functions/refs.js'
import type { ActionInputs, Principal } from '../inputs/types.js'
import type { LayerSettings, ProviderId } from '../providers/types.js'

export interface PublishPlan {
  provider: ProviderId
  /** Sent as LayerName (may be an ARN on AWS). */
  layerId: string
  /** Plain name, used in object keys and results. */
  layerName: string
  settings: LayerSettings
  /** May contain `{region}`. */
  bucket?: string
  objectPrefix: string
  upload: 'auto' | 'always' | 'never'
  deleteObject: boolean
  skipUnchanged: boolean
  dryRun: boolean
  shareWith: Principal[]
  /** 0 keeps every version. */
  keepVersions: number
  /** Attempts for the publish call itself (adapters do not retry it). */
  maxAttempts: number
  /** update-functions and what to do after each update. */
  functions: FunctionsPlan
  /** Backoff between publish attempts; injectable so tests need no real waits. */
  sleep?: (ms: number) => Promise<void>
  /** Jitter source for that backoff; injectable for the same reason. */
  random?: () => number
  /** Clock used to size the grace given to a publish that got no answer. */
  now?: () => number
  /** Fires when the step is cancelled: checked before every write. */
  signal?: AbortSignal
}

export interface FunctionsPlan {
  targets: FunctionTarget[]
  publishVersion: boolean
  alias?: string
  /** How long a function may stay updating (wait-timeout). */
  waitTimeoutSeconds: number
}

/** The plan a run's inputs describe; the only place inputs become a plan. */
export function planFrom(inputs: ActionInputs): PublishPlan {
  return {
    provider: inputs.provider,
    layerId: inputs.layerId,
    layerName: inputs.layerName,
    settings: {
      layerName: inputs.layerId,
      compatibleRuntimes: inputs.compatibleRuntimes,
      compatibleArchitectures:
        inputs.provider === 'aws' ? inputs.compatibleArchitectures : [],
      description: inputs.description,
      licenseInfo: inputs.licenseInfo,
      tags: inputs.provider === 'tencent' ? inputs.tags : {}
    },
    ...(inputs.bucket !== undefined && { bucket: inputs.bucket }),
    objectPrefix: inputs.objectPrefix,
    upload: inputs.upload,
    deleteObject: inputs.deleteObject,
    skipUnchanged: inputs.skipUnchanged,
    dryRun: inputs.dryRun,
    shareWith: inputs.provider === 'aws' ? inputs.shareWith : [],
    keepVersions: inputs.keepVersions,
    maxAttempts: inputs.maxAttempts,
    functions: {
      targets: inputs.updateFunctions,
      publishVersion:
        inputs.provider === 'aws' && inputs.publishFunctionVersion,
      ...(inputs.provider === 'aws' &&
        inputs.functionAlias !== undefined && {
          alias: inputs.functionAlias
        }),
      waitTimeoutSeconds: inputs.waitTimeoutSeconds
    }
  }
}

export type RegionStatus = 'published' | 'unchanged' | 'planned' | 'failed'

/** One region's fate; serialised as-is into the `results` output. */
export interface RegionResult {
  region: string
  layerName: string
  version: number | null
  layerArn: string
  layerVersionArn: string
  published: boolean
  codeSha256: string
  /** `inline`, or `bucket/key` when the archive went through S3 or COS. */
  storage: string
  status: RegionStatus
  error: string
  /** Versions deleted by `keep-versions` (or, in a dry run, that would be). */
  deletedVersions: number[]
  /** Principals granted access (or, in a dry run, that would be). */
  sharedWith: string[]
  /** Functions moved to this version (update-functions). */
  functions: FunctionMove[]
  /** Versions keep-versions would delete but keeps: a function uses them. */
  keptInUse: KeptVersion[]
}

export interface KeptVersion {
  version: number
  /** Functions (and function versions, `name:N`) using it; empty when unknown. */
  functions: string[]
}

/** A region's result before anything happened (or when nothing could). */
export function emptyResult(region: string, plan: PublishPlan): RegionResult {
  return {
    region,
    layerName: plan.layerName,
    version: null,
    layerArn: '',
    layerVersionArn: '',
    published: false,
    codeSha256: '',
    storage: '',
    status: 'failed',
    error: '',
    deletedVersions: [],
    sharedWith: [],
    functions: [],
    keptInUse: []
  }
}
