/**
 * Client set-up for AWS: one Lambda client that retries, one that does not
 * (for PublishLayerVersion), and S3 built on first use, all with the
 * action's timeouts and user agent.
 */
import { LambdaClient } from '@aws-sdk/client-lambda'
import type { S3Client } from '@aws-sdk/client-s3'
import type { Logger } from '../../log.js'
import type { AwsLikeError } from './errors.js'
import { missingProfile, profileMiddleware } from './profile.js'
import { AwsLayerProvider } from './provider.js'

export interface AwsProviderConfig {
  region: string
  maxAttempts: number
  endpointUrl?: string
  storageEndpointUrl?: string
  /** Socket inactivity timeout per request. */
  requestTimeoutMs: number
  connectTimeoutMs: number
  userAgent: string
}

type ClientOptions = ReturnType<typeof commonOptions>

function commonOptions(config: AwsProviderConfig) {
  return {
    region: config.region,
    maxAttempts: config.maxAttempts,
    retryMode: 'standard',
    customUserAgent: config.userAgent,
    requestHandler: {
      // socketTimeout is the inactivity limit; requestTimeout only warns.
      socketTimeout: config.requestTimeoutMs,
      connectionTimeout: config.connectTimeoutMs
    }
  }
}

/** Builds the real clients for one region. */
export function createAwsProvider(
  config: AwsProviderConfig,
  log: Logger
): AwsLayerProvider {
  const common = commonOptions(config)
  const endpoint = config.endpointUrl !== undefined && {
    endpoint: config.endpointUrl
  }
  const lambda = new LambdaClient({ ...common, ...endpoint })
  const publishClient = new LambdaClient({
    ...common,
    maxAttempts: 1,
    ...endpoint
  })
  for (const client of [lambda, publishClient]) nameMissingProfile(client)
  const unanswered = new Set<string>()
  return new AwsLayerProvider(
    config.region,
    lambda,
    () => createS3(config, common, unanswered),
    log,
    publishClient,
    unanswered
  )
}

async function createS3(
  config: AwsProviderConfig,
  common: ClientOptions,
  unanswered: Set<string>
): Promise<S3Client> {
  const { S3Client } = await import('@aws-sdk/client-s3')
  const env = process.env
  const custom =
    config.storageEndpointUrl !== undefined ||
    Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL)
  const client = new S3Client({
    ...common,
    ...(config.storageEndpointUrl !== undefined && {
      endpoint: config.storageEndpointUrl
    }),
    // Custom endpoints (emulators, S3-compatible stores) rarely have per-bucket DNS.
    forcePathStyle: custom
  })
  // Names the failing command inside lib-storage's Upload in errors, and
  // notes a CreateMultipartUpload that needed more than one attempt (the
  // lost one may still start an upload, late: see sweepUploads).
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Bucket?: string; Key?: string }
      const create = context.commandName === 'CreateMultipartUploadCommand'
      const lost = () => unanswered.add(`${input.Bucket}/${input.Key}`)
      try {
        const out = await next(args)
        const meta = (out.output as { $metadata?: { attempts?: number } })
          .$metadata
        if (create && (meta?.attempts ?? 1) > 1) lost()
        return out
      } catch (error) {
        if (create) lost()
        if (error !== null && typeof error === 'object') {
          const e = error as AwsLikeError
          e.$command ??= context.commandName?.replace(/Command$/, '')
        }
        throw error
      }
    },
    { step: 'initialize', name: 'publishLayerCommandName' }
  )
  nameMissingProfile(client)
  return client
}

/** A credentials failure names the profile AWS_PROFILE names when it is missing. */
function nameMissingProfile(client: LambdaClient | S3Client): void {
  const stack = client.middlewareStack as LambdaClient['middlewareStack']
  stack.add(
    profileMiddleware(() => missingProfile()),
    {
      step: 'initialize',
      name: 'publishLayerMissingProfile'
    }
  )
}
