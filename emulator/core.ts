/**
 * The emulator core's public face, for tests and the services: the call
 * log and fault types, the hub, the object store, the request pipeline and
 * the archive download route (each in its own module under core/).
 */
export type {
  CallRecord,
  FaultKind,
  FaultRule,
  HeldCall,
  Reply,
  Service
} from './core/types.js'
export { Hub, type RouteHandler } from './core/hub.js'
export {
  BodyTooLargeError,
  decodeOr,
  headerString,
  readBody,
  readJson,
  sleep
} from './core/body.js'
export {
  type Bucket,
  type MultipartUpload,
  ObjectStore,
  type StoredObject
} from './core/object-store.js'
export { archiveDownloads, type KeptArchive } from './core/archive.js'
