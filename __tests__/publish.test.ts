import { describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import { publishAll } from '../src/publish/fan-out.js'
import type { PublishPlan } from '../src/publish/plan.js'
import { publishRegion } from '../src/publish/region.js'
import { versionsToDelete } from '../src/publish/retain.js'
import { needsUpload, objectKey, preflight } from '../src/publish/storage.js'
import { progressLogger } from '../src/publish/upload.js'
import { mapLimit as forEachRegion } from '../src/util/concurrency.js'
import { InputError, PackagingError, ProviderError } from '../src/errors.js'
import { PROVIDER_RULES } from '../src/providers/rules.js'
import type { ArchiveInfo } from '../src/package/types.js'
import { FakeProvider } from './helpers/fake-provider.js'

function archiveOf(bytes: Buffer, unzippedSize = bytes.length): ArchiveInfo {
  const dir = mkdtempSync(join(tmpdir(), 'pl-pub-'))
  const path = join(dir, 'a.zip')
  writeFileSync(path, bytes)
  return {
    path,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    unzippedSize,
    entryCount: 1,
    names: ['python/a.py']
  }
}

const plan: PublishPlan = {
  provider: 'aws',
  layerId: 'lyr',
  layerName: 'lyr',
  settings: {
    layerName: 'lyr',
    compatibleRuntimes: ['python3.12'],
    compatibleArchitectures: [],
    description: '',
    licenseInfo: '',
    tags: {}
  },
  bucket: 'b-{region}',
  objectPrefix: 'publish-layer/',
  upload: 'auto',
  deleteObject: false,
  skipUnchanged: false,
  dryRun: false,
  shareWith: [],
  keepVersions: 0,
  maxAttempts: 3,
  functions: { targets: [], publishVersion: false, waitTimeoutSeconds: 300 },
  sleep: async () => {}
}

const logs: string[] = []
const writeCalls = (p: FakeProvider) =>
  p.calls.filter((c) => !['listVersions', 'getVersion'].includes(c))
const log = {
  info: (m: string) => logs.push(`info ${m}`),
  warning: (m: string) => logs.push(`warning ${m}`),
  debug: () => {}
}

describe('storage decision', () => {
  const MiB = 1024 * 1024
  it.each([
    ['aws', 'auto', 50 * MiB, false],
    ['aws', 'auto', 50 * MiB + 1, true],
    ['tencent', 'auto', 6 * MiB, false],
    ['tencent', 'auto', 6 * MiB + 1, true],
    ['aws', 'always', 10, true],
    ['aws', 'never', 10, false]
  ] as const)(
    '%s upload=%s size=%d → upload %s',
    (provider, upload, size, expected) => {
      expect(
        needsUpload(size, upload, PROVIDER_RULES[provider].maxInlineBytes)
      ).toBe(expected)
    }
  )
  it('keys are content-addressed', () => {
    expect(objectKey('p/', 'lyr', 'ab'.repeat(32))).toBe(
      `p/lyr/${'ab'.repeat(32)}.zip`
    )
  })
})

describe('preflight', () => {
  const big = { ...archiveOf(Buffer.from('x')), size: 51 * 1024 * 1024 }
  it('rejects unzipped size above the provider limit, with the figure', () => {
    expect(() =>
      preflight({ ...big, size: 10, unzippedSize: 262_144_001 }, plan)
    ).toThrow(PackagingError)
    expect(() =>
      preflight({ ...big, size: 10, unzippedSize: 262_144_001 }, plan)
    ).toThrow(/262,144,001 bytes.*262,144,000/)
  })
  it("rejects upload 'never' with a too-large archive", () => {
    expect(() => preflight(big, { ...plan, upload: 'never' })).toThrow(
      InputError
    )
    expect(() => preflight(big, { ...plan, upload: 'never' })).toThrow(
      /Input 'upload'.*51\.0 MiB/
    )
  })
  it('requires a bucket only when uploading', () => {
    const { bucket: _b, ...noBucket } = plan
    expect(() => preflight(big, noBucket)).toThrow(
      /Input 'bucket': is required: the archive is 51\.0 MiB/
    )
    expect(() => preflight({ ...big, size: 100 }, noBucket)).not.toThrow()
  })
})

describe('publishRegion', () => {
  it('sends a small archive inline', async () => {
    const p = new FakeProvider('us-east-1')
    const r = await publishRegion(p, archiveOf(Buffer.from('small')), plan, log)
    expect(writeCalls(p)).toEqual(['publishLayer'])
    expect(r).toMatchObject({
      status: 'published',
      version: 1,
      storage: 'inline',
      published: true,
      error: ''
    })
  })
  it('uploads a large archive under a content-addressed key in the region bucket', async () => {
    const p = new FakeProvider('eu-west-1')
    const a = archiveOf(Buffer.alloc(2000, 7))
    const r = await publishRegion(p, a, plan, log)
    expect(writeCalls(p)).toEqual(['uploadArchive', 'publishLayer'])
    expect(r.storage).toBe(`b-eu-west-1/publish-layer/lyr/${a.sha256}.zip`)
    expect(logs.some((l) => /\[eu-west-1\] upload: 100%/.test(l))).toBe(true)
  })
  it('deletes the object after success and after failure when asked', async () => {
    const ok = new FakeProvider('us-east-1')
    await publishRegion(
      ok,
      archiveOf(Buffer.alloc(2000, 1)),
      { ...plan, deleteObject: true },
      log
    )
    expect(writeCalls(ok)).toEqual([
      'uploadArchive',
      'publishLayer',
      'deleteObject'
    ])
    expect(ok.objects.size).toBe(0)
    const bad = new FakeProvider('us-east-1')
    bad.failOn.set('publishLayer', new Error('boom'))
    const r = await publishRegion(
      bad,
      archiveOf(Buffer.alloc(2000, 2)),
      { ...plan, deleteObject: true },
      log
    )
    expect(r).toMatchObject({
      status: 'failed',
      error: 'boom',
      published: false
    })
    expect(bad.objects.size).toBe(0)
  })
  it('asks the provider to sweep lost uploads last, after an upload, success or failure', async () => {
    const sweeps = (p: FakeProvider) => {
      const seen: string[] = []
      Object.assign(p, {
        sweepUploads: async (t: { bucket: string; key: string }) => {
          p.calls.push('sweepUploads')
          seen.push(`${t.bucket}/${t.key}`)
        }
      })
      return seen
    }
    const ok = new FakeProvider('us-east-1')
    const seen = sweeps(ok)
    const a = archiveOf(Buffer.alloc(2000, 3))
    await publishRegion(ok, a, { ...plan, deleteObject: true }, log)
    expect(ok.calls.slice(-2)).toEqual(['deleteObject', 'sweepUploads'])
    expect(seen).toEqual([`b-us-east-1/publish-layer/lyr/${a.sha256}.zip`])

    const failed = new FakeProvider('us-east-1')
    sweeps(failed)
    failed.failOn.set('uploadArchive', new Error('parts failed'))
    const r = await publishRegion(
      failed,
      archiveOf(Buffer.alloc(2000, 4)),
      plan,
      log
    )
    expect(r.status).toBe('failed')
    expect(failed.calls.at(-1)).toBe('sweepUploads')

    const inline = new FakeProvider('us-east-1')
    sweeps(inline)
    await publishRegion(inline, archiveOf(Buffer.from('small')), plan, log)
    expect(inline.calls).not.toContain('sweepUploads')
  })
})

describe('publishAll', () => {
  it('tries every region, bounded, in order, even when one fails', async () => {
    let running = 0
    let peak = 0
    const providers = new Map<string, FakeProvider>()
    const regions = ['r-a-1', 'r-b-1', 'r-c-1', 'r-d-1', 'r-e-1', 'r-f-1']
    const results = await publishAll(
      regions,
      async (region) => {
        if (region === 'r-c-1') throw new Error('no credentials for r-c-1')
        const p = new FakeProvider(region)
        const orig = p.publishLayer.bind(p)
        p.publishLayer = async (...args) => {
          running++
          peak = Math.max(peak, running)
          await new Promise((r) => setTimeout(r, 20))
          running--
          return orig(...args)
        }
        providers.set(region, p)
        return p
      },
      archiveOf(Buffer.from('x')),
      plan,
      log,
      2
    )
    expect(results.map((r) => r.region)).toEqual(regions)
    expect(results.map((r) => r.status)).toEqual([
      'published',
      'published',
      'failed',
      'published',
      'published',
      'published'
    ])
    expect(results[2]!.error).toBe('no credentials for r-c-1')
    expect(peak).toBe(2)
  })
  it('forEachRegion keeps order', async () => {
    expect(
      await forEachRegion(['a', 'b', 'c'], 2, async (r) => r.toUpperCase())
    ).toEqual(['A', 'B', 'C'])
  })
})

describe('progressLogger', () => {
  it('logs each 10% step once, and every 15 s otherwise', () => {
    const lines: string[] = []
    let t = 0
    const p = progressLogger(
      { info: (m) => lines.push(m), warning: () => {}, debug: () => {} },
      'up',
      () => t
    )
    for (let i = 0; i <= 100; i++) p(i, 100)
    expect(lines).toHaveLength(11)
    t = 16_000
    p(100, 100)
    expect(lines).toHaveLength(12)
  })
})

describe('policy: skip unchanged, share, retain, dry run', () => {
  const a = archiveOf(Buffer.from('same bytes'))
  const writes = (p: FakeProvider) =>
    p.calls.filter((c) => !['listVersions', 'getVersion'].includes(c))

  it('returns the newest version unchanged when bytes and settings match', async () => {
    const p = new FakeProvider('us-east-1')
    const first = await publishRegion(
      p,
      a,
      { ...plan, skipUnchanged: true },
      log
    )
    expect(first).toMatchObject({ status: 'published', version: 1 })
    p.calls.length = 0
    const again = await publishRegion(
      p,
      a,
      { ...plan, skipUnchanged: true },
      log
    )
    expect(again).toMatchObject({
      status: 'unchanged',
      version: 1,
      published: false,
      layerVersionArn: 'arn:fake:us-east-1:lyr:1'
    })
    expect(writes(p)).toEqual([])
  })
  it.each([
    ['description', { description: 'new' }],
    ['license', { licenseInfo: 'MIT' }],
    ['runtimes', { compatibleRuntimes: ['python3.13'] }],
    ['architectures', { compatibleArchitectures: ['arm64'] }]
  ])('publishes when only the %s changed', async (_what, change) => {
    const p = new FakeProvider('us-east-1')
    await publishRegion(p, a, { ...plan, skipUnchanged: true }, log)
    const r = await publishRegion(
      p,
      a,
      {
        ...plan,
        skipUnchanged: true,
        settings: { ...plan.settings, ...change }
      },
      log
    )
    expect(r).toMatchObject({ status: 'published', version: 2 })
  })
  it('publishes when one byte changed, and runtimes compare as sets', async () => {
    const p = new FakeProvider('us-east-1')
    const two = {
      ...plan,
      skipUnchanged: true,
      settings: {
        ...plan.settings,
        compatibleRuntimes: ['python3.12', 'python3.13']
      }
    }
    await publishRegion(p, a, two, log)
    const swapped = {
      ...two,
      settings: {
        ...two.settings,
        compatibleRuntimes: ['python3.13', 'python3.12']
      }
    }
    expect((await publishRegion(p, a, swapped, log)).status).toBe('unchanged')
    expect(
      (await publishRegion(p, archiveOf(Buffer.from('same byteZ')), two, log))
        .status
    ).toBe('published')
  })
  it('shares with deterministic statement ids, idempotently', async () => {
    const p = new FakeProvider('us-east-1')
    const sharing = {
      ...plan,
      skipUnchanged: true,
      shareWith: [
        { kind: 'account' as const, id: '123456789012' },
        { kind: 'organization' as const, id: 'o-abc123def4' },
        { kind: 'public' as const }
      ]
    }
    const r1 = await publishRegion(p, a, sharing, log)
    const r2 = await publishRegion(p, a, sharing, log)
    expect(r1.sharedWith).toEqual(['123456789012', 'o-abc123def4', 'public'])
    expect(r2).toMatchObject({
      status: 'unchanged',
      sharedWith: ['123456789012', 'o-abc123def4', 'public']
    })
    expect([...p.statements.entries()]).toEqual([
      ['1/publish-layer-123456789012', '123456789012'],
      ['1/publish-layer-o-abc123def4', '*+o-abc123def4'],
      ['1/publish-layer-public', '*']
    ])
  })
  it('keeps the newest N versions and warns instead of failing on a delete error', async () => {
    const p = new FakeProvider('us-east-1')
    for (let i = 0; i < 4; i++)
      await publishRegion(p, archiveOf(Buffer.from(`v${i}`)), plan, log)
    p.failOn.set('deleteVersion', new Error('denied'))
    logs.length = 0
    const r = await publishRegion(
      p,
      archiveOf(Buffer.from('v5')),
      { ...plan, keepVersions: 2 },
      log
    )
    expect(r.status).toBe('published')
    expect(logs.filter((l) => l.startsWith('warning')).length).toBe(3)
    p.failOn.delete('deleteVersion')
    const r2 = await publishRegion(
      p,
      archiveOf(Buffer.from('v6')),
      { ...plan, keepVersions: 2 },
      log
    )
    expect(r2.deletedVersions).toEqual([4, 3, 2, 1])
    expect(p.versions.map((v) => v.version)).toEqual([5, 6])
  })
  it('versionsToDelete never deletes the current version', () => {
    expect(versionsToDelete([1, 2, 3, 4, 5], 2, 5)).toEqual([3, 2, 1])
    expect(versionsToDelete([1, 2, 3], 1, 2)).toEqual([1])
    expect(versionsToDelete([1, 2, 3], 0, 3)).toEqual([])
  })
  it('dry run reads, plans, and writes nothing', async () => {
    const p = new FakeProvider('us-east-1')
    for (let i = 0; i < 3; i++)
      await publishRegion(p, archiveOf(Buffer.from(`d${i}`)), plan, log)
    p.calls.length = 0
    const dry = {
      ...plan,
      dryRun: true,
      skipUnchanged: true,
      keepVersions: 2,
      shareWith: [{ kind: 'public' as const }]
    }
    const big = archiveOf(Buffer.alloc(5000, 3))
    const r = await publishRegion(p, big, dry, log)
    expect(r).toMatchObject({
      status: 'planned',
      published: false,
      version: null,
      storage: `b-us-east-1/publish-layer/lyr/${big.sha256}.zip`,
      deletedVersions: [2, 1],
      sharedWith: ['public']
    })
    expect(writes(p)).toEqual([])
    const same = await publishRegion(p, archiveOf(Buffer.from('d2')), dry, log)
    expect(same).toMatchObject({
      status: 'unchanged',
      version: 3,
      deletedVersions: [1]
    })
    expect(writes(p)).toEqual([])
  })
})

describe('publish safety', () => {
  it('a lost publish response is found, not published again', async () => {
    const p = new FakeProvider('us-east-1')
    const orig = p.publishLayer.bind(p)
    let n = 0
    p.publishLayer = async (...args) => {
      n++
      await orig(...args) // committed...
      if (n === 1)
        throw new ProviderError({
          provider: 'aws',
          operation: 'lambda:PublishLayerVersion',
          region: 'us-east-1',
          message: 'socket hang up',
          retryable: true
        })
      throw new Error('must not publish twice')
    }
    const r = await publishRegion(p, archiveOf(Buffer.from('lost')), plan, log)
    expect(r).toMatchObject({ status: 'published', version: 1 })
    expect(p.versions).toHaveLength(1)
    expect(n).toBe(1)
  })
  it('retries a retryable failure that did not commit, up to max-attempts', async () => {
    const p = new FakeProvider('us-east-1')
    const orig = p.publishLayer.bind(p)
    let n = 0
    p.publishLayer = async (...args) => {
      if (++n < 3)
        throw new ProviderError({
          provider: 'aws',
          operation: 'lambda:PublishLayerVersion',
          region: 'us-east-1',
          message: 'throttled',
          retryable: true
        })
      return orig(...args)
    }
    expect(
      await publishRegion(p, archiveOf(Buffer.from('t')), plan, log)
    ).toMatchObject({ status: 'published', version: 1 })
    n = -10
    const r = await publishRegion(
      p,
      archiveOf(Buffer.from('u')),
      { ...plan, maxAttempts: 2 },
      log
    )
    expect(r).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/throttled/)
    })
  })
  it('does not retry a non-retryable failure', async () => {
    const p = new FakeProvider('us-east-1')
    p.failOn.set(
      'publishLayer',
      new ProviderError({
        provider: 'aws',
        operation: 'lambda:PublishLayerVersion',
        region: 'us-east-1',
        message: 'bad',
        retryable: false
      })
    )
    await publishRegion(p, archiveOf(Buffer.from('n')), plan, log)
    expect(p.calls.filter((c) => c === 'publishLayer')).toHaveLength(1)
  })
  it('a run that lost a race deletes its duplicate and returns the winner', async () => {
    const p = new FakeProvider('us-east-1')
    const orig = p.publishLayer.bind(p)
    p.publishLayer = async (...args) => {
      await orig(...args) // the other run's version lands first
      return orig(...args)
    }
    const r = await publishRegion(p, archiveOf(Buffer.from('race')), plan, log)
    expect(r).toMatchObject({ status: 'published', version: 1 })
    expect(p.versions.map((v) => v.version)).toEqual([1])
  })
})

