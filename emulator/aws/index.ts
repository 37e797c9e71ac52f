/**
 * The local AWS emulator: one endpoint serving the Lambda layer and
 * function APIs and an S3 subset, routed by the SigV4 credential scope's service, with state kept
 * per region (the scope's region). Every request goes through the shared
 * pipeline: verified with SigV4 against the test credentials, logged in the
 * hub's call list, and subject to the hub's scripted faults.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { archiveDownloads } from '../core/archive.js'
import type { Hub } from '../core/hub.js'
import { runPipeline } from '../core/pipeline.js'
import { lambdaApi, LambdaState, layerContent } from './lambda.js'
import { awsProtocol } from './protocol.js'
import { s3Api } from './s3.js'

export const AWS_TEST = {
  region: 'us-east-1',
  accessKeyId: 'AKIDEMULATOR000TEST',
  secretAccessKey: 'emulator-secret-key/do-not-use',
  accountId: '123456789012'
}

export { LAMBDA_PUBLISH_BODY_LIMIT, LAMBDA_UNZIPPED_LIMIT } from './lambda.js'

export function createAwsHandler(
  hub: Hub
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const lambda = new LambdaState()
  hub.onReset(() => lambda.clear())
  hub.onState('lambda', () => lambda.snapshot())
  hub.onState('lambdaFunctions', () => lambda.functions.snapshot())
  hub.onRoute(
    'aws/layer-content/',
    archiveDownloads(hub, 'lambda', layerContent(lambda))
  )
  const protocol = awsProtocol(
    hub,
    { lambda: lambdaApi(lambda), s3: s3Api },
    AWS_TEST
  )
  return (req, res) => runPipeline(hub, protocol, req, res)
}
