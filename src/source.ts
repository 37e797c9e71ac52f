/**
 * Source selection: the files the patterns select, or the given zip-file
 * already inspected. The packaging code is loaded here, not at start-up, so
 * a run that fails on its inputs never pays for it.
 */
import type { ActionInputs } from './inputs/types.js'
import type { Logger } from './log.js'
import type { LayerContents } from './checks/index.js'
import { diskFile, mayBeElf, type LayerFile } from './checks/native-scan.js'
import type { InspectedArchive } from './package/inspect.js'
import type { EntryList } from './package/types.js'

export type Selection =
  | { kind: 'files'; entries: EntryList }
  | { kind: 'zip'; archive: InspectedArchive }

export async function selectSource(
  inputs: ActionInputs,
  log: Logger
): Promise<Selection> {
  const { inspectArchive, listFiles, prestartWorkers } =
    await import('./package/index.js')
  const { source } = inputs
  if (source.kind === 'zip') {
    const archive = await inspectArchive(source.zipFile)
    log.info(`Using ${source.zipFile} as is: ${archive.entryCount} entries`)
    return { kind: 'zip', archive }
  }
  // Deflate workers start on the cores selection leaves idle.
  prestartWorkers()
  // Sizes and modes are read as the packager reaches each file (EntryTable).
  const entries = await listFiles({
    patterns: source.patterns,
    baseDirectory: source.baseDirectory,
    prefix: source.prefix,
    symlinks: source.symlinks,
    spillDir: inputs.runnerTemp
  })
  return { kind: 'files', entries }
}

/** The layer's entries and files as the checks phase reads them. */
export function contentsOf(selection: Selection): LayerContents {
  if (selection.kind === 'files') {
    // The entries as they are, and a readable file only for those the
    // native check reads: nothing more per entry for a tree of 70,000.
    const files: LayerFile[] = []
    for (const e of selection.entries) {
      if (e.kind === 'file' && mayBeElf(e)) {
        files.push(diskFile(e.name, e.mode, e.sourcePath))
      }
    }
    return { entries: selection.entries, files }
  }
  const { archive } = selection
  const files = archive.entries.filter((e) => e.kind === 'file')
  return {
    entries: archive.entries.map((e) => ({
      name: e.kind === 'directory' ? `${e.name.replace(/\/$/, '')}/` : e.name,
      size: e.size
    })),
    files: files.map((e) => ({
      name: e.name,
      mode: e.mode,
      open: async () => {
        const { entrySource, ENTRY_SOURCE_MAX_BYTES } =
          await import('./package/index.js')
        const source = entrySource(archive.path, e, ENTRY_SOURCE_MAX_BYTES)
        return { source, close: async () => {} }
      }
    }))
  }
}
