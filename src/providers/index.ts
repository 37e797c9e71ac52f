/**
 * The only importer of the adapters. Each is loaded on first use, so a run
 * pays only for the SDK of the provider it uses.
 */
import type { Logger } from '../log.js'
import type { TencentCredentials } from '../inputs.js'
import type { LayerProvider, ProviderId } from './types.js'

export interface ProviderConfig {
  provider: ProviderId
  region: string
  maxAttempts: number
  endpointUrl?: string
  storageEndpointUrl?: string
  waitTimeoutSeconds: number
  tencentCredentials?: TencentCredentials
  requestTimeoutMs: number
  connectTimeoutMs: number
  userAgent: string
}

export type ProviderFactory = (
  config: ProviderConfig,
  log: Logger
) => Promise<LayerProvider>

export const createProvider: ProviderFactory = async (config, log) => {
  if (config.provider === 'aws') {
    const { createAwsProvider } = await import('./aws.js')
    return createAwsProvider(
      {
        region: config.region,
        maxAttempts: config.maxAttempts,
        requestTimeoutMs: config.requestTimeoutMs,
        connectTimeoutMs: config.connectTimeoutMs,
        userAgent: config.userAgent,
        ...(config.endpointUrl !== undefined && {
          endpointUrl: config.endpointUrl
        }),
        ...(config.storageEndpointUrl !== undefined && {
          storageEndpointUrl: config.storageEndpointUrl
        })
      },
      log
    )
  }
  const credentials = config.tencentCredentials
  if (!credentials) throw new Error('Tencent credentials were not read')
  const { createTencentProvider } = await import('./tencent.js')
  return createTencentProvider(
    {
      region: config.region,
      secretId: credentials.secretId,
      secretKey: credentials.secretKey,
      ...(credentials.sessionToken !== undefined && {
        sessionToken: credentials.sessionToken
      }),
      ...(config.endpointUrl !== undefined && {
        endpoint: config.endpointUrl
      }),
      ...(config.storageEndpointUrl !== undefined && {
        storageEndpoint: config.storageEndpointUrl
      }),
      maxAttempts: config.maxAttempts,
      waitTimeoutSeconds: config.waitTimeoutSeconds,
      requestTimeoutSeconds: Math.ceil(config.requestTimeoutMs / 1000)
    },
    log
  )
}

/** The Lambda SDK's Runtime enum, the authority on valid runtime names. */
export async function loadAwsRuntimes(): Promise<string[]> {
  const { Runtime } = await import('@aws-sdk/client-lambda')
  return Object.values(Runtime)
}
