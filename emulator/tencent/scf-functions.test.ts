/**
 * SCF functions (CreateFunction, GetFunction, UpdateFunctionConfiguration,
 * ListFunctions) and the layer behaviours of issue 11 §4 (read-after-write
 * lag, ResourceInUse while Publishing, asynchronous delete, bound versions),
 * driven by Tencent's own SDK (tencentcloud-sdk-nodejs-scf).
 */
import AdmZip from 'adm-zip'
import COS from 'cos-nodejs-sdk-v5'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { scf } from 'tencentcloud-sdk-nodejs-scf'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { CallRecord } from '../core.js'
import { startEmulators, type RunningEmulators } from '../index.js'

for (const name of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY']) {
  delete process.env[name]
}

type Tencent = NonNullable<RunningEmulators['info']['tencent']>
type ScfClient = InstanceType<typeof scf.v20180416.Client>
interface SdkError {
  code?: string
  message: string
}

let em: RunningEmulators
let t: Tencent

function client(region = 'ap-guangzhou'): ScfClient {
  return new scf.v20180416.Client({
    credential: { secretId: t.secretId, secretKey: t.secretKey },
    region,
    profile: {
      httpProfile: {
        endpoint: t.endpoint.replace(/^http:\/\//, ''),
        protocol: 'http://',
        reqTimeout: 10
      }
    }
  })
}

async function control(
  path: string,
  method = 'GET',
  body?: unknown
): Promise<unknown> {
  const res = await fetch(`${t.endpoint}/_emulator/${path}`, {
    method,
    ...(body !== undefined && {
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' }
    })
  })
  if (!res.ok) throw new Error(`${path}: ${res.status}`)
  return res.json()
}
const settings = (values: Record<string, unknown>) =>
  control('settings', 'POST', values)

const code = (): string => {
  const z = new AdmZip()
  z.addFile('index.py', Buffer.from('def main_handler(e, c):\n  return 1\n'))
  return z.toBuffer().toString('base64')
}

async function rejection(p: Promise<unknown>): Promise<SdkError> {
  try {
    await p
  } catch (error) {
    return error as SdkError
  }
  throw new Error('expected a rejection')
}

/** Polls until `read` gives one of `until` (bounded by attempts, not time). */
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean) {
  for (let i = 0; i < 200; i++) {
    const v = await read()
    if (ok(v)) return v
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error('state did not settle')
}

async function layer(name: string, c = client()): Promise<number> {
  const z = new AdmZip()
  z.addFile('lib.py', Buffer.from(name))
  const r = await c.PublishLayerVersion({
    LayerName: name,
    CompatibleRuntimes: ['Python3.9'],
    Content: { ZipFile: z.toBuffer().toString('base64') }
  })
  const version = r.LayerVersion ?? 0
  await until(
    () => c.GetLayerVersion({ LayerName: name, LayerVersion: version }),
    (v) => v.Status === 'Active'
  )
  return version
}

const fnStatus = (c: ScfClient, name: string, ns = 'default') =>
  until(
    () => c.GetFunction({ FunctionName: name, Namespace: ns }),
    (f) => f.Status !== 'Creating' && f.Status !== 'Updating'
  )

async function createFn(
  name: string,
  layers: Array<[string, number]>,
  c = client()
): Promise<void> {
  await c.CreateFunction({
    FunctionName: name,
    Namespace: 'default',
    Runtime: 'Python3.9',
    Handler: 'index.main_handler',
    Code: { ZipFile: code() },
    Layers: layers.map(([LayerName, LayerVersion]) => ({
      LayerName,
      LayerVersion
    }))
  })
  await fnStatus(c, name)
}

const layersOf = async (c: ScfClient, name: string) =>
  (await c.GetFunction({ FunctionName: name })).Layers?.map((l) => [
    l.LayerName,
    l.LayerVersion
  ])

beforeAll(async () => {
  em = await startEmulators()
  if (!em.info.tencent) throw new Error('the Tencent emulator did not start')
  t = em.info.tencent
})
afterAll(async () => {
  await em?.close()
})
beforeEach(async () => {
  await control('reset', 'POST')
  await settings({ tencentActivationDelayMs: 20, scfUpdateDelayMs: 50 })
})

describe('SCF functions through the SDK', () => {
  it('creates (Creating, then Active) and reads back the layers in order', async () => {
    await settings({ scfUpdateDelayMs: 60_000 })
    const c = client()
    await layer('other')
    await layer('other')
    await layer('mine')
    const created = await c.CreateFunction({
      FunctionName: 'api',
      Runtime: 'Python3.9',
      Handler: 'index.main_handler',
      Code: { ZipFile: code() },
      Layers: [
        { LayerName: 'other', LayerVersion: 2 },
        { LayerName: 'mine', LayerVersion: 1 }
      ]
    })
    expect(created.RequestId).toMatch(/^[0-9a-f-]{36}$/)
    const f = await c.GetFunction({ FunctionName: 'api', Namespace: 'default' })
    expect(f).toMatchObject({
      FunctionName: 'api',
      Namespace: 'default',
      Runtime: 'Python3.9',
      Handler: 'index.main_handler',
      Status: 'Creating',
      Qualifier: '$LATEST'
    })
    expect(f.Layers).toEqual([
      expect.objectContaining({
        LayerName: 'other',
        LayerVersion: 2,
        Status: 'Active'
      }),
      expect.objectContaining({ LayerName: 'mine', LayerVersion: 1 })
    ])
    const busy = await rejection(
      c.UpdateFunctionConfiguration({
        FunctionName: 'api',
        Layers: [{ LayerName: 'mine', LayerVersion: 1 }]
      })
    )
    expect(busy.code).toBe('FailedOperation.UpdateFunctionConfiguration')
    await settings({ scfUpdateDelayMs: 50 })
    const again = await rejection(
      c.CreateFunction({ FunctionName: 'api', Code: { ZipFile: code() } })
    )
    expect(again.code).toBe('ResourceInUse.Function')
  })

  it('updates the full Layers list: Updating, then Active; refused while Updating', async () => {
    const c = client()
    await layer('other')
    await layer('mine')
    await layer('mine')
    await createFn('api', [
      ['other', 1],
      ['mine', 1]
    ])
    await settings({ scfUpdateDelayMs: 60_000 })
    await c.UpdateFunctionConfiguration({
      FunctionName: 'api',
      Namespace: 'default',
      Layers: [
        { LayerName: 'other', LayerVersion: 1 },
        { LayerName: 'mine', LayerVersion: 2 }
      ]
    })
    const during = await c.GetFunction({ FunctionName: 'api' })
    expect(during.Status).toBe('Updating')
    const busy = await rejection(
      c.UpdateFunctionConfiguration({ FunctionName: 'api', Description: 'x' })
    )
    expect(busy).toMatchObject({
      code: 'FailedOperation.UpdateFunctionConfiguration',
      message: '当前函数状态无法进行此操作，请在函数状态正常时重试。'
    })
    await control('reset', 'POST')
    await settings({ tencentActivationDelayMs: 20, scfUpdateDelayMs: 50 })
    await layer('mine')
    await layer('mine')
    await createFn('api', [['mine', 1]])
    await c.UpdateFunctionConfiguration({
      FunctionName: 'api',
      Layers: [{ LayerName: 'mine', LayerVersion: 2 }]
    })
    expect((await fnStatus(c, 'api')).Status).toBe('Active')
    expect(await layersOf(c, 'api')).toEqual([['mine', 2]])
    await c.UpdateFunctionConfiguration({
      FunctionName: 'api',
      Layers: [{ LayerName: '', LayerVersion: 0 }]
    })
    await fnStatus(c, 'api')
    expect(await layersOf(c, 'api')).toEqual([])
  })

  it('refuses a sixth layer, a missing layer or version, an unknown function', async () => {
    const c = client()
    for (const n of ['a', 'b', 'c', 'd', 'e', 'f']) await layer(n)
    const six = await rejection(
      c.CreateFunction({
        FunctionName: 'api',
        Code: { ZipFile: code() },
        Layers: ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => ({
          LayerName: n,
          LayerVersion: 1
        }))
      })
    )
    expect(six.code).toBe('InvalidParameterValue.Layers')
    await createFn('api', [['a', 1]])
    const version = await rejection(
      c.UpdateFunctionConfiguration({
        FunctionName: 'api',
        Layers: [{ LayerName: 'a', LayerVersion: 9 }]
      })
    )
    expect(version.code).toBe('ResourceNotFound.Layer')
    const other = await rejection(
      client('ap-shanghai').CreateFunction({
        FunctionName: 'api',
        Code: { ZipFile: code() },
        Layers: [{ LayerName: 'a', LayerVersion: 1 }]
      })
    )
    expect(other.code).toBe('ResourceNotFound.Layer')
    const missing = await rejection(c.GetFunction({ FunctionName: 'nope' }))
    expect(missing.code).toBe('ResourceNotFound.Function')
    const ns = await rejection(
      c.GetFunction({ FunctionName: 'api', Namespace: 'elsewhere' })
    )
    expect(ns.code).toBe('ResourceNotFound.Namespace')
    const noCode = await rejection(
      c.CreateFunction({ FunctionName: 'nocode' } as never)
    )
    expect(noCode.code).toBe('MissingParameter.Code')
  })

  it('ends an update UpdateFailed with its reason when told to, layers rolled back', async () => {
    const c = client()
    await layer('mine')
    await layer('mine')
    await createFn('api', [['mine', 1]])
    await settings({ scfUpdateOutcome: 'UpdateFailed' })
    await c.UpdateFunctionConfiguration({
      FunctionName: 'api',
      Layers: [{ LayerName: 'mine', LayerVersion: 2 }]
    })
    const f = await fnStatus(c, 'api')
    expect(f.Status).toBe('UpdateFailed')
    expect(f.StatusReasons?.[0]?.ErrorMessage).toContain('scfUpdateOutcome')
    expect(await layersOf(c, 'api')).toEqual([['mine', 1]])
  })

  it('lists functions per namespace and region, with paging and order', async () => {
    const c = client()
    await createFn('alpha', [])
    await createFn('beta', [])
    await createFn('gamma', [])
    await client('ap-shanghai').CreateFunction({
      FunctionName: 'elsewhere',
      Code: { ZipFile: code() }
    })
    const all = await c.ListFunctions({ Orderby: 'FunctionName', Order: 'ASC' })
    expect(all.TotalCount).toBe(3)
    expect(all.Functions?.map((f) => f.FunctionName)).toEqual([
      'alpha',
      'beta',
      'gamma'
    ])
    expect(all.Functions?.[0]).toMatchObject({
      Namespace: 'default',
      Status: 'Active',
      Runtime: 'Python3.9'
    })
    const page = await c.ListFunctions({
      Orderby: 'FunctionName',
      Order: 'DESC',
      Offset: 1,
      Limit: 1
    })
    expect(page.Functions?.map((f) => f.FunctionName)).toEqual(['beta'])
    expect((await c.ListFunctions({ SearchKey: 'mm' })).TotalCount).toBe(1)
    const log = (await control('calls')) as CallRecord[]
    const writes = new Set(
      log
        .filter((r) => /Function/.test(r.operation))
        .map((r) => `${r.operation}:${r.write}`)
    )
    expect([...writes].sort()).toEqual([
      'CreateFunction:true',
      'GetFunction:false',
      'ListFunctions:false'
    ])
  })

  it('applies scripted faults to the function calls', async () => {
    const c = client()
    await createFn('api', [])
    await control('faults', 'POST', {
      service: 'scf',
      operation: 'UpdateFunctionConfiguration',
      kind: 'throttle',
      times: 1
    })
    const e = await rejection(
      c.UpdateFunctionConfiguration({ FunctionName: 'api', Description: 'd' })
    )
    expect(e.code).toBe('RequestLimitExceeded')
    await c.UpdateFunctionConfiguration({
      FunctionName: 'api',
      Description: 'd'
    })
    expect((await fnStatus(c, 'api')).Description).toBe('d')
  })
})

