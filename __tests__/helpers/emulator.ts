/** Starts the project's emulators in the test process and talks to their control API. */
import { LambdaClient } from '@aws-sdk/client-lambda'
import { scf } from 'tencentcloud-sdk-nodejs-scf'
import { startEmulators, type RunningEmulators } from '../../emulator/index.js'
import type { CallRecord, FaultRule } from '../../emulator/core.js'

export interface EmulatorHandle extends RunningEmulators {
  calls(): Promise<CallRecord[]>
  writes(): Promise<CallRecord[]>
  reset(): Promise<void>
  createBucket(
    name: string,
    region: string,
    service?: 's3' | 'cos'
  ): Promise<void>
  fault(rule: Partial<FaultRule> | Array<Partial<FaultRule>>): Promise<void>
  settings(values: Record<string, unknown>): Promise<void>
  state(): Promise<Record<string, unknown>>
  /** Calls a `hold` fault is holding (operation, service, region), oldest first. */
  held(): Promise<Array<{ operation: string; service: string; region: string }>>
  /** Waits (bounded) until a call of `operation` is held. */
  waitForHeld(operation: string, timeoutMs?: number): Promise<void>
  /** Lets every held call go on. */
  release(): Promise<void>
  clearFaults(): Promise<void>
  /** Environment that points the action's AWS SDK at the emulator. */
  awsEnv(): Record<string, string>
  tencentEnv(): Record<string, string>
  /** The real Lambda client, pointed at the emulator (to set a scene, or check it). */
  lambdaClient(region?: string): LambdaClient
  /** The real SCF client, pointed at the emulator. */
  scfClient(): InstanceType<typeof scf.v20180416.Client>
}

export async function startTestEmulators(): Promise<EmulatorHandle> {
  const running = await startEmulators()
  const base = running.info.aws.endpoint
  const control = async (path: string, method = 'GET', body?: unknown) => {
    const send = () =>
      fetch(`${base}/_emulator/${path}`, {
        method,
        ...(body !== undefined && {
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json' }
        })
      })
    // A kept-alive socket the server closed at the same moment fails with
    // ECONNRESET before the request is read; sending again is safe.
    const res = await send().catch(() => send())
    if (!res.ok)
      throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
    return res.json() as Promise<unknown>
  }
  return {
    ...running,
    calls: async () => (await control('calls')) as CallRecord[],
    writes: async () =>
      ((await control('calls')) as CallRecord[]).filter((c) => c.write),
    reset: async () => {
      await control('reset', 'POST')
    },
    createBucket: async (name, region, service) => {
      await control('buckets', 'POST', {
        name,
        region,
        ...(service && { service })
      })
    },
    fault: async (rule) => {
      await control('faults', 'POST', rule)
    },
    settings: async (values) => {
      await control('settings', 'POST', values)
    },
    state: async () => (await control('state')) as Record<string, unknown>,
    held: async () =>
      (await control('held')) as Array<{
        operation: string
        service: string
        region: string
      }>,
    waitForHeld: async (operation, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const held = (await control('held')) as Array<{ operation: string }>
        if (held.some((h) => h.operation === operation)) return
        if (Date.now() > deadline) {
          throw new Error(
            `no ${operation} call was held within ${timeoutMs} ms`
          )
        }
        await new Promise((r) => setTimeout(r, 25))
      }
    },
    release: async () => {
      await control('release', 'POST')
    },
    clearFaults: async () => {
      await control('faults', 'DELETE')
    },
    awsEnv: () => ({
      AWS_ACCESS_KEY_ID: running.info.aws.accessKeyId,
      AWS_SECRET_ACCESS_KEY: running.info.aws.secretAccessKey
    }),
    lambdaClient: (region = 'us-east-1') =>
      new LambdaClient({
        region,
        endpoint: running.info.aws.endpoint,
        credentials: {
          accessKeyId: running.info.aws.accessKeyId,
          secretAccessKey: running.info.aws.secretAccessKey
        }
      }),
    scfClient: () => {
      const t = running.info.tencent
      if (!t) throw new Error('the Tencent emulator is not available')
      const url = new URL(t.endpoint)
      return new scf.v20180416.Client({
        credential: { secretId: t.secretId, secretKey: t.secretKey },
        region: t.region,
        profile: {
          httpProfile: { endpoint: url.host, protocol: `${url.protocol}//` }
        }
      })
    },
    tencentEnv: () => {
      const t = running.info.tencent
      if (!t) throw new Error('the Tencent emulator is not available')
      return {
        TENCENTCLOUD_SECRET_ID: t.secretId,
        TENCENTCLOUD_SECRET_KEY: t.secretKey
      }
    }
  }
}
