/**
 * End to end, AWS: skip unchanged, many regions, sharing, retention and dry
 * run, through dist/index.js against the emulator.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runAction } from './helpers/action.js'
import { startTestEmulators, type EmulatorHandle } from './helpers/emulator.js'
import { makeWorkspace, seededBytes } from './helpers/workspace.js'

let emu: EmulatorHandle
beforeAll(async () => {
  emu = await startTestEmulators()
})
afterAll(async () => {
  await emu?.close()
})
beforeEach(async () => {
  await emu.reset()
})

const run = (ws: string, inputs: Record<string, string>) =>
  runAction({
    workspace: ws,
    env: emu.awsEnv(),
    inputs: {
      'endpoint-url': emu.info.aws.endpoint,
      'storage-endpoint-url': emu.info.aws.endpoint,
      region: 'us-east-1',
      'layer-name': 'policy',
      path: 'python/**',
      ...inputs
    }
  })

const publishes = async () =>
  (await emu.calls()).filter(
    (c) => c.operation === 'PublishLayerVersion' && c.status === 201
  ).length

describe('skip unchanged', () => {
  it('re-running on the same files publishes nothing; one byte or the description publishes', async () => {
    const ws = makeWorkspace({ 'python/a.py': 'print("a")\n' })
    const first = await run(ws, { description: 'v1' })
    expect(first.code, first.stdout).toBe(0)
    expect(first.outputs).toMatchObject({
      'layer-version': '1',
      published: 'true'
    })
    const before = (await emu.calls()).length
    const again = await run(ws, { description: 'v1' })
    expect(again.code, again.stdout).toBe(0)
    expect(again.outputs).toMatchObject({
      'layer-version': '1',
      published: 'false'
    })
    expect(JSON.parse(again.outputs.results!)[0]).toMatchObject({
      status: 'unchanged',
      version: 1
    })
    const after = (await emu.calls()).slice(before)
    expect(after.filter((c) => c.write)).toEqual([])
    expect(again.summary).toContain('unchanged')

    writeFileSync(join(ws, 'python', 'a.py'), 'print("b")\n')
    const changed = await run(ws, { description: 'v1' })
    expect(changed.outputs).toMatchObject({
      'layer-version': '2',
      published: 'true'
    })
    const described = await run(ws, { description: 'v2' })
    expect(described.outputs).toMatchObject({
      'layer-version': '3',
      published: 'true'
    })
    expect(await publishes()).toBe(3)
  })
  it('skip-unchanged: false always publishes', async () => {
    const ws = makeWorkspace({ 'python/a.py': 'x' })
    await run(ws, {})
    const r = await run(ws, { 'skip-unchanged': 'false' })
    expect(r.outputs['layer-version']).toBe('2')
  })
})

describe('many regions', () => {
  const regions = ['us-east-1', 'eu-west-1', 'ap-southeast-2']
  const big = () =>
    makeWorkspace({
      'python/blob.bin': seededBytes(51 * 1024 * 1024, 'regions')
    })

  it('publishes one archive to three regions through each region bucket', async () => {
    for (const r of regions) await emu.createBucket(`layers-${r}`, r)
    const r = await run(big(), {
      region: regions.join(', '),
      bucket: 'layers-{region}'
    })
    expect(r.errors, r.stdout).toEqual([])
    expect(r.code).toBe(0)
    const results = JSON.parse(r.outputs.results!)
    expect(
      results.map((x: { region: string; version: number; status: string }) => [
        x.region,
        x.version,
        x.status
      ])
    ).toEqual(regions.map((reg) => [reg, 1, 'published']))
    expect(r.outputs['layer-version-arn']).toBe(
      'arn:aws:lambda:us-east-1:123456789012:layer:policy:1'
    )
    const key = `publish-layer/policy/${r.outputs['archive-sha256']}.zip`
    const state = (await emu.state()) as {
      buckets: Array<{
        name: string
        region: string
        service: string
        objects: Array<{ key: string }>
      }>
    }
    for (const reg of regions) {
      const b = state.buckets.find(
        (x) => x.name === `layers-${reg}` && x.service === 's3'
      )!
      expect(b.region).toBe(reg)
      expect(b.objects.map((o) => o.key)).toEqual([key])
    }
    const packaged = r.stdout.match(/Packaging \d+ files/g) ?? []
    expect(packaged).toHaveLength(1)
    for (const reg of regions) expect(r.summary).toContain(`| ${reg} | 1 |`)
  })

  it('one failing region: the others publish, the step fails naming it, results show all three', async () => {
    for (const r of regions) await emu.createBucket(`layers-${r}`, r)
    await emu.fault({
      service: 'lambda',
      operation: 'PublishLayerVersion',
      region: 'eu-west-1',
      kind: 'error',
      status: 403,
      code: 'AccessDeniedException',
      message: 'User is not authorized to perform: lambda:PublishLayerVersion'
    })
    const r = await run(big(), {
      region: regions.join(', '),
      bucket: 'layers-{region}'
    })
    expect(r.code).toBe(1)
    expect(r.errors).toHaveLength(1)
    expect(r.errors[0]).toMatch(
      /Publishing failed in 1 of 3 regions:\neu-west-1: lambda:PublishLayerVersion failed in eu-west-1: AccessDeniedException/
    )
    const results = JSON.parse(r.outputs.results!)
    expect(
      results.map((x: { region: string; status: string }) => [
        x.region,
        x.status
      ])
    ).toEqual([
      ['us-east-1', 'published'],
      ['eu-west-1', 'failed'],
      ['ap-southeast-2', 'published']
    ])
    expect(results[1].error).toMatch(/lambda:PublishLayerVersion/)
    expect(r.summary).toMatch(/eu-west-1.*failed/)
  })
})

describe('sharing', () => {
  it('share-with twice on the same version leaves one statement per principal', async () => {
    const ws = makeWorkspace({ 'python/a.py': 'share' })
    const inputs = { 'share-with': '123456789012, o-abc123def4, public' }
    const first = await run(ws, inputs)
    expect(first.code, first.stdout).toBe(0)
    const second = await run(ws, inputs)
    expect(second.code, second.stdout).toBe(0)
    expect(second.outputs).toMatchObject({
      'layer-version': '1',
      published: 'false'
    })
    const res = await fetch(`${emu.info.aws.endpoint}/_emulator/state`)
    const state = (await res.json()) as Record<string, unknown>
    const text = JSON.stringify(state)
    for (const sid of [
      'publish-layer-123456789012',
      'publish-layer-o-abc123def4',
      'publish-layer-public'
    ]) {
      expect(text.split(`"${sid}"`).length - 1, sid).toBe(1)
    }
    const adds = (await emu.calls()).filter(
      (c) => c.operation === 'AddLayerVersionPermission'
    )
    expect(adds.map((c) => c.status)).toEqual([201, 201, 201, 409, 409, 409])
  })
})

describe('retention', () => {
  it('keep-versions: 2 after five publishes leaves versions 4 and 5', async () => {
    const ws = makeWorkspace({ 'python/a.py': '0' })
    for (let i = 1; i <= 5; i++) {
      writeFileSync(join(ws, 'python', 'a.py'), String(i))
      const r = await run(ws, i === 5 ? { 'keep-versions': '2' } : {})
      expect(r.code, r.stdout).toBe(0)
      expect(r.outputs['layer-version']).toBe(String(i))
      if (i === 5) {
        expect(JSON.parse(r.outputs.results!)[0].deletedVersions).toEqual([
          3, 2, 1
        ])
        expect(r.summary).toContain('deleted versions 3, 2, 1')
      }
    }
    const deletes = (await emu.calls()).filter(
      (c) => c.operation === 'DeleteLayerVersion'
    )
    expect(deletes).toHaveLength(3)
  })
})

describe('dry run', () => {
  it('makes zero write calls and describes the plan', async () => {
    const ws = makeWorkspace({ 'python/a.py': 'one' })
    await run(ws, {})
    writeFileSync(join(ws, 'python', 'a.py'), 'two')
    const before = (await emu.calls()).length
    const r = await run(ws, {
      'dry-run': 'true',
      'keep-versions': '1',
      'share-with': '123456789012',
      upload: 'always',
      bucket: 'layers-{region}'
    })
    expect(r.code, r.stdout).toBe(0)
    const during = (await emu.calls()).slice(before)
    expect(during.length).toBeGreaterThan(0)
    expect(during.filter((c) => c.write)).toEqual([])
    expect(r.outputs.published).toBe('false')
    expect(JSON.parse(r.outputs.results!)[0]).toMatchObject({
      status: 'planned',
      version: null,
      storage: `layers-us-east-1/publish-layer/policy/${r.outputs['archive-sha256']}.zip`,
      deletedVersions: [1],
      sharedWith: ['123456789012']
    })
    expect(r.summary).toMatch(/Dry run: nothing was written/)
    expect(r.summary).toContain('would delete version 1')
  })
})
