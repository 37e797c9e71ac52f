/**
 * Secrets never leave the process: every scenario (success, input error,
 * provider error, fault, no response) runs with recognisable secret values,
 * and none may appear in stdout (outside `::add-mask::` lines), stderr,
 * GITHUB_OUTPUT, the job summary or the error messages.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runAction, type ActionRun } from './helpers/action.js'
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
})

const AWS_TOKEN = 'AWS-SESSION-TOKEN-canary-7f3a9c'
const TC_ID = 'AKIDcanarySecretId4e1b'
const TC_KEY = 'TC-SECRET-KEY-canary-90d2'
const TC_TOKEN = 'TC-SESSION-TOKEN-canary-c6e8'

/** Everything a person or a later step can see of a run. */
function visible(run: ActionRun): string {
  const stdout = run.stdout
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n')
  // GITHUB_OUTPUT and the summary live next to RUNNER_TEMP.
  const dir = join(run.runnerTemp, '..')
  const files = readdirSync(dir)
    .filter((f) => f !== 'temp')
    .map((f) => readFileSync(join(dir, f), 'utf8'))
  return [
    stdout,
    run.stderr,
    ...files,
    JSON.stringify(run.outputs),
    run.summary,
    ...run.errors
  ].join('\n')
}

function expectNoSecret(run: ActionRun, secrets: string[]): void {
  const text = visible(run)
  for (const s of secrets) expect(text, `secret ${s} leaked`).not.toContain(s)
  // Every secret that was present is masked before anything else is printed.
  const masks = run.stdout
    .split('\n')
    .filter((l) => l.startsWith('::add-mask::'))
  const firstOther = run.stdout
    .split('\n')
    .findIndex((l) => !l.startsWith('::add-mask::'))
  expect(firstOther).toBeGreaterThanOrEqual(masks.length)
}

const aws = (extra: Record<string, string>) => ({
  'endpoint-url': emu.info.aws.endpoint,
  'storage-endpoint-url': emu.info.aws.endpoint,
  region: 'us-east-1',
  'layer-name': 'secret-test',
  path: 'python/**',
  'max-attempts': '2',
  ...extra
})

const awsEnv = () => ({ ...emu.awsEnv(), AWS_SESSION_TOKEN: AWS_TOKEN })
const awsSecrets = () => [AWS_TOKEN, emu.info.aws.secretAccessKey]

describe('secrets stay secret, AWS (session token and secret key)', () => {
  const ws = () => makeWorkspace({ 'python/a.py': 'print(1)\n' })

  it('success', async () => {
    const r = await runAction({
      workspace: ws(),
      env: awsEnv(),
      inputs: aws({})
    })
    expect(r.code, r.stdout).toBe(0)
    expect(r.stdout).toContain(`::add-mask::${AWS_TOKEN}`)
    expectNoSecret(r, awsSecrets())
  })
  it('input error', async () => {
    const r = await runAction({
      workspace: ws(),
      env: awsEnv(),
      inputs: aws({ 'layer-name': 'bad name' })
    })
    expect(r.code).toBe(1)
    expectNoSecret(r, awsSecrets())
  })
  it('provider error (access denied)', async () => {
    await emu.fault({
      service: 'lambda',
      operation: 'PublishLayerVersion',
      kind: 'error',
      status: 403,
      code: 'AccessDeniedException',
      message: 'User is not authorized to perform: lambda:PublishLayerVersion'
    })
    const r = await runAction({
      workspace: ws(),
      env: awsEnv(),
      inputs: aws({})
    })
    expect(r.code).toBe(1)
    expect(r.errors[0]).toMatch(/access denied/)
    expectNoSecret(r, awsSecrets())
  })
  it('throttling forever and a connection reset', async () => {
    await emu.fault({
      service: 'lambda',
      operation: 'ListLayerVersions',
      kind: 'throttle'
    })
    const a = await runAction({
      workspace: ws(),
      env: awsEnv(),
      inputs: aws({})
    })
    expect(a.code).toBe(1)
    expectNoSecret(a, awsSecrets())
    await emu.reset()
    await emu.fault({
      service: 'lambda',
      operation: 'PublishLayerVersion',
      kind: 'reset'
    })
    const b = await runAction({
      workspace: ws(),
      env: awsEnv(),
      inputs: aws({})
    })
    expect(b.code).toBe(1)
    expectNoSecret(b, awsSecrets())
  })
  it('a signature the service rejects (wrong secret key)', async () => {
    const r = await runAction({
      workspace: ws(),
      env: {
        ...awsEnv(),
        AWS_SECRET_ACCESS_KEY: 'WRONG-SECRET-KEY-canary-11aa'
      },
      inputs: aws({})
    })
    expect(r.code).toBe(1)
    expectNoSecret(r, [AWS_TOKEN, 'WRONG-SECRET-KEY-canary-11aa'])
  })
  it('a Tencent secret given as an input with provider aws is not echoed', async () => {
    const r = await runAction({
      workspace: ws(),
      env: awsEnv(),
      inputs: aws({ 'tencent-secret-key': TC_KEY })
    })
    expect(r.code).toBe(1)
    expectNoSecret(r, [...awsSecrets(), TC_KEY])
  })
})

