export { selectFiles, type SelectOptions } from './select.js'
export {
  digestFiles,
  maxArchiveSize,
  writeZip,
  type ZipOptions
} from './zip.js'
export { inspectZip } from './inspect.js'
export type { ArchiveInfo, ZipEntrySource } from './types.js'
export { fingerprintOf, FINGERPRINT_TAIL_BYTES } from './fingerprint.js'
