/**
 * Client set-up for Tencent Cloud: the SCF client and, on first use, COS,
 * both with the action's credentials, timeout and endpoint overrides.
 */
import { scf } from 'tencentcloud-sdk-nodejs-scf'
import type COS from 'cos-nodejs-sdk-v5'
import type { Logger } from '../../log.js'
import type { CosApi, TencentProviderConfig } from './api.js'
import { TencentLayerProvider } from './provider.js'

/** Splits `http://host:port/path` into the SCF SDK's protocol and endpoint. */
export function scfEndpoint(endpoint: string): {
  protocol: string
  endpoint: string
} {
  const m = /^(https?):\/\/(.*)$/i.exec(endpoint.trim())
  const scheme = (m?.[1] ?? 'https').toLowerCase()
  const rest = (m ? (m[2] ?? '') : endpoint.trim()).replace(/\/+$/, '')
  return { protocol: `${scheme}://`, endpoint: rest }
}

/**
 * COS client options for a `storage-endpoint-url`:
 * - a Domain template (contains `{Bucket}`) is used as given;
 * - an IP address or `localhost` (emulators, proxies) gets every request,
 *   with the bucket named in the Host header as on real COS (`Ip`);
 * - any other host name is a virtual-hosted domain: `{Bucket}.<host>`.
 */
export function cosEndpointOptions(
  storageEndpoint: string
): Record<string, string | boolean> {
  const trimmed = storageEndpoint.trim().replace(/\/+$/, '')
  const m = /^(https?):\/\/(.*)$/i.exec(trimmed)
  const Protocol = `${(m?.[1] ?? 'https').toLowerCase()}:`
  const hostAndPath = m ? (m[2] ?? '') : trimmed
  if (/\{Bucket(Name)?\}/i.test(trimmed)) {
    return { Protocol, Domain: trimmed, AutoSwitchHost: false }
  }
  const host = hostAndPath.split('/')[0] ?? ''
  const hostname = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '')
  const literal =
    /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) ||
    hostname.includes(':') ||
    hostname === 'localhost'
  if (literal) return { Protocol, Ip: host, AutoSwitchHost: false }
  return { Protocol, Domain: `{Bucket}.${host}`, AutoSwitchHost: false }
}

/** The COS calls the adapter makes, through the SDK's promise API. */
export function cosApi(cos: COS): CosApi {
  return {
    headObject: (p) => cos.headObject(p),
    multipartInit: ({ Bucket, Region, Key, ContentType }) =>
      cos.multipartInit({
        Bucket,
        Region,
        Key,
        ...(ContentType !== undefined && { ContentType })
      }),
    multipartUpload: (p) => cos.multipartUpload(p),
    multipartComplete: (p) => cos.multipartComplete(p),
    multipartAbort: (p) => cos.multipartAbort(p),
    // The SDK's types require Delimiter, which the API does not.
    multipartList: (p) => cos.multipartList(p as COS.MultipartListParams),
    deleteObject: (p) => cos.deleteObject(p)
  }
}

/** Builds the real clients for one region. */
export function createTencentProvider(
  config: TencentProviderConfig,
  log: Logger
): TencentLayerProvider {
  const timeoutSeconds = config.requestTimeoutSeconds ?? 60
  const http = config.endpoint ? scfEndpoint(config.endpoint) : undefined
  const client = new scf.v20180416.Client({
    credential: {
      secretId: config.secretId,
      secretKey: config.secretKey,
      ...(config.sessionToken !== undefined && { token: config.sessionToken })
    },
    region: config.region,
    profile: {
      httpProfile: {
        reqTimeout: timeoutSeconds,
        ...(http && { endpoint: http.endpoint, protocol: http.protocol })
      }
    }
  })
  const cosFactory = async (): Promise<CosApi> => {
    const { default: COSClient } = await import('cos-nodejs-sdk-v5')
    const cos = new COSClient({
      SecretId: config.secretId,
      SecretKey: config.secretKey,
      ...(config.sessionToken !== undefined && {
        SecurityToken: config.sessionToken
      }),
      Timeout: timeoutSeconds * 1000,
      ...(config.storageEndpoint !== undefined &&
        cosEndpointOptions(config.storageEndpoint))
    })
    return cosApi(cos)
  }
  return new TencentLayerProvider(client, cosFactory, config, log)
}
