/**
 * Tencent as it behaves (issue 11 §4) and a cancelled COS upload (§1), with
 * fake SCF and COS clients and a fake clock: read-after-write lag after a
 * publish, busy and throttled refusals, asynchronous and refused deletes,
 * the versions that do not count, the COS bucket rule, and cancellation.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CancelledError, ProviderError } from '../src/errors.js'
import type { Logger } from '../src/log.js'
import { PROVIDER_RULES } from '../src/providers/rules.js'
import {
  type CosApi,
  type ScfApi,
  TencentLayerProvider,
  TENCENT_UPLOAD_CONCURRENCY,
  type TencentProviderConfig
} from '../src/providers/tencent/index.js'
import type { LayerSettings } from '../src/providers/types.js'

const SHA = 'ab'.repeat(32)
const config: TencentProviderConfig = {
  region: 'ap-guangzhou',
  secretId: 'AKIDunit-secret-id',
  secretKey: 'unit-secret-key-value',
  maxAttempts: 3,
  waitTimeoutSeconds: 30
}
const settings: LayerSettings = {
  layerName: 'deps',
  compatibleRuntimes: ['Nodejs18.15'],
  compatibleArchitectures: [],
  description: '',
  licenseInfo: '',
  tags: {}
}
const inline = { kind: 'inline' as const, zip: Buffer.from('x') }
const quiet: Logger = { info: () => {}, warning: () => {}, debug: () => {} }

class FakeClock {
  t = 0
  sleeps: number[] = []
  now = () => this.t
  sleep = async (ms: number) => {
    this.sleeps.push(ms)
    this.t += ms
  }
}

function sdkError(code: string, message = code): Error {
  return Object.assign(new Error(message), { code, requestId: 'req-1' })
}

const active = {
  LayerVersion: 7,
  LayerName: 'deps',
  Status: 'Active',
  CodeSha256: SHA,
  CompatibleRuntimes: ['Nodejs18.15']
}

/** Answers each SCF action from its queue; the last answer repeats. */
function fakeScf(answers: Record<string, unknown[]>) {
  const calls: string[] = []
  const answer = (action: string) => async () => {
    calls.push(action)
    const queue = answers[action] ?? []
    const next = queue.length > 1 ? queue.shift() : queue[0]
    if (next instanceof Error) throw next
    if (next === undefined) throw new Error(`no fake answer for ${action}`)
    return next
  }
  const api = Object.fromEntries(
    [
      'PublishLayerVersion',
      'GetLayerVersion',
      'ListLayerVersions',
      'DeleteLayerVersion'
    ].map((a) => [a, answer(a)])
  ) as unknown as ScfApi
  return {
    api,
    calls,
    count: (a: string) => calls.filter((c) => c === a).length
  }
}

function make(api: ScfApi, cos: Partial<CosApi> = {}, clock = new FakeClock()) {
  return {
    provider: new TencentLayerProvider(
      api,
      cos as CosApi,
      config,
      quiet,
      clock
    ),
    clock
  }
}

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(ProviderError)
  return error as ProviderError
}

describe('read-after-write lag after a publish', () => {
  it('keeps waiting while the new version is not readable yet', async () => {
    const scf = fakeScf({
      PublishLayerVersion: [{ LayerVersion: 7 }],
      GetLayerVersion: [
        sdkError('ResourceNotFound.LayerVersion'),
        sdkError('ResourceNotFound.LayerVersion'),
        { ...active, Status: 'Publishing' },
        active
      ]
    })
    const { provider, clock } = make(scf.api)
    const v = await provider.publishLayer(settings, inline, SHA)
    expect(v.version).toBe(7)
    expect(scf.count('GetLayerVersion')).toBe(4)
    expect(scf.count('PublishLayerVersion')).toBe(1)
    expect(clock.sleeps).toHaveLength(3)
  })

  it('gives up at wait-timeout, saying the version never became readable', async () => {
    const scf = fakeScf({
      PublishLayerVersion: [{ LayerVersion: 7 }],
      GetLayerVersion: [sdkError('ResourceNotFound.LayerVersion')]
    })
    const { provider, clock } = make(scf.api)
    const e = await failure(provider.publishLayer(settings, inline, SHA))
    expect(e.code).toBe('WaitTimeout')
    expect(e.message).toMatch(/not readable \(ResourceNotFound.LayerVersion\)/)
    expect(clock.t).toBe(30_000)
    expect(scf.count('PublishLayerVersion')).toBe(1)
  })

  it('does not wait for a version it found listed that is gone', async () => {
    const scf = fakeScf({
      GetLayerVersion: [sdkError('ResourceNotFound.LayerVersion')]
    })
    const { provider, clock } = make(scf.api)
    const e = await failure(provider.waitUntilUsable('deps', 7))
    expect(e.code).toBe('ResourceNotFound.LayerVersion')
    expect(clock.sleeps).toEqual([])
  })
})