describe('secrets stay secret, Tencent (secret id, key and session token)', () => {
  const ws = () =>
    makeWorkspace({ 'node_modules/a/index.js': 'module.exports = 1\n' })
  const tc = (extra: Record<string, string>) => {
    const t = emu.info.tencent
    return {
      provider: 'tencent',
      region: 'ap-guangzhou',
      'endpoint-url': t?.endpoint ?? emu.info.aws.endpoint,
      'storage-endpoint-url': t?.storageEndpoint ?? emu.info.aws.endpoint,
      'compatible-runtimes': 'Nodejs18.15',
      'layer-name': 'secret-test',
      path: 'node_modules/**',
      'max-attempts': '2',
      ...extra
    }
  }
  const secretInputs = {
    'tencent-secret-id': TC_ID,
    'tencent-secret-key': TC_KEY,
    'tencent-session-token': TC_TOKEN
  }

  it('input error, secrets given as inputs', async () => {
    const r = await runAction({
      workspace: ws(),
      env: {},
      inputs: tc({ ...secretInputs, 'layer-name': '9bad' })
    })
    expect(r.code).toBe(1)
    for (const s of [TC_ID, TC_KEY, TC_TOKEN])
      expect(r.stdout).toContain(`::add-mask::${s}`)
    expectNoSecret(r, [TC_ID, TC_KEY, TC_TOKEN])
  })
  it('input error, secrets from the environment', async () => {
    const r = await runAction({
      workspace: ws(),
      env: {
        TENCENTCLOUD_SECRET_ID: TC_ID,
        TENCENTCLOUD_SECRET_KEY: TC_KEY,
        TENCENTCLOUD_SESSION_TOKEN: TC_TOKEN
      },
      inputs: tc({ tags: 'broken' })
    })
    expect(r.code).toBe(1)
    expectNoSecret(r, [TC_ID, TC_KEY, TC_TOKEN])
  })
  it('provider error: credentials the service rejects', async () => {
    const r = await runAction({
      workspace: ws(),
      env: {},
      inputs: tc(secretInputs)
    })
    expect(r.code).toBe(1)
    expectNoSecret(r, [TC_ID, TC_KEY, TC_TOKEN])
  })
  it('success and a fault, with the emulator credentials and a session token', async () => {
    const t = emu.info.tencent!
    const inputs = tc({
      'tencent-secret-id': t.secretId,
      'tencent-secret-key': t.secretKey,
      'tencent-session-token': TC_TOKEN
    })
    const ok = await runAction({ workspace: ws(), env: {}, inputs })
    expect(ok.code, ok.stdout).toBe(0)
    expectNoSecret(ok, [t.secretKey, TC_TOKEN])
    await emu.reset()
    await emu.fault({
      service: 'scf',
      operation: 'PublishLayerVersion',
      kind: 'error500'
    })
    const bad = await runAction({ workspace: ws(), env: {}, inputs })
    expect(bad.code).toBe(1)
    expectNoSecret(bad, [t.secretKey, TC_TOKEN])
  })
})
