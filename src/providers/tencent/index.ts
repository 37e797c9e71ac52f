/** The Tencent adapter (SCF layers, COS uploads); all Tencent SDK use is in this folder. */
export type { Clock, CosApi, ScfApi, TencentProviderConfig } from './api.js'
export { COS_SDK_TRIES } from './call.js'
export {
  cosApi,
  cosEndpointOptions,
  createTencentProvider,
  scfEndpoint
} from './client.js'
export {
  isRetryableTencentError,
  toProviderError,
  type ErrorDetail
} from './errors.js'
export { functionState, TencentFunctions } from './functions.js'
export { TENCENT_PART_SIZE, TENCENT_UPLOAD_CONCURRENCY } from './parts.js'
export { cosBucketName, TencentLayerProvider } from './provider.js'