describe('regions are independent', () => {
  it('throttling that backs off in one region does not stall the others', async () => {
    const finished: string[] = []
    const throttled = () =>
      new ProviderError({
        provider: 'aws',
        operation: 'lambda:PublishLayerVersion',
        region: 'r-slow-1',
        code: 'TooManyRequestsException',
        message: 'Rate exceeded',
        httpStatus: 429,
        retryable: true
      })
    const results = await publishAll(
      ['r-slow-1', 'r-fast-1', 'r-fast-2'],
      async (region) => {
        const p = new FakeProvider(region)
        const orig = p.publishLayer.bind(p)
        let calls = 0
        p.publishLayer = async (...args) => {
          if (region === 'r-slow-1' && ++calls < 3) {
            await new Promise((r) => setTimeout(r, 100))
            throw throttled()
          }
          const v = await orig(...args)
          finished.push(region)
          return v
        }
        return p
      },
      archiveOf(Buffer.from('throttle')),
      {
        ...plan,
        sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50)))
      },
      log,
      4
    )
    expect(results.map((r) => r.status)).toEqual([
      'published',
      'published',
      'published'
    ])
    // The fast regions finish (in either order) while the slow one backs off.
    expect(finished.slice(0, 2).sort()).toEqual(['r-fast-1', 'r-fast-2'])
    expect(finished[2]).toBe('r-slow-1')
  })
})
