/**
 * The Tencent adapter, built by createTencentProvider with the real SDKs,
 * against the project's emulator: inline and COS publishing, multipart
 * uploads, list/get/delete, retries and the call log.
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import AdmZip from 'adm-zip'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ProviderError } from '../src/errors.js'
import { silentLogger } from '../src/log.js'
import {
  createTencentProvider,
  type TencentProviderConfig
} from '../src/providers/tencent/index.js'
import type { LayerSettings } from '../src/providers/types.js'
import { startTestEmulators, type EmulatorHandle } from './helpers/emulator.js'

for (const name of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY']) {
  delete process.env[name]
}

let emu: EmulatorHandle
let dir: string
let bucket: string

beforeAll(async () => {
  emu = await startTestEmulators()
  dir = mkdtempSync(join(tmpdir(), 'tc-int-'))
})
afterAll(async () => {
  await emu?.close()
  rmSync(dir, { recursive: true, force: true })
})
beforeEach(async () => {
  await emu.reset()
  await emu.settings({ tencentActivationDelayMs: 100 })
  const t = emu.info.tencent!
  bucket = `my-layers-${t.appId}`
  await emu.createBucket(bucket, t.region, 'cos')
})

function provider(extra: Partial<TencentProviderConfig> = {}) {
  const t = emu.info.tencent!
  return createTencentProvider(
    {
      region: t.region,
      secretId: t.secretId,
      secretKey: t.secretKey,
      endpoint: t.endpoint,
      storageEndpoint: t.storageEndpoint,
      maxAttempts: 3,
      waitTimeoutSeconds: 10,
      requestTimeoutSeconds: 10,
      ...extra
    },
    silentLogger
  )
}

const settings: LayerSettings = {
  layerName: 'deps',
  compatibleRuntimes: ['Nodejs18.15'],
  compatibleArchitectures: [],
  description: 'integration',
  licenseInfo: '',
  tags: { team: 'infra' }
}

function zipFile(name: string, files: Record<string, Buffer>) {
  const z = new AdmZip()
  for (const [entry, body] of Object.entries(files)) z.addFile(entry, body)
  const data = z.toBuffer()
  const path = join(dir, name)
  writeFileSync(path, data)
  return {
    path,
    data,
    sha: createHash('sha256').update(data).digest('hex')
  }
}

describe('Tencent adapter against the emulator', () => {
  it('publishes inline and waits until Active', async () => {
    const zip = zipFile('small.zip', {
      'node_modules/a/index.js': Buffer.from('module.exports = 1')
    })
    const p = provider({ sessionToken: 'temporary-token' })
    const v = await p.publishLayer(
      settings,
      { kind: 'inline', zip: zip.data },
      zip.sha
    )
    expect(v).toMatchObject({
      version: 1,
      codeSha256: zip.sha,
      sha256Hex: zip.sha,
      status: 'Active',
      description: 'integration'
    })
    expect(v.layerArn).toBeUndefined()
    const ops = (await emu.calls()).map((c) => `${c.service}:${c.operation}`)
    expect(ops[0]).toBe('scf:PublishLayerVersion')
    expect(ops.slice(1).every((o) => o === 'scf:GetLayerVersion')).toBe(true)
  })

  it('uploads an 8 MiB archive by COS multipart, publishes it from COS, lists, gets, deletes', async () => {
    const zip = zipFile('big.zip', {
      'node_modules/big/blob.bin': randomBytes(8 * 1024 * 1024)
    })
    const t = emu.info.tencent!
    const location = {
      bucket,
      key: `publish-layer/deps/${zip.sha}.zip`,
      region: t.region
    }
    const p = provider()
    const progress: number[] = []
    await p.uploadArchive(zip.path, location, (loaded) => progress.push(loaded))
    expect(progress.at(-1)).toBe(zip.data.length)
    const writes = (await emu.writes()).map((c) => c.operation)
    expect(writes[0]).toBe('InitiateMultipartUpload')
    expect(writes.filter((w) => w === 'UploadPart')).toHaveLength(3)
    expect(writes.at(-1)).toBe('CompleteMultipartUpload')

    // A second upload of the same content is a HEAD and nothing else.
    await p.uploadArchive(zip.path, location)
    expect((await emu.writes()).length).toBe(writes.length)

    const v = await p.publishLayer(
      settings,
      { kind: 'object', location },
      zip.sha
    )
    expect(v.version).toBe(1)
    expect(v.codeSha256).toBe(zip.sha)
    const second = await p.publishLayer(
      settings,
      { kind: 'object', location },
      zip.sha
    )
    expect(second.version).toBe(2)

    expect((await p.listVersions('deps')).map((x) => x.version)).toEqual([2, 1])
    expect((await p.getVersion('deps', 1)).sha256Hex).toBe(zip.sha)
    await p.deleteVersion('deps', 1)
    expect((await p.listVersions('deps')).map((x) => x.version)).toEqual([2])
    expect(await p.listVersions('other')).toEqual([])

    await p.deleteObject(location)
    const state = (await emu.state()) as {
      buckets: Array<{ name: string; objects: unknown[]; uploads: unknown[] }>
    }
    const b = state.buckets.find((x) => x.name === bucket)
    expect(b?.objects).toEqual([])
    expect(b?.uploads).toEqual([])
  })

  it('retries throttled and reset calls within max-attempts', async () => {
    const zip = zipFile('retry.zip', { 'a.txt': randomBytes(5 * 1024 * 1024) })
    const t = emu.info.tencent!
    const location = { bucket, key: `k/${zip.sha}.zip`, region: t.region }
    await emu.fault([
      { service: 'cos', operation: 'UploadPart', kind: 'reset', times: 1 },
      {
        service: 'scf',
        operation: 'PublishLayerVersion',
        kind: 'throttle',
        times: 1
      },
      {
        service: 'scf',
        operation: 'GetLayerVersion',
        kind: 'error500',
        times: 1
      }
    ])
    const p = provider()
    await p.uploadArchive(zip.path, location)
    const v = await p.publishLayer(
      settings,
      { kind: 'object', location },
      zip.sha
    )
    expect(v.version).toBe(1)
    const calls = await emu.calls()
    expect(calls.filter((c) => c.fault).map((c) => c.fault)).toEqual([
      'reset',
      'throttle',
      'error500'
    ])
    expect(
      calls
        .filter((c) => c.operation === 'PublishLayerVersion')
        .map((c) => c.status)
    ).toEqual([200, 200])
  })

  it('survives lost answers: a completed upload, a committed publish', async () => {
    const zip = zipFile('lost.zip', { 'a.txt': randomBytes(5 * 1024 * 1024) })
    const t = emu.info.tencent!
    const location = { bucket, key: `k/${zip.sha}.zip`, region: t.region }
    await emu.fault([
      {
        service: 'cos',
        operation: 'InitiateMultipartUpload',
        kind: 'commit-then-reset',
        times: 1
      },
      {
        service: 'cos',
        operation: 'CompleteMultipartUpload',
        kind: 'commit-then-reset',
        times: 1
      },
      {
        service: 'scf',
        operation: 'PublishLayerVersion',
        kind: 'commit-then-reset',
        times: 1
      }
    ])
    const p = provider()
    await p.uploadArchive(zip.path, location)
    const state = (await emu.state()) as {
      buckets: Array<{
        name: string
        objects: Array<{ key: string }>
        uploads: unknown[]
      }>
    }
    const b = state.buckets.find((x) => x.name === bucket)
    expect(b?.objects.map((o) => o.key)).toEqual([location.key])
    // The upload whose initiation answer was lost is not left behind.
    expect(b?.uploads).toEqual([])

    // Publishing is not idempotent: the lost answer goes back to the caller
    // (publish.ts), marked retryable, without a second PublishLayerVersion.
    const lost = (await p
      .publishLayer(settings, { kind: 'object', location }, zip.sha)
      .catch((error: unknown) => error)) as ProviderError
    expect(lost.retryable).toBe(true)
    const publishes = (await emu.calls()).filter(
      (c) => c.operation === 'PublishLayerVersion'
    )
    expect(publishes).toHaveLength(1)
    expect((await p.listVersions('deps')).map((v) => v.version)).toEqual([1])
  })

  it('aborts the multipart upload when a part keeps failing', async () => {
    const zip = zipFile('fail.zip', { 'a.txt': randomBytes(5 * 1024 * 1024) })
    const t = emu.info.tencent!
    const location = { bucket, key: `k/${zip.sha}.zip`, region: t.region }
    await emu.fault({
      service: 'cos',
      operation: 'UploadPart',
      kind: 'error',
      status: 403,
      code: 'AccessDenied',
      message: 'Access Denied.'
    })
    const e = (await provider()
      .uploadArchive(zip.path, location)
      .catch((error: unknown) => error)) as ProviderError
    expect(e).toBeInstanceOf(ProviderError)
    expect(e.code).toBe('AccessDenied')
    expect(e.message).toContain('name/cos:UploadPart')
    const ops = (await emu.calls()).map((c) => c.operation)
    expect(ops.at(-1)).toBe('AbortMultipartUpload')
    const state = (await emu.state()) as {
      buckets: Array<{ name: string; uploads: unknown[] }>
    }
    expect(state.buckets.find((x) => x.name === bucket)?.uploads).toEqual([])
  })

  it('reports a missing bucket and a wrong secret clearly', async () => {
    const zip = zipFile('x.zip', { 'a.txt': Buffer.from('a') })
    const t = emu.info.tencent!
    const missing = (await provider()
      .uploadArchive(zip.path, {
        bucket: `nope-${t.appId}`,
        key: 'k/x.zip',
        region: t.region
      })
      .catch((error: unknown) => error)) as ProviderError
    expect(missing.code).toBe('NoSuchBucket')
    expect(missing.message).toMatch(/does not exist in ap-guangzhou/)

    const wrong = (await provider({ secretKey: 'not-the-key-at-all' })
      .listVersions('deps')
      .catch((error: unknown) => error)) as ProviderError
    expect(wrong.code).toBe('AuthFailure.SignatureFailure')
    expect(wrong.message).not.toContain('not-the-key-at-all')
    expect(wrong.requestId).toBeTruthy()
  })

  it('fails PublishFailed and wait-timeout as errors', async () => {
    const zip = zipFile('pf.zip', { 'a.txt': Buffer.from('a') })
    await emu.settings({ tencentPublishOutcome: 'PublishFailed' })
    const failed = (await provider()
      .publishLayer(settings, { kind: 'inline', zip: zip.data }, zip.sha)
      .catch((error: unknown) => error)) as ProviderError
    expect(failed.code).toBe('PublishFailed')

    await emu.settings({
      tencentPublishOutcome: 'Active',
      tencentActivationDelayMs: 60_000
    })
    const started = Date.now()
    const slow = (await provider({ waitTimeoutSeconds: 1 })
      .publishLayer(settings, { kind: 'inline', zip: zip.data }, zip.sha)
      .catch((error: unknown) => error)) as ProviderError
    expect(slow.code).toBe('WaitTimeout')
    expect(slow.message).toMatch(/wait-timeout/)
    expect(Date.now() - started).toBeLessThan(5000)
  })
})
