/**
 * The Tencent adapter with the real SDKs against the emulator, as Tencent
 * behaves: read-after-write lag after a publish, ResourceInUse while
 * another version publishes, asynchronous deletes, functions and bound
 * versions (update-functions), and a cancelled multipart upload.
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import AdmZip from 'adm-zip'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { CancelledError, ProviderError } from '../src/errors.js'
import { silentLogger } from '../src/log.js'
import { createTencentProvider } from '../src/providers/tencent/index.js'
import type { LayerSettings } from '../src/providers/types.js'
import { startTestEmulators, type EmulatorHandle } from './helpers/emulator.js'

for (const name of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY']) {
  delete process.env[name]
}

let emu: EmulatorHandle
let dir: string

beforeAll(async () => {
  emu = await startTestEmulators()
  dir = mkdtempSync(join(tmpdir(), 'tc-behave-'))
})
afterAll(async () => {
  await emu?.close()
  rmSync(dir, { recursive: true, force: true })
})
beforeEach(async () => {
  await emu.reset()
  await emu.settings({ tencentActivationDelayMs: 100, scfUpdateDelayMs: 100 })
})

function provider() {
  const t = emu.info.tencent!
  return createTencentProvider(
    {
      region: t.region,
      secretId: t.secretId,
      secretKey: t.secretKey,
      endpoint: t.endpoint,
      storageEndpoint: t.storageEndpoint,
      maxAttempts: 5,
      waitTimeoutSeconds: 20,
      requestTimeoutSeconds: 10
    },
    silentLogger
  )
}

const settings = (layerName: string): LayerSettings => ({
  layerName,
  compatibleRuntimes: ['Python3.9'],
  compatibleArchitectures: [],
  description: '',
  licenseInfo: '',
  tags: {}
})

function zipOf(text: string) {
  const z = new AdmZip()
  z.addFile('x.py', Buffer.from(text))
  const data = z.toBuffer()
  return { data, sha: createHash('sha256').update(data).digest('hex') }
}

async function publish(layer: string, text: string): Promise<number> {
  const zip = zipOf(text)
  const v = await provider().publishLayer(
    settings(layer),
    { kind: 'inline', zip: zip.data },
    zip.sha
  )
  return v.version
}

describe('layers as Tencent behaves', () => {
  it('waits through read-after-write lag right after a publish', async () => {
    await emu.settings({ scfReadAfterWriteLagMs: 4000 })
    expect(await publish('deps', 'lag')).toBe(1)
    const gets = (await emu.calls()).filter(
      (c) => c.operation === 'GetLayerVersion'
    )
    expect(
      gets.some((c) => c.errorCode === 'ResourceNotFound.LayerVersion')
    ).toBe(true)
  })

  it('retries a publish refused while another version is Publishing', async () => {
    await emu.settings({
      scfPublishConflict: true,
      tencentActivationDelayMs: 3000
    })
    const [a, b] = await Promise.all([
      publish('deps', 'first'),
      publish('deps', 'second')
    ])
    expect([a, b].sort()).toEqual([1, 2])
    const refused = (await emu.calls()).filter(
      (c) =>
        c.operation === 'PublishLayerVersion' && c.errorCode === 'ResourceInUse'
    )
    expect(refused.length).toBeGreaterThan(0)
  })

  it('leaves a version being deleted out of the list', async () => {
    await emu.settings({ scfDeleteDelayMs: 60_000 })
    await publish('deps', 'one')
    await publish('deps', 'two')
    const p = provider()
    await p.deleteVersion('deps', 1)
    expect((await p.listVersions('deps')).map((v) => v.version)).toEqual([2])
  })
})

describe('functions', () => {
  it('reads, moves in place and waits; a bound version is refused as in-use', async () => {
    // Long enough that the read right after the update sees it in progress.
    await emu.settings({ scfUpdateDelayMs: 3000 })
    await publish('other', 'o1')
    await publish('deps', 'd1')
    await publish('deps', 'd2')
    const code = new AdmZip()
    code.addFile('index.py', Buffer.from('def main_handler(e, c): return 1\n'))
    await emu.scfClient().CreateFunction({
      FunctionName: 'worker',
      Namespace: 'default',
      Runtime: 'Python3.9',
      Handler: 'index.main_handler',
      Code: { ZipFile: code.toBuffer().toString('base64') },
      Layers: [
        { LayerName: 'other', LayerVersion: 1 },
        { LayerName: 'deps', LayerVersion: 1 }
      ]
    })
    const fns = provider().functions
    const fn = { label: 'worker', name: 'worker' }
    const settle = async () => {
      for (;;) {
        const s = await fns.getFunction(fn)
        if (s.state !== 'updating') return s
        await new Promise((r) => setTimeout(r, 50))
      }
    }
    expect(await settle()).toEqual({
      layers: [
        { layer: 'other', version: 1 },
        { layer: 'deps', version: 1 }
      ],
      state: 'ready'
    })
    await fns.updateLayers(fn, [
      { layer: 'other', version: 1 },
      { layer: 'deps', version: 2 }
    ])
    expect((await fns.getFunction(fn)).state).toBe('updating')
    expect((await settle()).layers).toEqual([
      { layer: 'other', version: 1 },
      { layer: 'deps', version: 2 }
    ])
    const refused = (await provider()
      .deleteVersion('deps', 2)
      .catch((e: unknown) => e)) as ProviderError
    expect(refused).toBeInstanceOf(ProviderError)
    expect(refused.kind).toBe('in-use')
    const missing = (await fns
      .getFunction({ label: 'nope', name: 'nope' })
      .catch((e: unknown) => e)) as ProviderError
    expect(missing.kind).toBe('not-found')
  })
})

describe('cancelled upload', () => {
  it('stops the parts in flight, aborts the upload and leaves none open', async () => {
    const t = emu.info.tencent!
    const bucket = `my-layers-${t.appId}`
    await emu.createBucket(bucket, t.region, 'cos')
    const path = join(dir, 'big.zip')
    writeFileSync(path, randomBytes(9 * 1024 * 1024))
    await emu.fault({ service: 'cos', operation: 'UploadPart', kind: 'hold' })
    const controller = new AbortController()
    const reason = new CancelledError('SIGINT')
    const upload = provider().uploadArchive(
      path,
      { bucket, key: 'publish-layer/deps/big.zip', region: t.region },
      undefined,
      controller.signal
    )
    await emu.waitForHeld('UploadPart')
    controller.abort(reason)
    await expect(upload).rejects.toBe(reason)
    await emu.clearFaults()
    await emu.release()
    const ops = (await emu.calls()).map((c) => c.operation)
    expect(ops).toContain('AbortMultipartUpload')
    expect(ops).not.toContain('CompleteMultipartUpload')
    const state = (await emu.state()) as {
      buckets: Array<{ name: string; uploads: unknown[] }>
    }
    expect(state.buckets.find((b) => b.name === bucket)?.uploads).toEqual([])
  })
})
