import { appendFileSync, existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateTree, type TreeKind } from '../bench/trees.js'
import { PackagingError } from '../src/errors.js'
import {
  listFiles,
  prestartWorkers,
  selectFiles,
  writeZip,
  type EntryList,
  type ZipOptions,
  type ZipEntrySource
} from '../src/package/index.js'
import { mixedTree } from './fixtures/mixed-tree.js'
import { removeDir, tempDir } from './fixtures/package-helpers.js'

/*
 * The archive's bytes are part of its contract: skip-unchanged compares a
 * new archive's SHA-256 (and the fingerprint in its comment) with the ones
 * already published. These seeded trees (bench/trees.ts, the benchmark's
 * generator at small scales) were packaged by the writer before small
 * files moved to worker threads (commit 02f41a9, format publish-layer/1);
 * every way of writing them must still give those bytes.
 */
interface Known {
  kind: TreeKind | 'mixed'
  scale: number
  files: number
  symlinks: 'follow' | 'preserve'
  prefix: string
  sha256: string
  fingerprint: string
}

const KNOWN: Known[] = [
  {
    kind: 'small-files',
    scale: 0.05,
    files: 1000,
    symlinks: 'follow',
    prefix: 'python',
    sha256: '38eb6cb67cef73d9c3751f8c07eb67c4af9b16662574858f82dfafacec184027',
    fingerprint:
      '8d9527b9db5349602dbac2a54ec50bb08ae50551a0fb91cea55d7fadb998adb2'
  },
  {
    kind: 'binary-heavy',
    scale: 0.02,
    files: 40,
    symlinks: 'follow',
    prefix: 'python',
    sha256: 'd5deb525f021cbccdb89ae51688094c37b1f42a7b23154e89d93629691c2b2d9',
    fingerprint:
      '12d06d5318fc105df2eebbafaa97830071d3e784ab25b69fef99b2af32d4335e'
  },
  // Chunks with dictionaries, the probe's two verdicts, the boundaries.
  {
    kind: 'mixed',
    scale: 1,
    files: 311,
    symlinks: 'follow',
    prefix: 'nodejs',
    sha256: 'bec87749668dc1c037e76a135af86a0044589d78da5f6b8ff59613845c908bf9',
    fingerprint:
      '3d3ee0908ca8a05cb134f042ed84d2ab5b97370907657440299b8a9f03fb6280'
  },
  {
    kind: 'mixed',
    scale: 1,
    files: 311,
    symlinks: 'preserve',
    prefix: 'nodejs',
    sha256: 'e88e2bc14c8339fe80b829474acab3f310f3817176c62f5de020dd256eae0e52',
    fingerprint:
      'b3d4a3db82ce4f6372225573f393aaa591d93cc370f71fb8c95a5a8a31e28af3'
  }
]

// Each lane's files must meet the same stream in the same order whatever
// the number of workers; a budget of 1 MiB makes the reader wait often.
const WAYS: { name: string; opts: ZipOptions }[] = [
  { name: 'default', opts: {} },
  { name: 'small files on the main thread', opts: { smallFilesInline: true } },
  { name: 'one worker', opts: { workers: 1, smallFilesInline: false } },
  { name: 'three workers', opts: { workers: 3, smallFilesInline: false } },
  {
    name: 'two workers, 1 MiB budget',
    opts: { workers: 2, memoryBudgetBytes: 1 << 20, smallFilesInline: false }
  },
  { name: 'a 64 MiB budget', opts: { memoryBudgetBytes: 64 << 20 } }
]

let root: string
beforeAll(() => {
  root = tempDir('bytes')
  generateTree('small-files', join(root, 'small-files'), 0.05)
  generateTree('binary-heavy', join(root, 'binary-heavy'), 0.02)
  mixedTree(join(root, 'mixed'))
})
afterAll(() => removeDir(root))

const select = (
  dir: string,
  lazily: boolean,
  k: Pick<Known, 'prefix' | 'symlinks'> = {
    prefix: 'python',
    symlinks: 'follow'
  }
): Promise<EntryList> =>
  (lazily ? listFiles : selectFiles)({
    patterns: ['**'],
    baseDirectory: dir,
    ...k
  })

