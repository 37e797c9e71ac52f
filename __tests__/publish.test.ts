import { describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import {
  forEachRegion,
  needsUpload,
  objectKey,
  preflight,
  progressLogger,
  publishAll,
  publishRegion,
  type PublishPlan
} from '../src/publish.js'
import { InputError, PackagingError } from '../src/errors.js'
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
  deleteObject: false
}

const logs: string[] = []
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
  ] as const)('%s upload=%s size=%d → upload %s', (provider, upload, size, expected) => {
    expect(needsUpload(size, upload, PROVIDER_RULES[provider].maxInlineBytes)).toBe(expected)
  })
  it('keys are content-addressed', () => {
    expect(objectKey('p/', 'lyr', 'ab'.repeat(32))).toBe(`p/lyr/${'ab'.repeat(32)}.zip`)
  })
})

describe('preflight', () => {
  const big = { ...archiveOf(Buffer.from('x')), size: 51 * 1024 * 1024 }
  it('rejects unzipped size above the provider limit, with the figure', () => {
    expect(() => preflight({ ...big, size: 10, unzippedSize: 262_144_001 }, plan)).toThrow(PackagingError)
    expect(() => preflight({ ...big, size: 10, unzippedSize: 262_144_001 }, plan)).toThrow(/262,144,001 bytes.*262,144,000/)
  })
  it("rejects upload 'never' with a too-large archive", () => {
    expect(() => preflight(big, { ...plan, upload: 'never' })).toThrow(InputError)
    expect(() => preflight(big, { ...plan, upload: 'never' })).toThrow(/Input 'upload'.*51\.0 MiB/)
  })
  it('requires a bucket only when uploading', () => {
    const { bucket: _b, ...noBucket } = plan
    expect(() => preflight(big, noBucket)).toThrow(/Input 'bucket': is required: the archive is 51\.0 MiB/)
    expect(() => preflight({ ...big, size: 100 }, noBucket)).not.toThrow()
  })
})

describe('publishRegion', () => {
  it('sends a small archive inline', async () => {
    const p = new FakeProvider('us-east-1')
    const r = await publishRegion(p, archiveOf(Buffer.from('small')), plan, log)
    expect(p.calls).toEqual(['publishLayer'])
    expect(r).toMatchObject({ status: 'published', version: 1, storage: 'inline', published: true, error: '' })
  })
  it('uploads a large archive under a content-addressed key in the region bucket', async () => {
    const p = new FakeProvider('eu-west-1')
    const a = archiveOf(Buffer.alloc(2000, 7))
    const r = await publishRegion(p, a, plan, log)
    expect(p.calls).toEqual(['uploadArchive', 'publishLayer'])
    expect(r.storage).toBe(`b-eu-west-1/publish-layer/lyr/${a.sha256}.zip`)
    expect(logs.some((l) => /\[eu-west-1\] upload: 100%/.test(l))).toBe(true)
  })
  it('deletes the object after success and after failure when asked', async () => {
    const ok = new FakeProvider('us-east-1')
    await publishRegion(ok, archiveOf(Buffer.alloc(2000, 1)), { ...plan, deleteObject: true }, log)
    expect(ok.calls).toEqual(['uploadArchive', 'publishLayer', 'deleteObject'])
    expect(ok.objects.size).toBe(0)
    const bad = new FakeProvider('us-east-1')
    bad.failOn.set('publishLayer', new Error('boom'))
    const r = await publishRegion(bad, archiveOf(Buffer.alloc(2000, 2)), { ...plan, deleteObject: true }, log)
    expect(r).toMatchObject({ status: 'failed', error: 'boom', published: false })
    expect(bad.objects.size).toBe(0)
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
    expect(results.map((r) => r.status)).toEqual(['published', 'published', 'failed', 'published', 'published', 'published'])
    expect(results[2]!.error).toBe('no credentials for r-c-1')
    expect(peak).toBe(2)
  })
  it('forEachRegion keeps order', async () => {
    expect(await forEachRegion(['a', 'b', 'c'], 2, async (r) => r.toUpperCase())).toEqual(['A', 'B', 'C'])
  })
})

describe('progressLogger', () => {
  it('logs each 10% step once, and every 15 s otherwise', () => {
    const lines: string[] = []
    let t = 0
    const p = progressLogger({ info: (m) => lines.push(m), warning: () => {}, debug: () => {} }, 'up', () => t)
    for (let i = 0; i <= 100; i++) p(i, 100)
    expect(lines).toHaveLength(11)
    t = 16_000
    p(100, 100)
    expect(lines).toHaveLength(12)
  })
})
