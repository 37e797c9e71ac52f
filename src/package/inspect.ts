import { open, type FileHandle } from 'node:fs/promises'
import { resolve } from 'node:path'
import { InputError, errorMessage } from '../errors.js'
import { fingerprintInComment } from './fingerprint.js'
import { readCentralTable } from './inspect-central.js'
import { readLocals } from './inspect-local.js'
import {
  checkHasFile,
  checkLinks,
  checkName,
  checkParents,
  checkUnicodePath,
  indexPaths,
  shown
} from './inspect-paths.js'
import {
  KINDS,
  NotZip,
  type CentralTable,
  type InspectedArchive,
  type InspectedEntry
} from './inspect-types.js'
import type { ArchiveInfo } from './types.js'

export { entrySource, ENTRY_SOURCE_MAX_BYTES } from './inspect-source.js'
export type { InspectedArchive, InspectedEntry } from './inspect-types.js'

/**
 * Facts about a ready zip (the `zip-file` input), checked the way any
 * extractor could read it, since it is published as is: the central
 * directory (what unzip and most extractors read) and the local headers
 * (what a streaming extractor reads) must agree, and no entry, nor any link entry's
 * target, may land outside the layer root. Every refusal is an InputError
 * naming `zip-file`, the entry and the rule, raised before any write.
 *
 * Reading is streamed with bounded buffers, not done by adm-zip: adm-zip
 * reads the whole archive into memory, and a layer archive may be 250 MB
 * with 100,000 entries. The one full pass over the file computes the SHA-256
 * and reads every local header on the way.
 */
export async function inspectZip(path: string): Promise<ArchiveInfo> {
  const { entries: _entries, ...info } = await inspectArchive(path)
  return info
}

/** inspectZip's facts and every entry, for the checks that read the files. */
export async function inspectArchive(path: string): Promise<InspectedArchive> {
  const abs = resolve(path)
  const { fh, size } = await openRegular(abs)
  try {
    return await inspectOpen(fh, abs, size)
  } catch (err) {
    if (err instanceof InputError) throw err
    const why = err instanceof NotZip ? err.message : errorMessage(err)
    throw new InputError(
      'zip-file',
      `is not a readable zip archive: ${abs} (${why})`,
      { cause: err }
    )
  } finally {
    await fh.close().catch(() => undefined)
  }
}

async function openRegular(
  abs: string
): Promise<{ fh: FileHandle; size: number }> {
  try {
    const fh = await open(abs, 'r')
    const st = await fh.stat()
    if (!st.isFile()) {
      await fh.close()
      throw new Error('not a regular file')
    }
    return { fh, size: st.size }
  } catch (err) {
    throw new InputError(
      'zip-file',
      `file not found: ${abs} (${errorMessage(err)})`,
      { cause: err }
    )
  }
}

async function inspectOpen(
  fh: FileHandle,
  abs: string,
  size: number
): Promise<InspectedArchive> {
  // Names are judged as each record is read, so a bad one fails first.
  const t = await readCentralTable(fh, size, (table, i, extras) => {
    if ((table.flags[i] ?? 0) & 1) {
      throw new InputError(
        'zip-file',
        `entry "${shown(table, i)}" is encrypted; a layer cannot be extracted from it`
      )
    }
    checkName(table, i, table.names[i] ?? '')
    if (extras.unicodePath !== undefined) {
      checkUnicodePath(table, i, extras.unicodePath)
    }
  })
  const index = indexPaths(t)
  checkParents(t, index)
  checkHasFile(t)
  const { sha256, targets } = await readLocals(fh, size, t)
  checkLinks(t, index, targets)
  const names = [...t.names].sort(compareUtf8)
  const filesSha256 = fingerprintInComment(t.comment)
  return {
    path: abs,
    size,
    sha256,
    unzippedSize: t.size.reduce((sum, n) => sum + n, 0),
    entryCount: names.length,
    names,
    ...(filesSha256 !== undefined && { filesSha256 }),
    entries: entriesOf(t)
  }
}

/**
 * The order of the names' UTF-8 bytes (the writer's archive order) without
 * encoding 100,000 names on every comparison: UTF-16 units compare like code
 * points once surrogates are moved above U+E000-U+FFFF.
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let k = 0; k < n; k++) {
    const x = a.charCodeAt(k)
    const y = b.charCodeAt(k)
    if (x !== y) return codePointRank(x) - codePointRank(y)
  }
  return a.length - b.length
}

function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800
  return unit >= 0xd800 ? unit + 0x2000 : unit
}

function entriesOf(t: CentralTable): InspectedEntry[] {
  const entries: InspectedEntry[] = []
  for (let i = 0; i < t.count; i++) {
    entries.push({
      name: t.names[i] ?? '',
      size: t.size[i] ?? 0,
      mode: t.mode[i] ?? 0,
      kind: KINDS[t.kind[i] ?? 0] ?? 'file',
      method: t.method[i] ?? 0,
      compressedSize: t.compressedSize[i] ?? 0,
      dataOffset: t.dataOffset[i] ?? 0
    })
  }
  return entries
}