describe('refusals on publish', () => {
  it('retries ResourceInUse, throttle subcodes and OperationConflict, then publishes', async () => {
    const scf = fakeScf({
      PublishLayerVersion: [
        sdkError('ResourceInUse', 'another version is publishing'),
        sdkError('RequestLimitExceeded.UinLimitExceeded'),
        { LayerVersion: 7 }
      ],
      GetLayerVersion: [active]
    })
    const { provider, clock } = make(scf.api)
    expect((await provider.publishLayer(settings, inline, SHA)).version).toBe(7)
    expect(scf.count('PublishLayerVersion')).toBe(3)
    expect(clock.sleeps.slice(0, 2).every((ms) => ms >= 500)).toBe(true)

    const conflict = fakeScf({
      PublishLayerVersion: [
        sdkError('FailedOperation.OperationConflict'),
        { LayerVersion: 7 }
      ],
      GetLayerVersion: [active]
    })
    await make(conflict.api).provider.publishLayer(settings, inline, SHA)
    expect(conflict.count('PublishLayerVersion')).toBe(2)
  })

  it('stops after max-attempts and names the refusal', async () => {
    const scf = fakeScf({
      PublishLayerVersion: [sdkError('ResourceInUse', 'busy publishing')]
    })
    const { provider } = make(scf.api)
    const e = await failure(provider.publishLayer(settings, inline, SHA))
    expect(scf.count('PublishLayerVersion')).toBe(3)
    expect(e).toMatchObject({
      code: 'ResourceInUse',
      kind: 'conflict',
      retryable: false
    })
    expect(e.message).toContain("layer 'deps'")
    expect(e.message).toContain('after 3 attempts')
  })
})

describe('deletes', () => {
  it('refuses a version bound to a function as in-use, without retrying', async () => {
    const scf = fakeScf({
      DeleteLayerVersion: [sdkError('ResourceInUse.LayerVersion', 'bound')]
    })
    const e = await failure(make(scf.api).provider.deleteVersion('deps', 3))
    expect(e).toMatchObject({ kind: 'in-use', retryable: false })
    expect(scf.count('DeleteLayerVersion')).toBe(1)
  })

  it('retries a delete refused by OperationConflict', async () => {
    const scf = fakeScf({
      DeleteLayerVersion: [
        sdkError('FailedOperation.OperationConflict'),
        { RequestId: 'd' }
      ]
    })
    await make(scf.api).provider.deleteVersion('deps', 3)
    expect(scf.count('DeleteLayerVersion')).toBe(2)
  })

  it('lists neither versions on their way out nor failed ones', async () => {
    const scf = fakeScf({
      ListLayerVersions: [
        {
          LayerVersions: [
            { LayerVersion: 6, Status: 'Publishing' },
            { LayerVersion: 5, Status: 'PublishFailed' },
            { LayerVersion: 4, Status: 'Active' },
            { LayerVersion: 3, Status: 'Deleting' },
            { LayerVersion: 2, Status: 'DeleteFailed' },
            { LayerVersion: 1, Status: 'Deleted' }
          ]
        }
      ]
    })
    const listed = await make(scf.api).provider.listVersions('deps')
    expect(listed.map((v) => v.version)).toEqual([6, 4])
  })
})

describe('COS bucket rule', () => {
  const { pattern, rule } = PROVIDER_RULES.tencent.bucket
  it('takes name-appid without a leading or trailing - and within the length', () => {
    for (const ok of [
      'my-layers-1250000000',
      'a-1250000000',
      'layers-ap-guangzhou-1250000000',
      '1234567890123456789012-1250000000'
    ]) {
      expect(pattern.test(ok)).toBe(true)
    }
    for (const bad of [
      'my-layers',
      '-layers-1250000000',
      'layers--1250000000',
      'My-layers-1250000000',
      'my_layers-1250000000',
      '123456789012345678901234-1250000000'
    ]) {
      expect(pattern.test(bad)).toBe(false)
    }
    expect(rule).toMatch(/^must be a COS bucket name of the form name-appid, /)
  })
})

