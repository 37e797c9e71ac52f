/** Step outputs: the machine-readable side of a run. */
import {
  providerSha,
  type ArchiveInfo,
  type OutputContext,
  type RegionResult,
  type SummaryExtras
} from './types.js'

/** Every output of action.yml; scalar ones come from the first region listed. */
export function buildOutputs(
  archive: ArchiveInfo,
  results: RegionResult[],
  ctx: OutputContext,
  extras: SummaryExtras = {}
): Record<string, string> {
  const first = results[0]
  // The run's checks hold for every region: each row carries them, so a
  // later job reading one row has the whole picture.
  const rows = results.map((r) => ({
    ...r,
    ...(extras.warnings !== undefined && { warnings: extras.warnings }),
    ...(extras.size !== undefined && { size: extras.size })
  }))
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
    results: JSON.stringify(rows)
  }
}
