/** The packaging phase: the selected files into one zip under RUNNER_TEMP. */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { ActionInputs } from './inputs/types.js'
import type { Logger } from './log.js'
import type { ArchiveInfo, EntryList } from './package/types.js'
import { formatBytes } from './util/format.js'
import { collectGarbage } from './util/heap.js'

export async function buildArchive(
  inputs: ActionInputs,
  entries: EntryList,
  log: Logger,
  collect: () => void = collectGarbage
): Promise<ArchiveInfo> {
  const { writeZip } = await import('./package/index.js')
  const dir = join(inputs.runnerTemp, 'publish-layer')
  await mkdir(dir, { recursive: true })
  const out = join(dir, `${inputs.layerName}.zip`)
  log.info(
    `Packaging ${entries.length} files from ${inputs.source.kind === 'paths' ? inputs.source.baseDirectory : ''}`
  )
  // Selection's garbage goes before packaging's starts, and packaging's
  // before the checks and the SDKs load (util/heap.ts); packaging's own
  // as it goes (zip-writer.ts, ZipOptions.collect).
  collect()
  const archive = await writeZip(entries, out, { collect })
  collect()
  return archive
}

/** The log line that states what will be published. */
export function archiveSummaryLine(a: ArchiveInfo): string {
  return `Archive ${a.path}: ${formatBytes(a.size)} (${a.entryCount} entries, ${formatBytes(a.unzippedSize)} unzipped), sha256 ${a.sha256}`
}
