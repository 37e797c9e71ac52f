/**
 * What the summary is built from. The only file of src/summary/ that
 * imports from the rest of the action, so moving those types means
 * changing these lines and nothing else.
 */
import type { ArchiveInfo } from '../package/types.js'
import type { ProviderId } from '../providers/types.js'
import type { RegionResult } from '../publish/plan.js'

export type { ArchiveInfo, ProviderId, RegionResult }
export { formatBytes, groupDigits } from '../util/format.js'
export { providerSha } from '../providers/sha.js'
export { PROVIDER_RULES } from '../providers/rules.js'

export interface OutputContext {
  provider: ProviderId
  layerName: string
  dryRun: boolean
  /** Link to the workflow run, when known. */
  runUrl?: string
  commit?: string
}

/**
 * One function the step moved (or would move) to the new layer version:
 * name, from, to, status, and the function version and alias when set.
 */
export type FunctionMove = RegionResult['functions'][number]

/** A version keep-versions kept because functions still use it. */
export type KeptVersion = RegionResult['keptInUse'][number]

/**
 * Where the layer's bytes go: the part of src/checks/size.ts's breakdown
 * the page shows (that type satisfies this one).
 */
export interface SizeBreakdown {
  /** Largest packages by unzipped size, largest first. */
  largest: { path: string; bytes: number }[]
  /** Packages present more than once; `bytes` is what the extra copies cost. */
  duplicates: { name: string; paths: string[]; bytes: number }[]
  /** Share of the provider's unzipped limit used, 0..1. */
  limitShare?: number
  /** That limit, to name it. */
  limitBytes?: number
  /** Packages present more than once in all (`duplicates` may list fewer). */
  duplicateCount?: number
}

/**
 * Facts other steps may add to the page. Every one is optional: a section
 * appears only when its facts were given.
 */
export interface SummaryExtras {
  /**
   * Functions moved, by region name; when absent, each result's own
   * `functions` are shown.
   */
  functions?: Record<string, FunctionMove[]>
  /** Pre-publish warnings, in the order they were raised. */
  warnings?: string[]
  size?: SizeBreakdown
}
