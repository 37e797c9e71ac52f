/**
 * End to end, Tencent: skip unchanged, many regions through COS, retention
 * and dry run, through dist/index.js against the SCF + COS emulator.
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
  await emu.settings({ tencentActivationDelayMs: 50 })
})

const run = (ws: string, inputs: Record<string, string>) => {
  const t = emu.info.tencent!
  return runAction({
    workspace: ws,
    env: emu.tencentEnv(),
    inputs: {
      provider: 'tencent',
      region: t.region,
      'endpoint-url': t.endpoint,
      'storage-endpoint-url': t.storageEndpoint,
      'compatible-runtimes': 'Python3.9',
      'layer-name': 'policy',
      path: '**',
      ...inputs
    }
  })
}
const published = async () =>
  (await emu.calls()).filter(
    (c) => c.operation === 'PublishLayerVersion' && !c.errorCode
  ).length

describe('Tencent policy', () => {
  it('skips unchanged content (hex sha compared), publishes on one byte or a description change', async () => {
    const ws = makeWorkspace({ 'mod.py': 'x = 1\n' })
    expect((await run(ws, { description: 'a' })).outputs).toMatchObject({
      'layer-version': '1',
      published: 'true'
    })
    const before = (await emu.calls()).length
    const again = await run(ws, { description: 'a' })
    expect(again.code, again.stdout).toBe(0)
    expect(again.outputs).toMatchObject({
      'layer-version': '1',
      published: 'false'
    })
    expect(JSON.parse(again.outputs.results!)[0].status).toBe('unchanged')
    expect((await emu.calls()).slice(before).filter((c) => c.write)).toEqual([])
    writeFileSync(join(ws, 'mod.py'), 'x = 2\n')
    expect((await run(ws, { description: 'a' })).outputs['layer-version']).toBe(
      '2'
    )
    expect((await run(ws, { description: 'b' })).outputs['layer-version']).toBe(
      '3'
    )
    expect(await published()).toBe(3)
  })

  it('publishes to three regions through each region COS bucket; a failing region is named', async () => {
    const appId = emu.info.tencent!.appId
    const regions = ['ap-guangzhou', 'ap-shanghai', 'ap-beijing']
    for (const r of regions)
      await emu.createBucket(`layers-${r}-${appId}`, r, 'cos')
    const ws = makeWorkspace({
      'blob.bin': seededBytes(7 * 1024 * 1024, 'tc-regions')
    })
    const ok = await run(ws, {
      region: regions.join(','),
      bucket: `layers-{region}-${appId}`
    })
    expect(ok.errors, ok.stdout).toEqual([])
    const results = JSON.parse(ok.outputs.results!)
    expect(
      results.map((r: { region: string; version: number; status: string }) => [
        r.region,
        r.version,
        r.status
      ])
    ).toEqual(regions.map((r) => [r, 1, 'published']))
    const key = `publish-layer/policy/${ok.outputs['archive-sha256']}.zip`
    const state = (await emu.state()) as {
      buckets: Array<{
        name: string
        service: string
        region: string
        objects: Array<{ key: string }>
      }>
    }
    for (const r of regions) {
      const b = state.buckets.find(
        (x) => x.service === 'cos' && x.name === `layers-${r}-${appId}`
      )!
      expect(b.objects.map((o) => o.key)).toEqual([key])
    }

    await emu.reset()
    await emu.settings({ tencentActivationDelayMs: 50 })
    for (const r of regions)
      await emu.createBucket(`layers-${r}-${appId}`, r, 'cos')
    await emu.fault({
      service: 'scf',
      operation: 'PublishLayerVersion',
      region: 'ap-shanghai',
      kind: 'error',
      code: 'UnauthorizedOperation.CAM',
      message: 'CAM denied'
    })
    const bad = await run(ws, {
      region: regions.join(','),
      bucket: `layers-{region}-${appId}`
    })
    expect(bad.code).toBe(1)
    expect(bad.errors).toHaveLength(1)
    expect(bad.errors[0]).toMatch(
      /Publishing failed in 1 of 3 regions:\nap-shanghai: scf:PublishLayerVersion failed in ap-shanghai/
    )
    expect(
      JSON.parse(bad.outputs.results!).map((r: { status: string }) => r.status)
    ).toEqual(['published', 'failed', 'published'])
  })

  it('keep-versions: 2 after five publishes leaves versions 4 and 5', async () => {
    const ws = makeWorkspace({ 'mod.py': '0' })
    for (let i = 1; i <= 5; i++) {
      writeFileSync(join(ws, 'mod.py'), String(i))
      const r = await run(ws, i === 5 ? { 'keep-versions': '2' } : {})
      expect(r.code, r.stdout).toBe(0)
      if (i === 5)
        expect(JSON.parse(r.outputs.results!)[0].deletedVersions).toEqual([
          3, 2, 1
        ])
    }
    expect(
      (await emu.calls()).filter(
        (c) => c.operation === 'DeleteLayerVersion' && !c.errorCode
      )
    ).toHaveLength(3)
  })

  it('dry run makes zero write calls and describes the plan', async () => {
    const ws = makeWorkspace({ 'mod.py': 'one' })
    await run(ws, {})
    writeFileSync(join(ws, 'mod.py'), 'two')
    const before = (await emu.calls()).length
    const r = await run(ws, { 'dry-run': 'true', 'keep-versions': '1' })
    expect(r.code, r.stdout).toBe(0)
    expect((await emu.calls()).slice(before).filter((c) => c.write)).toEqual([])
    expect(JSON.parse(r.outputs.results!)[0]).toMatchObject({
      status: 'planned',
      version: null,
      storage: 'inline',
      deletedVersions: [1]
    })
  })
})
