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

  describe('with two versions of it (concurrent runs): the oldest is the one every run keeps', () => {
    async function two(
      first: 'Publishing' | 'Active',
      second: 'Publishing' | 'Active'
    ): Promise<AsyncProvider> {
      const p = await scene()
      const v2 = await p.publishLayer(plan.settings, {
        kind: 'inline',
        zip: bytes
      })
      p.versions[0]!.status = first
      v2.status = second
      p.calls.length = 0
      return p
    }
    const waitedFor = (p: AsyncProvider): number[] =>
      p.versions.filter((v) => v.status === 'Active').map((v) => v.version)

    it('both publishing: waits for the older, not the newer its run will delete', async () => {
      const p = await two('Publishing', 'Publishing')
      const r = await publishRegion(p, archive, plan, log)
      expect(r).toMatchObject({ status: 'unchanged', version: 1 })
      expect(waitedFor(p)).toEqual([1])
      expect(p.calls).not.toContain('publishLayer')
    })
    it('the newer already Active, the older still publishing: waits for the older', async () => {
      const p = await two('Publishing', 'Active')
      const r = await publishRegion(p, archive, plan, log)
      expect(r).toMatchObject({ status: 'unchanged', version: 1 })
      expect(p.calls).toContain('waitUntilUsable')
    })
    it('the older Active: kept at once, with no wait for the newer', async () => {
      const p = await two('Active', 'Publishing')
      const r = await publishRegion(p, archive, plan, log)
      expect(r).toMatchObject({ status: 'unchanged', version: 1 })
      expect(p.calls).not.toContain('waitUntilUsable')
    })
  })
})
