/**
 * A version of this archive still Publishing (a concurrent run's, or one
 * whose runner died while it waited for Active) is waited for, not
 * published again; if it fails, the run publishes its own.
 */
import { describe, expect, it } from 'vitest'
import { publishRegion } from '../src/publish/region.js'
import type { LayerVersion } from '../src/providers/types.js'
import { FakeProvider } from './helpers/fake-provider.js'
import { archiveOf, quietLog, testPlan } from './helpers/plan.js'

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
const archive = archiveOf(bytes)
const plan = testPlan({
  provider: 'tencent',
  settings: { ...testPlan().settings, compatibleRuntimes: ['Python3.9'] },
  maxAttempts: 1
})
const log = quietLog

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
