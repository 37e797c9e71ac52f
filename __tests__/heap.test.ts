import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setImmediate as tick } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActionInputs } from '../src/inputs/types.js'
import { EntryTable } from '../src/package/entry-table.js'
import { writeZip } from '../src/package/zip-writer.js'
import { buildArchive } from '../src/packaging.js'
import { collectGarbage } from '../src/util/heap.js'
import { removeDir, tempDir } from './fixtures/package-helpers.js'

let dir: string
beforeAll(() => {
  dir = tempDir('heap')
})
afterAll(() => removeDir(dir))

describe('collectGarbage', () => {
  it('collects what nothing refers to, without --expose-gc on the command line', async () => {
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe('undefined')
    let target: object | undefined = { payload: new Array(1000).fill(1) }
    const ref = new WeakRef(target)
    target = undefined
    // A WeakRef holds its target until the job that made it ends.
    await tick()
    collectGarbage()
    expect(ref.deref()).toBeUndefined()
    collectGarbage()
  })
})

describe('buildArchive', () => {
  it("collects selection's garbage before writing and packaging's after", async () => {
    const file = join(dir, 'a.txt')
    writeFileSync(file, 'hello\n')
    const out = join(dir, 'temp', 'publish-layer', 'layer.zip')
    const inputs = {
      runnerTemp: join(dir, 'temp'),
      layerName: 'layer',
      source: { kind: 'paths', baseDirectory: dir }
    } as unknown as ActionInputs
    const seen: boolean[] = []
    const entries = EntryTable.of([
      { name: 'a.txt', kind: 'file', sourcePath: file, mode: 0o644, size: 6 }
    ])
    const log = { info: () => {}, warning: () => {}, debug: () => {} }
    const archive = await buildArchive(inputs, entries, log, () =>
      seen.push(existsSync(out))
    )
    expect(archive.entryCount).toBe(1)
    expect(seen).toEqual([false, true])
  })

  it('collects as it writes, once every 8,192 entries', async () => {
    // One small file under 16,400 names: two collections while writing.
    const file = join(dir, 'b.txt')
    writeFileSync(file, 'x')
    const entries = EntryTable.of(
      Array.from({ length: 16_400 }, (_, i) => ({
        name: `f${String(i).padStart(5, '0')}`,
        kind: 'file' as const,
        sourcePath: file,
        mode: 0o644,
        size: 1
      }))
    )
    let calls = 0
    const archive = await writeZip(entries, join(dir, 'many.zip'), {
      collect: () => calls++
    })
    expect(archive.entryCount).toBe(16_400)
    expect(calls).toBe(2)
  })
})
