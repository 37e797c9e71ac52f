/**
 * Tencent as it really behaves, and AWS_PROFILE, end to end: the bundled
 * action against the emulator set to each behaviour Tencent documents or
 * shows (read-after-write lag, ResourceInUse while another version is
 * publishing, asynchronous delete, throttling subcodes, operation
 * conflicts, the COS bucket rule).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { runAction } from './helpers/action.js'
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
  await emu.settings({ tencentActivationDelayMs: 300 })
})

function tc(extra: Record<string, string> = {}): Record<string, string> {
  const t = emu.info.tencent!
  return {
    provider: 'tencent',
    region: t.region,
    'endpoint-url': t.endpoint,
    'storage-endpoint-url': t.storageEndpoint,
    'compatible-runtimes': 'Python3.9',
    'layer-name': 'fidelity',
    path: 'python/**',
    ...extra
  }
}

const ws = (text: string) => makeWorkspace({ 'python/a.py': text })
const run = (text: string, extra: Record<string, string> = {}) =>
  runAction({ workspace: ws(text), env: emu.tencentEnv(), inputs: tc(extra) })

describe('Tencent as it behaves, through the bundled action', () => {
  it('a version briefly not readable right after publishing is waited for, not failed', async () => {
    await emu.settings({ scfReadAfterWriteLagMs: 1500 })
    const r = await run('lag')
    expect(r.errors, r.stdout).toEqual([])
    expect(r.outputs['layer-version']).toBe('1')
  })

  it('ResourceInUse while another version is publishing is retried, and succeeds', async () => {
    await emu.settings({
      scfPublishConflict: true,
      tencentActivationDelayMs: 4000
    })
    const first = await runAction({
      workspace: ws('one'),
      env: emu.tencentEnv(),
      inputs: tc({ 'wait-timeout': '1' })
    })
    // The first run gave up waiting; its version is still Publishing.
    expect(first.code).toBe(1)
    const second = await run('two')
    expect(second.errors, second.stdout).toEqual([])
    const publishes = (await emu.calls()).filter(
      (c) => c.operation === 'PublishLayerVersion'
    )
    expect(publishes.some((c) => c.errorCode === 'ResourceInUse')).toBe(true)
    expect(second.outputs['layer-version']).toBe('2')
  })

  it('throttling subcodes and operation conflicts are retried, bounded, and named when they persist', async () => {
    await emu.fault([
      {
        service: 'scf',
        operation: 'PublishLayerVersion',
        kind: 'error',
        status: 200,
        code: 'RequestLimitExceeded.UinLimitExceeded',
        message: 'too many requests',
        times: 1
      }
    ])
    const ok = await run('throttled', { 'max-attempts': '3' })
    expect(ok.errors, ok.stdout).toEqual([])
    await emu.reset()
    await emu.fault({
      service: 'scf',
      operation: 'PublishLayerVersion',
      kind: 'error',
      status: 200,
      code: 'FailedOperation.OperationConflict',
      message: 'operation conflict'
    })
    const failed = await run('conflict', { 'max-attempts': '2' })
    expect(failed.code).toBe(1)
    expect(failed.errors.join()).toMatch(/FailedOperation\.OperationConflict/)
    const publishes = (await emu.calls()).filter(
      (c) => c.operation === 'PublishLayerVersion'
    )
    expect(publishes.length).toBeGreaterThan(1)
    expect(publishes.length).toBeLessThanOrEqual(2)
  })

  it('versions being deleted count neither for skip-unchanged nor for keep-versions', async () => {
    await emu.settings({ scfDeleteDelayMs: 5000 })
    for (const t of ['v1', 'v2', 'v3']) {
      const r = await run(t, { 'keep-versions': '1' })
      expect(r.errors, r.stdout).toEqual([])
    }
    // v1 and v2 are Deleting: keep-versions must not try them again,
    // and re-publishing v2's files must not be skipped as "unchanged" to
    // a version that is going away.
    const again = await run('v2', { 'keep-versions': '1' })
    expect(again.errors, again.stdout).toEqual([])
    expect(again.outputs.published).toBe('true')
    const deletes = (await emu.calls()).filter(
      (c) => c.operation === 'DeleteLayerVersion' && c.status === 200
    )
    expect(deletes.length).toBe(3)
  })

  it('the COS bucket rule matches COS: no leading or trailing -, and a bounded length', async () => {
    for (const bucket of [
      '-layers-1250000000',
      'layers--1250000000'.replace('--', '-') + '-',
      `${'a'.repeat(40)}-1250000000`
    ]) {
      const r = await runAction({
        workspace: ws('b'),
        env: emu.tencentEnv(),
        inputs: tc({ bucket, upload: 'always' })
      })
      expect(r.code).toBe(1)
      expect(r.errors).toHaveLength(1)
      expect(r.errors[0]).toMatch(
        /^Input 'bucket': must be a COS bucket name of the form name-appid/
      )
      expect(await emu.calls()).toEqual([])
    }
  })
})

describe('AWS_PROFILE', () => {
  it('a profile that does not exist is named in the error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pl-profile-'))
    const config = join(dir, 'config')
    writeFileSync(config, '[profile other]\nregion = us-east-1\n')
    const r = await runAction({
      workspace: ws('p'),
      env: { AWS_PROFILE: 'typo', AWS_CONFIG_FILE: config },
      inputs: {
        'endpoint-url': emu.info.aws.endpoint,
        region: 'us-east-1',
        'layer-name': 'profiled',
        path: 'python/**'
      }
    })
    expect(r.code).toBe(1)
    expect(r.errors).toHaveLength(1)
    expect(r.errors[0]).toMatch(/AWS_PROFILE names the profile 'typo'/)
  })
})