describe('archive bytes (format publish-layer/1)', () => {
  for (const k of KNOWN) {
    for (const way of WAYS) {
      it(`${k.kind} at scale ${k.scale} (links ${k.symlinks}), ${way.name}: the known SHA-256 and fingerprint`, async () => {
        const dir = join(root, k.kind)
        // The action lists lazily; other callers get sizes up front.
        for (const lazily of [true, false]) {
          const entries = await select(dir, lazily, k)
          expect(entries).toHaveLength(k.files)
          const out = join(root, `${k.kind}-${k.symlinks}-${lazily}.zip`)
          const info = await writeZip(entries, out, way.opts)
          expect(info.sha256).toBe(k.sha256)
          expect(info.filesSha256).toBe(k.fingerprint)
          expect(info.entryCount).toBe(k.files)
        }
      })
    }
  }
})

describe('small files in worker threads', () => {
  it('gives the same bytes with a worker started ahead (prestartWorkers)', async () => {
    prestartWorkers(2)
    const k = KNOWN[0] as Known
    const entries = await select(join(root, k.kind), true, k)
    const info = await writeZip(entries, join(root, 'warm.zip'), {
      smallFilesInline: false
    })
    expect(info.sha256).toBe(k.sha256)
  })

  it('names a file that cannot be read, and leaves no partial archive', async () => {
    const dir = join(root, 'small-files')
    const entries = await selectFiles({
      patterns: ['**'],
      baseDirectory: dir,
      prefix: '',
      symlinks: 'follow'
    })
    const victim = entries[700] as ZipEntrySource
    const gone = { ...victim, sourcePath: join(root, 'no-such-file') }
    const out = join(root, 'unreadable.zip')
    const list = entries.map((e) => (e === victim ? gone : e))
    const err: unknown = await writeZip(list, out, {
      workers: 2,
      smallFilesInline: false
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PackagingError)
    expect((err as Error).message).toBe(
      `cannot read ${victim.name} (${gone.sourcePath}): ENOENT: no such file or directory, open '${gone.sourcePath}'`
    )
    expect(existsSync(out)).toBe(false)
  })

  it('notices a file that grew after it was selected', async () => {
    const dir = tempDir('grew')
    generateTree('small-files', dir, 0.01)
    try {
      const entries = await selectFiles({
        patterns: ['**'],
        baseDirectory: dir,
        prefix: '',
        symlinks: 'follow'
      })
      const victim = entries[150] as ZipEntrySource
      appendFileSync(victim.sourcePath, 'more')
      const err: unknown = await writeZip(
        entries,
        join(dir, '..', 'grew.zip'),
        {
          workers: 2,
          smallFilesInline: false
        }
      ).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(PackagingError)
      expect((err as Error).message).toBe(
        `${victim.name} (${victim.sourcePath}) changed size while being packaged`
      )
    } finally {
      removeDir(dir)
    }
  })

  it('reads a listed file’s size when the packager reaches it, and names it if it is gone', async () => {
    const dir = tempDir('listed')
    generateTree('small-files', dir, 0.01)
    try {
      const lazy = await select(dir, true)
      const eager = await select(dir, false)
      const victim = lazy.at(120) as ZipEntrySource
      rmSync(victim.sourcePath)
      const err: unknown = await writeZip(lazy, join(dir, '..', 'gone.zip'), {
        workers: 2,
        smallFilesInline: false
      }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(PackagingError)
      expect((err as Error).message).toMatch(
        new RegExp(`^cannot read ${victim.name} \\(.*\\): ENOENT`)
      )
      // The others were read as selectFiles reads them.
      for (let i = 0; i < lazy.length; i++) {
        const e = lazy.at(i) as ZipEntrySource
        if (e.name === victim.name) continue
        expect({ size: e.size, mode: e.mode }).toEqual({
          size: eager.at(i)?.size,
          mode: eager.at(i)?.mode
        })
      }
    } finally {
      removeDir(dir)
    }
  })
})