describe('SCF layers as Tencent behaves (issue 11 §4)', () => {
  it('hides a new version from GetLayerVersion for scfReadAfterWriteLagMs', async () => {
    const c = client()
    await settings({ scfReadAfterWriteLagMs: 60_000 })
    const z = new AdmZip()
    z.addFile('a.py', Buffer.from('a'))
    const r = await c.PublishLayerVersion({
      LayerName: 'lag',
      CompatibleRuntimes: ['Python3.9'],
      Content: { ZipFile: z.toBuffer().toString('base64') }
    })
    const e = await rejection(
      c.GetLayerVersion({ LayerName: 'lag', LayerVersion: r.LayerVersion! })
    )
    expect(e.code).toBe('ResourceNotFound.LayerVersion')
    await settings({ scfReadAfterWriteLagMs: 100 })
    await c.PublishLayerVersion({
      LayerName: 'lag',
      CompatibleRuntimes: ['Python3.9'],
      Content: { ZipFile: z.toBuffer().toString('base64') }
    })
    const seen = await until(
      () =>
        c
          .GetLayerVersion({ LayerName: 'lag', LayerVersion: 2 })
          .then((v) => v.Status)
          .catch((err: SdkError) => err.code),
      (s) => s !== 'ResourceNotFound.LayerVersion'
    )
    expect(['Publishing', 'Active']).toContain(seen)
  })

  it('answers ResourceInUse while another version is Publishing only when switched on', async () => {
    const c = client()
    await settings({ tencentActivationDelayMs: 60_000 })
    const content = { ZipFile: code() }
    const publish = () =>
      c.PublishLayerVersion({
        LayerName: 'busy',
        CompatibleRuntimes: ['Python3.9'],
        Content: content
      })
    await publish()
    expect((await publish()).LayerVersion).toBe(2)
    await settings({ scfPublishConflict: true })
    const e = await rejection(publish())
    expect(e.code).toBe('ResourceInUse')
  })

  it('deletes asynchronously: Deleting for scfDeleteDelayMs, then gone', async () => {
    const c = client()
    await layer('gone')
    await layer('gone')
    await settings({ scfDeleteDelayMs: 60_000 })
    await c.DeleteLayerVersion({ LayerName: 'gone', LayerVersion: 1 })
    const got = await c.GetLayerVersion({ LayerName: 'gone', LayerVersion: 1 })
    expect(got.Status).toBe('Deleting')
    const list = await c.ListLayerVersions({ LayerName: 'gone' })
    expect(list.LayerVersions?.map((v) => [v.LayerVersion, v.Status])).toEqual([
      [2, 'Active'],
      [1, 'Deleting']
    ])
    const twice = await rejection(
      c.DeleteLayerVersion({ LayerName: 'gone', LayerVersion: 1 })
    )
    expect(twice.code).toBe('FailedOperation.OperationConflict')
    const bind = await rejection(
      c.CreateFunction({
        FunctionName: 'api',
        Code: { ZipFile: code() },
        Layers: [{ LayerName: 'gone', LayerVersion: 1 }]
      })
    )
    expect(bind.code).toBe('InvalidParameterValue.Layers')
    await settings({ scfDeleteDelayMs: 50 })
    await c.DeleteLayerVersion({ LayerName: 'gone', LayerVersion: 2 })
    const code2 = await until(
      () =>
        c
          .GetLayerVersion({ LayerName: 'gone', LayerVersion: 2 })
          .then((v) => v.Status)
          .catch((err: SdkError) => err.code),
      (s) => s !== 'Deleting'
    )
    expect(code2).toBe('ResourceNotFound.LayerVersion')
  })

  it('refuses to delete a version bound to a function (ResourceInUse.LayerVersion)', async () => {
    const c = client()
    await layer('held')
    await layer('held')
    await createFn('api', [['held', 1]])
    const e = await rejection(
      c.DeleteLayerVersion({ LayerName: 'held', LayerVersion: 1 })
    )
    expect(e.code).toBe('ResourceInUse.LayerVersion')
    expect(e.message).toContain('default/api')
    await c.DeleteLayerVersion({ LayerName: 'held', LayerVersion: 2 })
    await c.UpdateFunctionConfiguration({
      FunctionName: 'api',
      Layers: [{ LayerName: '', LayerVersion: 0 }]
    })
    await fnStatus(c, 'api')
    await c.DeleteLayerVersion({ LayerName: 'held', LayerVersion: 1 })
    const gone = await rejection(
      c.GetLayerVersion({ LayerName: 'held', LayerVersion: 1 })
    )
    expect(gone.code).toBe('ResourceNotFound.LayerVersion')
  })
})

