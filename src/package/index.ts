export { listFiles, selectFiles, type SelectOptions } from './select.js'
export { listedArchive, writeZip, type ZipOptions } from './zip-writer.js'
export { prestartWorkers } from './worker-pool.js'
export {
  entrySource,
  ENTRY_SOURCE_MAX_BYTES,
  inspectArchive,
  inspectZip,
  type InspectedArchive,
  type InspectedEntry
} from './inspect.js'
export type { ArchiveInfo, EntryList, ZipEntrySource } from './types.js'
export {
  digestFiles,
  fingerprintOf,
  FINGERPRINT_TAIL_BYTES
} from './fingerprint.js'
