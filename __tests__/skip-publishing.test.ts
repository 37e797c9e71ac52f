/**
 * A version of this archive still Publishing (a concurrent run's, or one
 * whose runner died while it waited for Active) is waited for, not
 * published again; if it fails, the run publishes its own.
 */
import { describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import type { ArchiveInfo } from '../src/package/types.js'
import type { PublishPlan } from '../src/publish/plan.js'
import { publishRegion } from '../src/publish/region.js'
import type { LayerVersion } from '../src/providers/types.js'
import { FakeProvider } from './helpers/fake-provider.js'

class AsyncProvider extends FakeProvider {
  outcome: 'Active' | 'PublishFailed' = 'Active'
  async waitUntilUsable(_name: string, version: number): Promise<LayerVersion> {
    this.calls.push('waitUntilUsable')
    const v = this.versions.find((x) => x.version === version)!
    v.status = this.outcome
    if (this.outcome !== 'Active') throw new Error('PublishFailed')
    return v
  }
}

const bytes = Buffer.from('layer')
const path = join(mkdtempSync(join(tmpdir(), 'pl-skip-')), 'a.zip')
writeFileSync(path, bytes)
const archive: ArchiveInfo = {
  path,
  size: bytes.length,
  sha256: createHash('sha256').update(bytes).digest('hex'),
  unzippedSize: 5,
  entryCount: 1,
  names: ['a']
}
const plan: PublishPlan = {
  provider: 'tencent',
  layerId: 'lyr',
  layerName: 'lyr',
  settings: {
    layerName: 'lyr',
    compatibleRuntimes: ['Python3.9'],
    compatibleArchitectures: [],
    description: '',
    licenseInfo: '',
    tags: {}
  },
  objectPrefix: 'p/',
  upload: 'auto',
  deleteObject: false,
  skipUnchanged: true,
  dryRun: false,
  shareWith: [],
  keepVersions: 0,
  maxAttempts: 1,
  functions: { targets: [], publishVersion: false, waitTimeoutSeconds: 5 },
  sleep: async () => {}
}
const log = { info: () => {}, warning: () => {}, debug: () => {} }

async function scene(): Promise<AsyncProvider> {
  const p = new AsyncProvider('ap-guangzhou', 'tencent')
  const v = await p.publishLayer(plan.settings, { kind: 'inline', zip: bytes })
  v.status = 'Publishing'
  p.calls.length = 0
  return p
}

describe('a version of this archive still publishing', () => {
  it('is waited for and returned unchanged, with no second publish', async () => {
    const p = await scene()
    const r = await publishRegion(p, archive, plan, log)
    expect(r).toMatchObject({ status: 'unchanged', version: 1 })
    expect(p.calls).not.toContain('publishLayer')
    expect(p.calls).toContain('waitUntilUsable')
    expect(p.versions).toHaveLength(1)
  })
  it('that fails is replaced by a version of our own', async () => {
    const p = await scene()
    p.outcome = 'PublishFailed'
    const r = await publishRegion(p, archive, plan, log)
    expect(r).toMatchObject({ status: 'published', version: 2 })
    expect(p.calls).toContain('publishLayer')
  })
})