// COS-sourced function code shares the layer's package reader.
describe('CreateFunction from COS', () => {
  let confDir: string
  beforeAll(() => {
    confDir = mkdtempSync(join(tmpdir(), 'cos-conf-'))
  })
  afterAll(() => rmSync(confDir, { recursive: true, force: true }))

  it('reads the code from a bucket given without -appid', async () => {
    await control('buckets', 'POST', {
      name: 'code-1250000000',
      region: 'ap-guangzhou',
      service: 'cos'
    })
    const storage = new COS({
      SecretId: t.secretId,
      SecretKey: t.secretKey,
      Protocol: 'http:',
      Ip: t.storageEndpoint.replace(/^http:\/\//, ''),
      AutoSwitchHost: false,
      ConfCwd: confDir
    })
    const body = Buffer.from(code(), 'base64')
    await storage.putObject({
      Bucket: 'code-1250000000',
      Region: 'ap-guangzhou',
      Key: 'fn/code.zip',
      Body: body
    })
    const c = client()
    await c.CreateFunction({
      FunctionName: 'fromcos',
      Code: { CosBucketName: 'code', CosObjectName: '/fn/code.zip' }
    })
    const f = await fnStatus(c, 'fromcos')
    expect(f.CodeSize).toBe(body.length)
    const missing = await rejection(
      c.CreateFunction({
        FunctionName: 'nocode',
        Code: { CosBucketName: 'code', CosObjectName: '/fn/none.zip' }
      })
    )
    expect(missing.code).toBe('InvalidParameterValue.Cos')
  })
})
