/*
 * Types of the `zip-file` inspection (inspect*.ts). They live here, not in
 * types.ts, because only the inspection and the checks that read a given
 * archive's entries use them.
 */
import type { ArchiveInfo } from './types.js'

export type EntryKind = 'file' | 'directory' | 'link'

/** One entry of a given zip, as its central directory and local header agree. */
export interface InspectedEntry {
  /** Name as stored (UTF-8 decoded; invalid bytes become U+FFFD). */
  name: string
  /** Uncompressed size in bytes. */
  size: number
  /** The Unix st_mode the writer stored (type and permission bits); 0 if none. */
  mode: number
  kind: EntryKind
  /** 0 stored, 8 deflated; other methods are kept but cannot be read. */
  method: number
  compressedSize: number
  /** Where the entry's (compressed) bytes start in the archive. */
  dataOffset: number
}

export type InspectedArchive = ArchiveInfo & {
  entries: InspectedEntry[]
  names: string[]
}

/** The file is not a zip we can read; the message says why. */
export class NotZip extends Error {}

/**
 * The central directory, one column per field, so that 100,000 entries cost
 * a few typed arrays and their names rather than 100,000 objects.
 */
export interface CentralTable {
  count: number
  comment: string
  /** Where the central directory starts: the entries' data must end here. */
  cdOffset: number
  names: string[]
  /** The stored bytes of names that are not valid UTF-8 (rare). */
  rawNames: Map<number, Buffer>
  offset: Float64Array
  compressedSize: Float64Array
  size: Float64Array
  crc: Uint32Array
  flags: Uint16Array
  method: Uint16Array
  mode: Uint32Array
  kind: Uint8Array
  /** Filled by the local-header pass. */
  dataOffset: Float64Array
}

export const KINDS: readonly EntryKind[] = ['file', 'directory', 'link']
export const FILE = 0
export const DIRECTORY = 1
export const LINK = 2
