/**
 * End to end, Tencent: dist/index.js with the real SCF and COS SDKs against
 * the project's TC3- and q-sign-verifying emulator.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { runAction } from './helpers/action.js'
import { startTestEmulators, type EmulatorHandle } from './helpers/emulator.js'
import { makeWorkspace, seededBytes, sha256Hex } from './helpers/workspace.js'

let emu: EmulatorHandle
beforeAll(async () => {
  emu = await startTestEmulators()
})
afterAll(async () => {
  await emu?.close()
})
beforeEach(async () => {
  await emu.reset()
  await emu.settings({ tencentActivationDelayMs: 200 })
})

function tc(inputs: Record<string, string>): Record<string, string> {
  const t = emu.info.tencent!
  return {
    provider: 'tencent',
    region: t.region,
    'endpoint-url': t.endpoint,
    'storage-endpoint-url': t.storageEndpoint,
    'compatible-runtimes': 'Nodejs18.15, Nodejs16.13',
    'layer-name': 'my-deps',
    path: 'node_modules/**',
    ...inputs
  }
}

describe('Tencent end to end', () => {
  it('publishes a small layer inline, waits until Active, outputs hex sha and no ARN', async () => {
    const ws = makeWorkspace({
      'node_modules/left-pad/index.js': 'module.exports = 1\n',
      'node_modules/left-pad/package.json': '{}'
    })
    const r = await runAction({
      workspace: ws,
      env: emu.tencentEnv(),
      inputs: tc({ tags: 'team=platform\nenv=prod' })
    })
    expect(r.errors, r.stdout + r.stderr).toEqual([])
    expect(r.code).toBe(0)
    const sha = sha256Hex(readFileSync(r.outputs['archive-path']!))
    expect(r.outputs).toMatchObject({
      'layer-version': '1',
      'layer-arn': '',
      'layer-version-arn': '',
      'code-sha256': sha,
      'archive-sha256': sha,
      published: 'true'
    })
    expect(JSON.parse(r.outputs.results!)[0]).toMatchObject({
      region: 'ap-guangzhou',
      layerName: 'my-deps',
      version: 1,
      storage: 'inline',
      status: 'published'
    })
    const calls = await emu.calls()
    const ops = calls.map((c) => c.operation)
    expect(ops).toContain('PublishLayerVersion')
    expect(
      ops.filter((o) => o === 'GetLayerVersion').length
    ).toBeGreaterThanOrEqual(1)
    expect(calls.some((c) => c.service === 'cos')).toBe(false)
    expect(r.summary).toContain('| ap-guangzhou | 1 | `my-deps:1` |')
  })

  it('sends a layer above 6 MiB through a COS multipart upload', async () => {
    const t = emu.info.tencent!
    await emu.createBucket(`my-layers-${t.appId}`, t.region, 'cos')
    const ws = makeWorkspace({
      'node_modules/big/blob.bin': seededBytes(7 * 1024 * 1024, 'tc')
    })
    const r = await runAction({
      workspace: ws,
      env: emu.tencentEnv(),
      inputs: tc({ bucket: `my-layers-${t.appId}` })
    })
    expect(r.errors, r.stdout + r.stderr).toEqual([])
    expect(r.code).toBe(0)
    const sha = r.outputs['archive-sha256']!
    const key = `publish-layer/my-deps/${sha}.zip`
    expect(JSON.parse(r.outputs.results!)[0]).toMatchObject({
      storage: `my-layers-${t.appId}/${key}`,
      status: 'published',
      version: 1
    })
    const writes = (await emu.writes()).map(
      (c) => `${c.service}:${c.operation}`
    )
    expect(writes).toContain('cos:InitiateMultipartUpload')
    expect(
      writes.filter((w) => w === 'cos:UploadPart').length
    ).toBeGreaterThanOrEqual(2)
    expect(writes).toContain('cos:CompleteMultipartUpload')
    expect(writes.at(-1)).toBe('scf:PublishLayerVersion')
    expect(r.outputs['code-sha256']).toBe(sha)
  })

  it('fails clearly when the version ends PublishFailed', async () => {
    await emu.settings({ tencentPublishOutcome: 'PublishFailed' })
    const ws = makeWorkspace({ 'node_modules/a/index.js': 'a' })
    const r = await runAction({
      workspace: ws,
      env: emu.tencentEnv(),
      inputs: tc({})
    })
    expect(r.code).toBe(1)
    expect(r.errors).toHaveLength(1)
    expect(r.errors[0]).toMatch(/PublishFailed/)
    expect(r.errors[0]).toMatch(/ap-guangzhou/)
    // The unusable version is removed, so it does not count toward the 200 cap.
    expect(r.errors[0]).toMatch(/it was deleted/)
    const deletes = (await emu.calls()).filter(
      (c) => c.operation === 'DeleteLayerVersion'
    )
    expect(deletes.map((c) => c.status)).toEqual([200])
  })

  it('fails after wait-timeout when the version stays Publishing', async () => {
    await emu.settings({ tencentActivationDelayMs: 60_000 })
    const ws = makeWorkspace({ 'node_modules/a/index.js': 'a' })
    const r = await runAction({
      workspace: ws,
      env: emu.tencentEnv(),
      inputs: tc({ 'wait-timeout': '2' })
    })
    expect(r.code).toBe(1)
    expect(r.errors[0]).toMatch(/wait-timeout/)
    expect(r.durationMs).toBeLessThan(20_000)
  })

  it('rejects a bad layer name before any call', async () => {
    const ws = makeWorkspace({ 'node_modules/a/index.js': 'a' })
    const r = await runAction({
      workspace: ws,
      env: emu.tencentEnv(),
      inputs: tc({ 'layer-name': '9-lives_' })
    })
    expect(r.code).toBe(1)
    expect(r.errors).toHaveLength(1)
    expect(r.errors[0]).toMatch(/^Input 'layer-name': must be 1-64 characters/)
    expect(await emu.calls()).toEqual([])
  })

  it('takes credentials from inputs with a session token, and never prints a secret', async () => {
    const t = emu.info.tencent!
    const ws = makeWorkspace({ 'node_modules/a/index.js': 'a' })
    const token = 'SESSION-TOKEN-e2e-5f1d'
    const r = await runAction({
      workspace: ws,
      env: {},
      inputs: tc({
        'tencent-secret-id': t.secretId,
        'tencent-secret-key': t.secretKey,
        'tencent-session-token': token
      })
    })
    expect(r.errors, r.stdout).toEqual([])
    expect(r.code).toBe(0)
    const seen = r.stdout + r.stderr + JSON.stringify(r.outputs) + r.summary
    const masked = seen
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n')
    for (const secret of [t.secretId, t.secretKey, token])
      expect(masked).not.toContain(secret)
    expect(r.stdout).toContain(`::add-mask::${t.secretKey}`)
    expect(r.stdout).toContain(`::add-mask::${token}`)
  })
})
