/**
 * The only importer of the adapters. Each is loaded on first use, so a run
 * pays only for the SDK of the provider it uses.
 */
import type { Logger } from '../log.js'
import type { TencentCredentials } from '../inputs/types.js'
import { defined } from '../util/defined.js'
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
    const { createAwsProvider } = await import('./aws/index.js')
    const { region, maxAttempts, requestTimeoutMs, connectTimeoutMs } = config
    return createAwsProvider(
      {
        region,
        maxAttempts,
        requestTimeoutMs,
        connectTimeoutMs,
        userAgent: config.userAgent,
        ...defined({
          endpointUrl: config.endpointUrl,
          storageEndpointUrl: config.storageEndpointUrl
        })
      },
      log
    )
  }
  const credentials = config.tencentCredentials
  if (!credentials) throw new Error('Tencent credentials were not read')
  const { createTencentProvider } = await import('./tencent/index.js')
  return createTencentProvider(
    {
      region: config.region,
      secretId: credentials.secretId,
      secretKey: credentials.secretKey,
      ...defined({
        sessionToken: credentials.sessionToken,
        endpoint: config.endpointUrl,
        storageEndpoint: config.storageEndpointUrl
      }),
      maxAttempts: config.maxAttempts,
      waitTimeoutSeconds: config.waitTimeoutSeconds,
      requestTimeoutSeconds: Math.ceil(config.requestTimeoutMs / 1000)
    },
    log
  )
}
