/**
 * Roll forward safely, end to end: the bundled action moves functions to the
 * new layer version in place, against the emulators, with the functions set
 * up by the real AWS and Tencent SDKs.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  CreateFunctionCommand,
  GetAliasCommand,
  GetFunctionConfigurationCommand,
  PublishLayerVersionCommand,
  UpdateFunctionConfigurationCommand
} from '@aws-sdk/client-lambda'
import { runAction, startAction } from './helpers/action.js'
import { startTestEmulators, type EmulatorHandle } from './helpers/emulator.js'
import { makeWorkspace } from './helpers/workspace.js'

let emu: EmulatorHandle
beforeAll(async () => {
  emu = await startTestEmulators()
})
afterAll(async () => {
  await emu?.close()
})
beforeEach(async () => {
  await emu.reset()
  await emu.settings({
    lambdaUpdateDelayMs: 150,
    scfUpdateDelayMs: 150,
    tencentActivationDelayMs: 100
  })
})

const ACCOUNT = '123456789012'
const layerArn = (region: string, name: string) =>
  `arn:aws:lambda:${region}:${ACCOUNT}:layer:${name}`

async function awsLayer(region: string, name: string, text: string) {
  const { default: AdmZip } = await import('adm-zip')
  const zip = new AdmZip()
  zip.addFile('python/x.py', Buffer.from(text))
  return emu.lambdaClient(region).send(
    new PublishLayerVersionCommand({
      LayerName: name,
      Content: { ZipFile: zip.toBuffer() },
      CompatibleRuntimes: ['python3.12']
    })
  )
}

async function awsFunction(region: string, name: string, layers: string[]) {
  const { default: AdmZip } = await import('adm-zip')
  const zip = new AdmZip()
  zip.addFile('index.py', Buffer.from('def handler(e, c): return 1\n'))
  await emu.lambdaClient(region).send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'python3.12',
      Role: `arn:aws:iam::${ACCOUNT}:role/lambda`,
      Handler: 'index.handler',
      Code: { ZipFile: zip.toBuffer() },
      Layers: layers
    })
  )
}

const layersOf = async (region: string, name: string) =>
  (
    await emu
      .lambdaClient(region)
      .send(new GetFunctionConfigurationCommand({ FunctionName: name }))
  ).Layers?.map((l) => l.Arn)

function awsInputs(extra: Record<string, string>): Record<string, string> {
  return {
    'endpoint-url': emu.info.aws.endpoint,
    'storage-endpoint-url': emu.info.aws.endpoint,
    region: 'us-east-1',
    'layer-name': 'this-layer',
    path: 'python/**',
    'compatible-runtimes': 'python3.12',
    ...extra
  }
}

const workspace = () => makeWorkspace({ 'python/lib.py': 'VERSION = 2\n' })

describe('update-functions on AWS', () => {
  it('moves [other:2, this:1] to [other:2, this:2]; a second run changes nothing', async () => {
    await awsLayer('us-east-1', 'other-layer', 'o1')
    await awsLayer('us-east-1', 'other-layer', 'o2')
    await awsLayer('us-east-1', 'this-layer', 't1')
    const other2 = `${layerArn('us-east-1', 'other-layer')}:2`
    await awsFunction('us-east-1', 'api', [
      other2,
      `${layerArn('us-east-1', 'this-layer')}:1`
    ])
    const ws = workspace()
    const inputs = awsInputs({ 'update-functions': 'api' })
    const first = await runAction({ workspace: ws, env: emu.awsEnv(), inputs })
    expect(first.errors, first.stdout).toEqual([])
    expect(first.outputs['layer-version']).toBe('2')
    expect(await layersOf('us-east-1', 'api')).toEqual([
      other2,
      `${layerArn('us-east-1', 'this-layer')}:2`
    ])
    expect(JSON.parse(first.outputs.results!)[0].functions).toEqual([
      { name: 'api', from: 1, to: 2, status: 'updated' }
    ])
    expect(first.summary).toMatch(/api/)

    const writesBefore = (await emu.writes()).length
    const second = await runAction({ workspace: ws, env: emu.awsEnv(), inputs })
    expect(second.code, second.stdout).toBe(0)
    expect(JSON.parse(second.outputs.results!)[0].functions).toEqual([
      { name: 'api', from: 2, to: 2, status: 'up to date' }
    ])
    expect((await emu.writes()).length).toBe(writesBefore)
  })

  it('a function not using the layer fails that function only, before any update of it', async () => {
    await awsLayer('us-east-1', 'this-layer', 't1')
    await awsLayer('us-east-1', 'other-layer', 'o1')
    await awsFunction('us-east-1', 'api', [
      `${layerArn('us-east-1', 'this-layer')}:1`
    ])
    await awsFunction('us-east-1', 'typo', [
      `${layerArn('us-east-1', 'other-layer')}:1`
    ])
    const run = await runAction({
      workspace: workspace(),
      env: emu.awsEnv(),
      inputs: awsInputs({ 'update-functions': 'typo, api' })
    })
    expect(run.code).toBe(1)
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toMatch(
      /us-east-1: function typo: does not use layer arn:aws:lambda:us-east-1:123456789012:layer:this-layer/
    )
    expect(await layersOf('us-east-1', 'typo')).toEqual([
      `${layerArn('us-east-1', 'other-layer')}:1`
    ])
    expect(await layersOf('us-east-1', 'api')).toEqual([
      `${layerArn('us-east-1', 'this-layer')}:2`
    ])
  })

  it('an update racing another converges (RevisionId), and the alias moves to a new function version', async () => {
    await awsLayer('us-east-1', 'this-layer', 't1')
    await awsLayer('us-east-1', 'other-layer', 'o1')
    await awsFunction('us-east-1', 'api', [
      `${layerArn('us-east-1', 'this-layer')}:1`
    ])
    // Someone else changes the function while the step runs: the first
    // UpdateFunctionConfiguration is held until their change lands.
    await emu.fault({
      service: 'lambda',
      operation: 'UpdateFunctionConfiguration',
      kind: 'hold',
      times: 1
    })
    const started = startAction({
      workspace: workspace(),
      env: emu.awsEnv(),
      inputs: awsInputs({
        'update-functions': 'api',
        'publish-function-version': 'true',
        'function-alias': 'live'
      })
    })
    await emu.waitForHeld('UpdateFunctionConfiguration')
    await emu.lambdaClient().send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'api',
        Description: 'changed by someone else'
      })
    )
    await emu.release()
    const run = await started.result
    expect(run.errors, run.stdout).toEqual([])
    const [fn] = JSON.parse(run.outputs.results!)[0].functions
    expect(fn).toMatchObject({
      name: 'api',
      from: 1,
      to: 2,
      status: 'updated',
      version: '1',
      alias: 'live'
    })
    const config = await emu
      .lambdaClient()
      .send(new GetFunctionConfigurationCommand({ FunctionName: 'api' }))
    expect(config.Description).toBe('changed by someone else')
    expect(config.Layers?.map((l) => l.Arn)).toEqual([
      `${layerArn('us-east-1', 'this-layer')}:2`
    ])
    const alias = await emu
      .lambdaClient()
      .send(new GetAliasCommand({ FunctionName: 'api', Name: 'live' }))
    expect(alias.FunctionVersion).toBe('1')
  })

  it('three regions each update their own functions', async () => {
    const regions = ['us-east-1', 'eu-west-1', 'ap-southeast-2']
    for (const r of regions) {
      await awsLayer(r, 'this-layer', `t1-${r}`)
      await awsFunction(r, 'api', [`${layerArn(r, 'this-layer')}:1`])
    }
    await awsFunction('eu-west-1', 'eu-only', [
      `${layerArn('eu-west-1', 'this-layer')}:1`
    ])
    const run = await runAction({
      workspace: workspace(),
      env: emu.awsEnv(),
      inputs: awsInputs({
        region: regions.join(','),
        'update-functions': `api\narn:aws:lambda:eu-west-1:${ACCOUNT}:function:eu-only`
      })
    })
    expect(run.errors, run.stdout).toEqual([])
    const results = JSON.parse(run.outputs.results!) as Array<{
      region: string
      functions: Array<{ name: string }>
    }>
    expect(
      results.map((r) => [r.region, r.functions.map((f) => f.name)])
    ).toEqual([
      ['us-east-1', ['api']],
      [
        'eu-west-1',
        ['api', `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:eu-only`]
      ],
      ['ap-southeast-2', ['api']]
    ])
    for (const r of regions) {
      expect(await layersOf(r, 'api')).toEqual([
        `${layerArn(r, 'this-layer')}:2`
      ])
    }
  })

  it('keep-versions 1 keeps the version a function still uses and says which function holds it', async () => {
    await awsLayer('us-east-1', 'this-layer', 't1')
    await awsLayer('us-east-1', 'this-layer', 't2')
    await awsFunction('us-east-1', 'pinned', [
      `${layerArn('us-east-1', 'this-layer')}:1`
    ])
    const run = await runAction({
      workspace: workspace(),
      env: emu.awsEnv(),
      inputs: awsInputs({ 'keep-versions': '1' })
    })
    expect(run.errors, run.stdout).toEqual([])
    const [row] = JSON.parse(run.outputs.results!)
    expect(row.version).toBe(3)
    expect(row.deletedVersions).toEqual([2])
    expect(row.keptInUse).toEqual([{ version: 1, functions: ['pinned'] }])
    expect(run.stdout).toMatch(/kept version 1, used by pinned/)
  })

  it('a dry run plans each update and writes nothing', async () => {
    await awsLayer('us-east-1', 'this-layer', 't1')
    await awsFunction('us-east-1', 'api', [
      `${layerArn('us-east-1', 'this-layer')}:1`
    ])
    const writes = (await emu.writes()).length
    const run = await runAction({
      workspace: workspace(),
      env: emu.awsEnv(),
      inputs: awsInputs({ 'update-functions': 'api', 'dry-run': 'true' })
    })
    expect(run.errors, run.stdout).toEqual([])
    expect(run.stdout).toMatch(/would move api from :1 to :2/)
    expect((await emu.writes()).length).toBe(writes)
  })

  it.each([
    [{ 'update-functions': 'bad name!' }, 'update-functions'],
    [
      { 'update-functions': 'arn:aws:lambda:us-east-1:123:function:f' },
      'update-functions'
    ],
    [{ 'update-functions': 'f', 'function-alias': 'live' }, 'function-alias']
  ])('bad input %j fails before any call', async (extra, input) => {
    const run = await runAction({
      workspace: workspace(),
      env: emu.awsEnv(),
      inputs: awsInputs(extra)
    })
    expect(run.code).toBe(1)
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toMatch(new RegExp(`^Input '${input}': `))
    expect(await emu.calls()).toEqual([])
  })
})

describe('update-functions on Tencent', () => {
  function tc(extra: Record<string, string>): Record<string, string> {
    const t = emu.info.tencent!
    return {
      provider: 'tencent',
      region: t.region,
      'endpoint-url': t.endpoint,
      'storage-endpoint-url': t.storageEndpoint,
      'compatible-runtimes': 'Python3.9',
      'layer-name': 'this-layer',
      path: 'python/**',
      ...extra
    }
  }
  async function scfLayer(name: string, text: string) {
    const { default: AdmZip } = await import('adm-zip')
    const zip = new AdmZip()
    zip.addFile('x.py', Buffer.from(text))
    await emu.scfClient().PublishLayerVersion({
      LayerName: name,
      CompatibleRuntimes: ['Python3.9'],
      Content: { ZipFile: zip.toBuffer().toString('base64') }
    })
  }
  async function scfFunction(name: string, layers: Array<[string, number]>) {
    const { default: AdmZip } = await import('adm-zip')
    const zip = new AdmZip()
    zip.addFile('index.py', Buffer.from('def main_handler(e, c): return 1\n'))
    await emu.scfClient().CreateFunction({
      FunctionName: name,
      Namespace: 'default',
      Runtime: 'Python3.9',
      Handler: 'index.main_handler',
      Code: { ZipFile: zip.toBuffer().toString('base64') },
      Layers: layers.map(([LayerName, LayerVersion]) => ({
        LayerName,
        LayerVersion
      }))
    })
  }
  const layersOfScf = async (name: string) =>
    (
      await emu
        .scfClient()
        .GetFunction({ FunctionName: name, Namespace: 'default' })
    ).Layers?.map((l) => [l.LayerName, l.LayerVersion])

  it('moves [other:2, this:1] to [other:2, this:2], waits until Active; a second run changes nothing', async () => {
    await scfLayer('other-layer', 'o1')
    await scfLayer('other-layer', 'o2')
    await scfLayer('this-layer', 't1')
    await scfFunction('api', [
      ['other-layer', 2],
      ['this-layer', 1]
    ])
    const ws = workspace()
    const inputs = tc({ 'update-functions': 'api' })
    const first = await runAction({
      workspace: ws,
      env: emu.tencentEnv(),
      inputs
    })
    expect(first.errors, first.stdout).toEqual([])
    expect(await layersOfScf('api')).toEqual([
      ['other-layer', 2],
      ['this-layer', 2]
    ])
    expect(JSON.parse(first.outputs.results!)[0].functions).toEqual([
      { name: 'api', from: 1, to: 2, status: 'updated' }
    ])
    const second = await runAction({
      workspace: ws,
      env: emu.tencentEnv(),
      inputs
    })
    expect(JSON.parse(second.outputs.results!)[0].functions).toEqual([
      { name: 'api', from: 2, to: 2, status: 'up to date' }
    ])
  })

  it('keep-versions keeps a version bound to a function (ResourceInUse.LayerVersion)', async () => {
    await scfLayer('this-layer', 't1')
    await scfLayer('this-layer', 't2')
    await scfFunction('pinned', [['this-layer', 1]])
    const run = await runAction({
      workspace: workspace(),
      env: emu.tencentEnv(),
      inputs: tc({ 'keep-versions': '1' })
    })
    expect(run.errors, run.stdout).toEqual([])
    const [row] = JSON.parse(run.outputs.results!)
    expect(row.version).toBe(3)
    expect(row.keptInUse).toEqual([{ version: 1, functions: [] }])
    expect(row.deletedVersions).toEqual([2])
  })

  it('publish-function-version with Tencent fails before any call', async () => {
    const run = await runAction({
      workspace: workspace(),
      env: emu.tencentEnv(),
      inputs: tc({
        'update-functions': 'api',
        'publish-function-version': 'true'
      })
    })
    expect(run.code).toBe(1)
    expect(run.errors[0]).toMatch(/^Input 'publish-function-version': /)
    expect(await emu.calls()).toEqual([])
  })
})
