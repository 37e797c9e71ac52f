/**
 * The Tencent adapter's functions side (update-functions) with a fake SCF
 * client: GetFunction read into layers and state, UpdateFunctionConfiguration
 * sent with the full layer list, errors mapped to kinds.
 */
import { describe, expect, it } from 'vitest'
import { ProviderError } from '../src/errors.js'
import type { Logger } from '../src/log.js'
import {
  functionState,
  type ScfApi,
  TencentLayerProvider,
  type TencentProviderConfig
} from '../src/providers/tencent/index.js'

const config: TencentProviderConfig = {
  region: 'ap-guangzhou',
  secretId: 'AKIDunit-secret-id',
  secretKey: 'unit-secret-key-value',
  maxAttempts: 3,
  waitTimeoutSeconds: 30
}
const quiet: Logger = { info: () => {}, warning: () => {}, debug: () => {} }
const clock = { now: () => 0, sleep: async () => {} }

function sdkError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, requestId: 'req-1' })
}

/** Answers each call from its queue (the last answer repeats). */
function fakeScf(answers: Record<string, Array<unknown>>) {
  const requests: Array<{ action: string; req: unknown }> = []
  const answer = (action: string) => async (req: unknown) => {
    requests.push({ action, req })
    const queue = answers[action] ?? []
    const next = queue.length > 1 ? queue.shift() : queue[0]
    if (next instanceof Error) throw next
    if (next === undefined) throw new Error(`no fake answer for ${action}`)
    return next
  }
  const api = {
    GetFunction: answer('GetFunction'),
    UpdateFunctionConfiguration: answer('UpdateFunctionConfiguration')
  } as unknown as ScfApi
  return { api, requests }
}

function functionsOf(api: ScfApi) {
  const provider = new TencentLayerProvider(
    api,
    {} as never,
    config,
    quiet,
    clock
  )
  return provider.functions
}

const fn = { label: 'jobs/worker', name: 'worker', namespace: 'jobs' }

describe('getFunction', () => {
  it('sends name and namespace, and reads layers in order as name and version', async () => {
    const scf = fakeScf({
      GetFunction: [
        {
          FunctionName: 'worker',
          Namespace: 'jobs',
          Status: 'Active',
          Layers: [
            { LayerName: 'other', LayerVersion: 2, Status: 'Active' },
            { LayerName: 'deps', LayerVersion: 1, Status: 'Active' }
          ],
          RequestId: 'r'
        }
      ]
    })
    const state = await functionsOf(scf.api).getFunction(fn)
    expect(scf.requests).toEqual([
      {
        action: 'GetFunction',
        req: { FunctionName: 'worker', Namespace: 'jobs' }
      }
    ])
    expect(state).toEqual({
      layers: [
        { layer: 'other', version: 2 },
        { layer: 'deps', version: 1 }
      ],
      state: 'ready'
    })
  })

  it('uses the default namespace when none is given', async () => {
    const scf = fakeScf({ GetFunction: [{ Status: 'Active' }] })
    await functionsOf(scf.api).getFunction({ label: 'f', name: 'f' })
    expect(scf.requests[0]?.req).toEqual({
      FunctionName: 'f',
      Namespace: 'default'
    })
  })

  it('maps SCF statuses to ready, updating and failed with the reason', () => {
    const state = (r: Record<string, unknown>) => functionState(r as never)
    expect(state({ Status: 'Active' }).state).toBe('ready')
    for (const s of [
      'Updating',
      'Creating',
      'Publishing',
      'UpdatingAndPublishing'
    ]) {
      expect(state({ Status: s }).state).toBe('updating')
    }
    expect(
      state({
        Status: 'UpdateFailed',
        StatusDesc: 'layer unzip failed',
        StatusReasons: [
          { ErrorCode: 'InternalError', ErrorMessage: 'code too large' }
        ]
      })
    ).toEqual({
      layers: [],
      state: 'failed',
      reason:
        'status UpdateFailed; layer unzip failed; InternalError: code too large'
    })
    expect(state({ Status: 'CreateFailed' })).toMatchObject({
      state: 'failed',
      reason: 'status CreateFailed'
    })
  })

  it('says a missing function is not found, without retrying', async () => {
    const scf = fakeScf({
      GetFunction: [sdkError('ResourceNotFound.Function', '函数不存在')]
    })
    const e = await functionsOf(scf.api)
      .getFunction(fn)
      .catch((error: unknown) => error)
    expect(e).toBeInstanceOf(ProviderError)
    expect(e).toMatchObject({
      kind: 'not-found',
      operation: 'scf:GetFunction',
      code: 'ResourceNotFound.Function'
    })
    expect(scf.requests).toHaveLength(1)
  })

  it('names the CAM action when GetFunction is denied', async () => {
    const scf = fakeScf({
      GetFunction: [sdkError('UnauthorizedOperation.CAM', 'no')]
    })
    const e = await functionsOf(scf.api)
      .getFunction(fn)
      .catch((error: unknown) => error as ProviderError)
    expect(e).toMatchObject({ kind: 'access-denied' })
    expect((e as Error).message).toContain('name/scf:GetFunction')
  })
})

describe('updateLayers', () => {
  const layers = [
    { layer: 'other', version: 2 },
    { layer: 'deps', version: 3 }
  ]

  it('sends the full layer list in order', async () => {
    const scf = fakeScf({ UpdateFunctionConfiguration: [{ RequestId: 'u' }] })
    await functionsOf(scf.api).updateLayers(fn, layers)
    expect(scf.requests).toEqual([
      {
        action: 'UpdateFunctionConfiguration',
        req: {
          FunctionName: 'worker',
          Namespace: 'jobs',
          Layers: [
            { LayerName: 'other', LayerVersion: 2 },
            { LayerName: 'deps', LayerVersion: 3 }
          ]
        }
      }
    ])
  })

  it('sends the same list again after a throttled or unanswered attempt', async () => {
    const scf = fakeScf({
      UpdateFunctionConfiguration: [
        sdkError('RequestLimitExceeded.UinLimitExceeded', 'slow down'),
        new Error('request to http://scf failed, reason: socket hang up'),
        { RequestId: 'u' }
      ]
    })
    await functionsOf(scf.api).updateLayers(fn, layers)
    expect(scf.requests).toHaveLength(3)
    const sent = scf.requests.map((r) => JSON.stringify(r.req))
    expect(new Set(sent).size).toBe(1)
  })

  it('reports a function busy with another change as a conflict', async () => {
    const scf = fakeScf({
      UpdateFunctionConfiguration: [
        sdkError('FailedOperation.OperationConflict', 'busy')
      ]
    })
    const e = await functionsOf(scf.api)
      .updateLayers(fn, layers)
      .catch((error: unknown) => error as ProviderError)
    expect(e).toMatchObject({
      kind: 'conflict',
      operation: 'scf:UpdateFunctionConfiguration'
    })
    expect(scf.requests).toHaveLength(3)
  })

  it('has no function versions, aliases or layer-user listing', () => {
    const functions = functionsOf(fakeScf({}).api)
    expect('publishVersion' in functions).toBe(false)
    expect('pointAlias' in functions).toBe(false)
    expect('layerUsers' in functions).toBe(false)
  })
})
