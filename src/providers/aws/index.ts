/** The AWS adapter (Lambda layers, S3 uploads); all AWS SDK use is in this folder. */
export { createAwsProvider, type AwsProviderConfig } from './client.js'
export { toProviderError } from './errors.js'
export { AwsLayerProvider } from './provider.js'
export { PART_SIZE, UPLOAD_QUEUE_SIZE } from './upload.js'
