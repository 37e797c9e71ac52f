/** The job summary: one page, read top to bottom in a few seconds. */
import { failureLines, headline } from './headline.js'
import { code, prose } from './markdown.js'
import { arnBlock, regionNotes, regionTable, storageLine } from './regions.js'
import {
  archiveSection,
  functionsSection,
  sizeSection,
  storageSection,
  warningsSection
} from './sections.js'
import {
  PROVIDER_RULES,
  type ArchiveInfo,
  type OutputContext,
  type RegionResult,
  type SummaryExtras
} from './types.js'

function footer(ctx: OutputContext): string[] {
  if (!ctx.runUrl && !ctx.commit) return []
  const bits: string[] = []
  if (ctx.commit) bits.push(`commit ${code(ctx.commit.slice(0, 12))}`)
  if (ctx.runUrl) bits.push(`[workflow run](${ctx.runUrl})`)
  return [`<sub>From ${bits.join(', ')}.</sub>`, '']
}

/**
 * Title, headline, failures; then the regions; then collapsed detail.
 * `extras` carries facts other steps may add (functions moved, warnings,
 * size breakdown); each shows only when given.
 */
export function buildSummary(
  archive: ArchiveInfo,
  results: RegionResult[],
  ctx: OutputContext,
  extras: SummaryExtras = {}
): string {
  const provider = PROVIDER_RULES[ctx.provider].displayName
  const failures = failureLines(results, extras)
  return [
    `### publish-layer: ${code(ctx.layerName)} on ${provider}`,
    '',
    `**${prose(headline(results, ctx, extras))}**`,
    '',
    ...(ctx.dryRun
      ? ['> Dry run: nothing was written. This is the plan.', '']
      : []),
    ...(failures.length > 0 ? [...failures, ''] : []),
    ...regionTable(results, ctx),
    ...arnBlock(results, ctx),
    ...storageLine(results, ctx),
    ...regionNotes(results, ctx),
    ...functionsSection(results, extras),
    ...warningsSection(extras),
    ...sizeSection(extras),
    ...storageSection(results),
    ...archiveSection(archive, ctx),
    ...footer(ctx)
  ].join('\n')
}
