/**
 * The checks phase: everything knowable about the layer before any write.
 * A broken rule throws (input or packaging error); what may still work
 * comes back as warnings — layout, runtimes, native binaries, size — which
 * `strict` turns into one error, still before any write.
 */
import { InputError } from '../errors.js'
import type { ArchiveInfo } from '../package/types.js'
import { layoutWarnings } from '../providers/layout.js'
import { PROVIDER_RULES } from '../providers/rules.js'
import type { PublishPlan } from '../publish/plan.js'
import { preflight } from '../publish/storage.js'
import { scanNative, type LayerFile } from './native-scan.js'
import { nativeWarnings } from './native.js'
import { sizeBreakdown, type SizeBreakdown, type SizedEntry } from './size.js'

export type { SizeBreakdown } from './size.js'
export type { LayerFile } from './native-scan.js'

/** What the checks found, for the log, the summary and `results`. */
export interface CheckFacts {
  warnings: string[]
  size: SizeBreakdown
}

export interface LayerContents {
  /** Every entry with its unzipped size (directories end with `/`). */
  entries: Iterable<SizedEntry>
  /** The files, readable, for the native-binary check. */
  files: LayerFile[]
}

/** AWS counts the function and all its layers against the limit. */
const AWS_WARN_SHARE = 0.8

export async function prePublishChecks(
  archive: ArchiveInfo,
  plan: PublishPlan,
  contents: LayerContents,
  options: { strict: boolean; warnings: string[] }
): Promise<CheckFacts> {
  preflight(archive, plan)
  const rules = PROVIDER_RULES[plan.provider]
  const size = sizeBreakdown(contents.entries, {
    limitBytes: rules.maxUnzippedBytes,
    ...(plan.provider === 'aws' && { warnShare: AWS_WARN_SHARE })
  })
  const native = nativeWarnings(await scanNative(contents.files), {
    provider: plan.provider,
    architectures: plan.settings.compatibleArchitectures,
    runtimes: plan.settings.compatibleRuntimes
  })
  const warnings = [
    ...options.warnings,
    ...layoutWarnings(
      plan.provider,
      plan.settings.compatibleRuntimes,
      archive.names
    ),
    ...native.map((w) => w.message),
    ...size.warnings
  ]
  if (options.strict && warnings.length > 0) {
    throw new InputError(
      'strict',
      `is true, so pre-publish warnings fail the step before any write:\n${warnings.map((w) => `- ${w}`).join('\n')}`
    )
  }
  return { warnings, size }
}
