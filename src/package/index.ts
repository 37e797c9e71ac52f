export { selectFiles, type SelectOptions } from './select.js'
export { writeZip, type ZipOptions } from './zip.js'
export { inspectZip } from './inspect.js'
export type { ArchiveInfo, ZipEntrySource } from './types.js'
