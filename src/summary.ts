/**
 * Turns results into step outputs and the job summary. Pure: main.ts does
 * the writing.
 */
import type { ArchiveInfo } from './package/types.js'
import type { ProviderId } from './providers/types.js'
import { formatBytes, type RegionResult } from './publish.js'

export interface OutputContext {
  provider: ProviderId
  layerName: string
  dryRun: boolean
  /** Link to the workflow run, when known. */
  runUrl?: string
  commit?: string
}

/** The archive's SHA-256 in the provider's own form. */
export function providerSha(provider: ProviderId, sha256Hex: string): string {
  return provider === 'aws'
    ? Buffer.from(sha256Hex, 'hex').toString('base64')
    : sha256Hex
}

/** Every output of action.yml; scalar ones come from the first region listed. */
export function buildOutputs(
  archive: ArchiveInfo,
  results: RegionResult[],
  ctx: OutputContext
): Record<string, string> {
  const first = results[0]
  return {
    'layer-version': first?.version != null ? String(first.version) : '',
    'layer-arn': first?.layerArn ?? '',
    'layer-version-arn': first?.layerVersionArn ?? '',
    'code-sha256':
      first?.codeSha256 || providerSha(ctx.provider, archive.sha256),
    'archive-sha256': archive.sha256,
    'code-size': String(archive.size),
    'unzipped-size': String(archive.unzippedSize),
    published: String(first?.published ?? false),
    'archive-path': archive.path,
    results: JSON.stringify(results)
  }
}

const STATUS_LABEL: Record<RegionResult['status'], string> = {
  published: '✅ published',
  unchanged: '⏸️ unchanged',
  planned: '📝 planned (dry run)',
  failed: '❌ failed'
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
}

/** The job summary as Markdown: one row per region, then the archive's facts. */
export function buildSummary(
  archive: ArchiveInfo,
  results: RegionResult[],
  ctx: OutputContext
): string {
  const lines: string[] = []
  const provider = ctx.provider === 'aws' ? 'AWS Lambda' : 'Tencent Cloud SCF'
  lines.push(`### publish-layer: \`${ctx.layerName}\` on ${provider}`)
  lines.push('')
  if (ctx.dryRun) {
    lines.push('> Dry run: nothing was written. This is the plan.')
    lines.push('')
  }
  lines.push(
    `| Region | Version | ${ctx.provider === 'aws' ? 'Layer version ARN' : 'Layer'} | Status | Size | Storage |`
  )
  lines.push('|---|---|---|---|---|---|')
  for (const r of results) {
    const id =
      ctx.provider === 'aws'
        ? r.layerVersionArn || '—'
        : r.version != null
          ? `${r.layerName}:${r.version}`
          : r.layerName
    lines.push(
      `| ${cell(r.region)} | ${r.version ?? '—'} | \`${cell(id)}\` | ${STATUS_LABEL[r.status]} | ${formatBytes(archive.size)} | ${cell(r.storage || '—')} |`
    )
  }
  lines.push('')
  const notes = results.flatMap((r) => {
    const bits: string[] = []
    const verb = ctx.dryRun ? 'would ' : ''
    if (r.sharedWith.length > 0) {
      bits.push(
        `${verb}${ctx.dryRun ? 'share' : 'shared'} with ${r.sharedWith.join(', ')}`
      )
    }
    if (r.deletedVersions.length > 0) {
      bits.push(
        `${verb}${ctx.dryRun ? 'delete' : 'deleted'} version${r.deletedVersions.length > 1 ? 's' : ''} ${r.deletedVersions.join(', ')}`
      )
    }
    return bits.length > 0 ? [`- \`${r.region}\`: ${bits.join('; ')}`] : []
  })
  if (notes.length > 0) {
    lines.push(...notes)
    lines.push('')
  }
  const failed = results.filter((r) => r.status === 'failed')
  if (failed.length > 0) {
    lines.push('**Failures**')
    lines.push('')
    for (const r of failed) lines.push(`- \`${r.region}\`: ${cell(r.error)}`)
    lines.push('')
  }
  lines.push('<details><summary>Archive</summary>')
  lines.push('')
  lines.push('| | |')
  lines.push('|---|---|')
  lines.push(`| SHA-256 | \`${archive.sha256}\` |`)
  lines.push(
    `| Code SHA-256 (${ctx.provider === 'aws' ? 'base64' : 'hex'}) | \`${providerSha(ctx.provider, archive.sha256)}\` |`
  )
  lines.push(
    `| Size | ${formatBytes(archive.size)} (${archive.size.toLocaleString('en-US')} bytes) |`
  )
  lines.push(
    `| Unzipped | ${formatBytes(archive.unzippedSize)} (${archive.unzippedSize.toLocaleString('en-US')} bytes) |`
  )
  lines.push(`| Entries | ${archive.entryCount.toLocaleString('en-US')} |`)
  if (archive.path === '') {
    lines.push(
      '| Built | no: the newest version was built from these very files (its archive carries their fingerprint) |'
    )
  }
  lines.push('')
  lines.push('</details>')
  if (ctx.runUrl || ctx.commit) {
    lines.push('')
    const bits: string[] = []
    if (ctx.commit) bits.push(`commit \`${ctx.commit.slice(0, 12)}\``)
    if (ctx.runUrl) bits.push(`[workflow run](${ctx.runUrl})`)
    lines.push(`<sub>From ${bits.join(', ')}.</sub>`)
  }
  lines.push('')
  return lines.join('\n')
}