describe('cancelled upload', () => {
  const target = {
    bucket: 'my-layers-1250000000',
    key: 'publish-layer/deps/abc.zip',
    region: 'ap-guangzhou'
  }
  function archive(size: number): string {
    const dir = mkdtempSync(join(tmpdir(), 'tc-cancel-'))
    const path = join(dir, 'a.zip')
    writeFileSync(path, Buffer.alloc(size, 7))
    return path
  }

  /** COS whose parts hang until their body is stopped. */
  function hangingCos() {
    const log: string[] = []
    let started!: () => void
    // As many parts as the uploader runs at once, all hanging.
    const allInFlight = new Promise<void>((r) => (started = r))
    const api: CosApi = {
      headObject: async () => {
        throw Object.assign(new Error('Not Found'), { statusCode: 404 })
      },
      multipartInit: async () => {
        log.push('init')
        return { UploadId: 'up-1' }
      },
      multipartUpload: (p) => {
        log.push(`part ${p.PartNumber}`)
        const parts = log.filter((l) => l.startsWith('part')).length
        if (parts === TENCENT_UPLOAD_CONCURRENCY) started()
        return new Promise((_, reject) => p.Body.once('error', reject))
      },
      multipartComplete: async () => {
        log.push('complete')
        return {}
      },
      multipartAbort: async (p) => {
        log.push(`abort ${p.UploadId}`)
        return {}
      },
      multipartList: async () => ({ Upload: [] }),
      deleteObject: async () => ({})
    }
    return { api, log, allInFlight }
  }

  it('stops starting parts, aborts the upload and rejects with the reason', async () => {
    const cos = hangingCos()
    const { provider } = make(fakeScf({}).api, cos.api)
    provider.partSize = 100
    const controller = new AbortController()
    const reason = new CancelledError('SIGINT')
    // Two parts more than run at once: they must never start.
    const upload = provider.uploadArchive(
      archive(100 * (TENCENT_UPLOAD_CONCURRENCY + 2)),
      target,
      undefined,
      controller.signal
    )
    await cos.allInFlight
    controller.abort(reason)
    await expect(upload).rejects.toBe(reason)
    const parts = Array.from(
      { length: TENCENT_UPLOAD_CONCURRENCY },
      (_, i) => `part ${i + 1}`
    )
    expect(cos.log).toEqual(['init', ...parts, 'abort up-1'])
  })

  it('makes no call when cancelled before it starts', async () => {
    const cos = hangingCos()
    const { provider } = make(fakeScf({}).api, cos.api)
    const controller = new AbortController()
    controller.abort(new CancelledError('SIGTERM'))
    await expect(
      provider.uploadArchive(archive(10), target, undefined, controller.signal)
    ).rejects.toBeInstanceOf(CancelledError)
    expect(cos.log).toEqual([])
  })

  it('aborts an upload whose start was answered after the cancellation', async () => {
    const cos = hangingCos()
    const controller = new AbortController()
    const init = cos.api.multipartInit
    cos.api.multipartInit = async (p) => {
      controller.abort(new CancelledError('SIGINT'))
      return init(p)
    }
    const { provider } = make(fakeScf({}).api, cos.api)
    await expect(
      provider.uploadArchive(archive(10), target, undefined, controller.signal)
    ).rejects.toBeInstanceOf(CancelledError)
    expect(cos.log).toEqual(['init', 'abort up-1'])
  })
})

describe('stale uploads of the key', () => {
  it("retries aborting a dead run's upload until it is gone", async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tc-stale-')), 'a.zip')
    writeFileSync(path, Buffer.from('layer'))
    const etag = createHash('md5').update('layer').digest('hex')
    const aborts: string[] = []
    let refused = false
    const cos: CosApi = {
      headObject: async () => {
        throw Object.assign(new Error('Not Found'), { statusCode: 404 })
      },
      multipartInit: async () => ({ UploadId: 'mine' }),
      multipartUpload: async (p) => {
        for await (const _ of p.Body) void _
        return { ETag: `"${etag}"` }
      },
      multipartComplete: async () => ({}),
      multipartAbort: async (p) => {
        if (!refused) {
          refused = true
          throw Object.assign(new Error('Service Unavailable'), {
            statusCode: 503
          })
        }
        aborts.push(p.UploadId)
        return {}
      },
      multipartList: async (p) => ({
        Upload: [
          { Key: p.Prefix, UploadId: 'mine' },
          { Key: p.Prefix, UploadId: 'dead-runner' }
        ]
      }),
      deleteObject: async () => ({})
    }
    // The COS SDK tries an abort 4 times itself; 5 attempts give us 2 rounds.
    const provider = new TencentLayerProvider(
      fakeScf({}).api,
      cos,
      { ...config, maxAttempts: 5 },
      quiet,
      new FakeClock()
    )
    await provider.uploadArchive(path, {
      bucket: 'my-layers-1250000000',
      key: 'publish-layer/deps/k.zip',
      region: 'ap-guangzhou'
    })
    expect(aborts).toEqual(['dead-runner'])
  })
})
