/**
 * Starts the project's local emulators on loopback. Tests, the demo and
 * `npm run emulator` all go through here.
 */
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse
} from 'node:http'
import type { AddressInfo } from 'node:net'
import { Hub } from './core/hub.js'
import { createAwsHandler, AWS_TEST } from './aws/index.js'

export interface EmulatorInfo {
  aws: {
    endpoint: string
    region: string
    accessKeyId: string
    secretAccessKey: string
    accountId: string
  }
  tencent?: {
    endpoint: string
    storageEndpoint: string
    region: string
    secretId: string
    secretKey: string
    appId: string
  }
}

export interface EmulatorOptions {
  host?: string
  awsPort?: number
  tencentPort?: number
  tencentStoragePort?: number
}

export interface RunningEmulators {
  info: EmulatorInfo
  hub: Hub
  close(): Promise<void>
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>

function serve(hub: Hub, handler: Handler): Server {
  const server = createServer((req, res) => {
    void (async () => {
      try {
        if (await hub.control(req, res)) return
        await handler(req, res)
      } catch (error) {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'text/plain' })
        }
        res.end(`emulator error: ${(error as Error).stack ?? String(error)}`)
      }
    })()
  })
  // Clients keep sockets alive; do not let them hold the process open on close.
  server.keepAliveTimeout = 5000
  return server
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      resolve((server.address() as AddressInfo).port)
    })
  })
}

export async function startEmulators(
  options: EmulatorOptions = {}
): Promise<RunningEmulators> {
  const host = options.host ?? '127.0.0.1'
  const hub = new Hub()
  const servers: Server[] = []

  const awsServer = serve(hub, createAwsHandler(hub))
  servers.push(awsServer)
  const awsPort = await listen(awsServer, host, options.awsPort ?? 0)
  const info: EmulatorInfo = {
    aws: { endpoint: `http://${host}:${awsPort}`, ...AWS_TEST }
  }

  const tencent = await loadTencent()
  if (tencent) {
    const handlers = tencent.createTencentHandlers(hub)
    const api = serve(hub, handlers.api)
    const storage = serve(hub, handlers.storage)
    servers.push(api, storage)
    const apiPort = await listen(api, host, options.tencentPort ?? 0)
    const storagePort = await listen(
      storage,
      host,
      options.tencentStoragePort ?? 0
    )
    info.tencent = {
      endpoint: `http://${host}:${apiPort}`,
      storageEndpoint: `http://${host}:${storagePort}`,
      ...tencent.TENCENT_TEST
    }
  }

  return {
    info,
    hub,
    close: async () => {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.closeAllConnections()
              s.close(() => resolve())
            })
        )
      )
    }
  }
}

interface TencentModule {
  createTencentHandlers(hub: Hub): { api: Handler; storage: Handler }
  TENCENT_TEST: {
    region: string
    secretId: string
    secretKey: string
    appId: string
  }
}

/** The Tencent emulator is optional until it exists. */
async function loadTencent(): Promise<TencentModule | undefined> {
  try {
    const spec = './tencent/index.js'
    return (await import(spec)) as TencentModule
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      return undefined
    }
    throw error
  }
}
