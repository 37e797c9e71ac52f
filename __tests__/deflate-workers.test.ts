import { setImmediate as tick } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { DeflateWorkers } from '../src/package/deflate-workers.js'
import { collectGarbage } from '../src/util/heap.js'

describe('DeflateWorkers.close', () => {
  it('lets go of the shared memory at once, while its threads still wind down', async () => {
    let memory: Buffer | undefined = Buffer.from(new SharedArrayBuffer(1 << 16))
    const ref = new WeakRef(memory)
    const failures: unknown[] = []
    let pool: DeflateWorkers | undefined = new DeflateWorkers(
      memory,
      6,
      2,
      2,
      () => undefined,
      (err) => failures.push(err)
    )
    memory = undefined
    const exited = pool.close()
    pool = undefined
    // A WeakRef holds its target until the job that made it ends.
    await tick()
    collectGarbage()
    // A terminating worker is kept by Node until its thread exits; its
    // listeners kept the pool, and the pool the ring (its whole budget),
    // through the upload and the publish (bench/README.md, "Eighth pass").
    expect(ref.deref()).toBeUndefined()
    // And the threads do exit, as terminate() reports (its own 'exit'
    // listener survives the pool's).
    await exited
    expect(failures).toEqual([])
  })
})
