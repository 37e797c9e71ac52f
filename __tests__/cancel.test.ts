/** Cancellation: the signal, the checkpoints before writes, the forced exit. */
import { describe, expect, it } from 'vitest'
import { EventEmitter } from 'node:events'
import { watchCancellation } from '../src/cancel.js'
import { CancelledError } from '../src/errors.js'
import type { PublishPlan } from '../src/publish/plan.js'
import { publishAll } from '../src/publish/fan-out.js'
import { FakeProvider } from './helpers/fake-provider.js'
import { archiveOf, quietLog, testPlan } from './helpers/plan.js'

describe('watchCancellation', () => {
  it('aborts on the first SIGINT or SIGTERM and forces an exit if the run lingers', async () => {
    const proc = new EventEmitter()
    const forced: CancelledError[] = []
    const c = watchCancellation(
      (e) => forced.push(e),
      proc as unknown as NodeJS.Process,
      5
    )
    expect(c.signal.aborted).toBe(false)
    proc.emit('SIGTERM', 'SIGTERM')
    proc.emit('SIGINT', 'SIGINT')
    expect(c.signal.aborted).toBe(true)
    expect(c.signal.reason).toBeInstanceOf(CancelledError)
    expect((c.signal.reason as Error).message).toMatch(
      /^The step was cancelled \(SIGTERM\)/
    )
    await new Promise((r) => setTimeout(r, 30))
    expect(forced).toHaveLength(1)
    c.dispose()
    expect(proc.listenerCount('SIGTERM')).toBe(0)
  })
  it('a run over before any signal stops listening and is never forced out', async () => {
    const proc = new EventEmitter()
    const forced: unknown[] = []
    const c = watchCancellation(
      (e) => forced.push(e),
      proc as unknown as NodeJS.Process,
      5
    )
    c.dispose()
    proc.emit('SIGINT', 'SIGINT')
    await new Promise((r) => setTimeout(r, 30))
    expect(forced).toEqual([])
    expect(c.signal.aborted).toBe(false)
  })
  it('after a signal, the forced exit stays armed past the end of the run', async () => {
    const proc = new EventEmitter()
    const forced: unknown[] = []
    const c = watchCancellation(
      (e) => forced.push(e),
      proc as unknown as NodeJS.Process,
      5
    )
    proc.emit('SIGINT', 'SIGINT')
    c.dispose()
    await new Promise((r) => setTimeout(r, 30))
    expect(forced).toHaveLength(1)
  })
})

describe('a cancelled step', () => {
  const archive = archiveOf(Buffer.alloc(4096, 7))
  const plan = (signal: AbortSignal): PublishPlan =>
    testPlan({ bucket: 'b', maxAttempts: 3, signal })
  const log = quietLog

  it('starts no region and publishes nothing', async () => {
    const c = new AbortController()
    c.abort(new CancelledError('SIGINT'))
    const made: string[] = []
    const results = await publishAll(
      ['r-1', 'r-2'],
      async (region) => {
        made.push(region)
        return new FakeProvider(region)
      },
      archive,
      plan(c.signal),
      log
    )
    expect(made).toEqual([])
    expect(results.map((r) => r.error)).toEqual([
      expect.stringMatching(/cancelled \(SIGINT\)/),
      expect.stringMatching(/cancelled \(SIGINT\)/)
    ])
  })
  it('cancelled during the upload does not publish', async () => {
    const c = new AbortController()
    const p = new FakeProvider('r-1')
    const upload = p.uploadArchive.bind(p)
    p.uploadArchive = async (...args) => {
      const done = await upload(...args)
      c.abort(new CancelledError('SIGTERM'))
      return done
    }
    const [r] = await publishAll(
      ['r-1'],
      async () => p,
      archive,
      plan(c.signal),
      log
    )
    expect(p.calls).toContain('uploadArchive')
    expect(p.calls).not.toContain('publishLayer')
    expect(r!.status).toBe('failed')
  })
})
