import { execFileSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import {
  cpSync,
  existsSync,
  lstatSync,
  readFileSync,
  readlinkSync,
  statSync,
  utimesSync,
  writeFileSync
} from 'node:fs'
import { join } from 'node:path'
import * as zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PackagingError } from '../src/errors.js'
import {
  inspectZip,
  listedArchive,
  selectFiles,
  writeZip,
  type ZipEntrySource
} from '../src/package/index.js'
import {
  makeTree,
  pyEntries,
  removeDir,
  tempDir,
  unzipTest
} from './fixtures/package-helpers.js'

let root: string
let tree: string

// Compressible but not trivially so: words drawn from a seeded sequence.
function prose(bytes: number, seed = 1): Buffer {
  const words = ['layer', 'lambda', 'zip', 'deflate', 'python', 'node', 'fn']
  let s = seed
  const parts: string[] = []
  let n = 0
  while (n < bytes) {
    s = (s * 1103515245 + 12345) >>> 0
    const w = `${words[s % words.length]}${s % 97} `
    parts.push(w)
    n += w.length
  }
  return Buffer.from(parts.join('').slice(0, bytes))
}

const noise = randomBytes(300 * 1024)

const spec = {
  'python/pkg/__init__.py': '',
  'python/pkg/mod.py': prose(20_000),
  'python/pkg/big.txt': prose(300_000, 7),
  'python/pkg/native.so': { data: noise, mode: 0o755 },
  'python/bin/tool': { data: '#!/bin/sh\necho hi\n', mode: 0o700 },
  'python/.hidden': 'dot',
  'python/tiny': 'x',
  'python/ünïcødé.txt': 'utf-8 name',
  'python/link': { link: 'pkg/mod.py' }
}

async function build(
  dir: string,
  out: string,
  symlinks: 'follow' | 'preserve' = 'preserve',
  zipOpts = {}
): Promise<Awaited<ReturnType<typeof writeZip>>> {
  const entries = await selectFiles({
    patterns: ['**'],
    baseDirectory: dir,
    prefix: '',
    symlinks
  })
  return writeZip(entries, out, zipOpts)
}

beforeAll(() => {
  root = tempDir('zip')
  tree = join(root, 'tree')
  makeTree(tree, spec)
})
afterAll(() => removeDir(root))

describe('writeZip', () => {
  it('writes an archive independent readers accept, with names, modes and contents', async () => {
    const out = join(root, 'a.zip')
    const info = await build(tree, out)
    expect(unzipTest(out)).toContain('No errors detected')
    const entries = pyEntries(out)
    expect(entries.map((e) => e.name)).toEqual([
      'python/.hidden',
      'python/bin/tool',
      'python/link',
      'python/pkg/__init__.py',
      'python/pkg/big.txt',
      'python/pkg/mod.py',
      'python/pkg/native.so',
      'python/tiny',
      'python/ünïcødé.txt'
    ])
    const by = Object.fromEntries(entries.map((e) => [e.name, e]))
    for (const e of entries) {
      expect(e.system).toBe(3)
      expect(e.extra).toBe('')
      expect(e.date).toEqual([1980, 1, 1, 0, 0, 0])
      expect(e.flags & 0x08).toBe(0)
    }
    expect(by['python/bin/tool']).toMatchObject({ mode: 0o755, type: 0o100000 })
    expect(by['python/pkg/native.so']).toMatchObject({ mode: 0o755, method: 0 })
    expect(by['python/pkg/mod.py']).toMatchObject({ mode: 0o644, method: 8 })
    expect(by['python/pkg/big.txt']?.method).toBe(8)
    expect(by['python/pkg/__init__.py']).toMatchObject({ size: 0, method: 0 })
    expect(by['python/tiny']?.method).toBe(0)
    expect(by['python/link']).toMatchObject({ type: 0o120000, mode: 0o777 })
    expect(
      Buffer.from(by['python/link']?.data ?? '', 'base64').toString()
    ).toBe('pkg/mod.py')
    expect(by['python/ünïcødé.txt']?.flags).toBe(0x800)
    expect(by['python/tiny']?.flags).toBe(0)
    for (const [name, value] of Object.entries(spec)) {
      if (typeof value === 'object' && 'link' in value) continue
      const data =
        typeof value === 'object' && 'data' in value ? value.data : value
      expect(
        Buffer.from(by[name]?.data ?? '', 'base64').equals(Buffer.from(data)),
        name
      ).toBe(true)
    }

    const bytes = readFileSync(out)
    expect(info.size).toBe(bytes.length)
    expect(info.sha256).toBe(createHash('sha256').update(bytes).digest('hex'))
    expect(info.entryCount).toBe(9)
    expect(info.unzippedSize).toBe(entries.reduce((s, e) => s + e.size, 0))
    expect([...info.names]).toEqual(entries.map((e) => e.name))

    // unzip restores the executable bit and the link
    const x = join(root, 'x')
    execFileSync('unzip', ['-q', out, '-d', x])
    expect(statSync(join(x, 'python/bin/tool')).mode & 0o777).toBe(0o755)
    expect(statSync(join(x, 'python/pkg/mod.py')).mode & 0o111).toBe(0)
    expect(lstatSync(join(x, 'python/link')).isSymbolicLink()).toBe(true)
    expect(readlinkSync(join(x, 'python/link'))).toBe('pkg/mod.py')
  })

  it('knows the archive before writing it: sizes, count and names exact, its size bounded', async () => {
    const entries = await selectFiles({
      patterns: ['**'],
      baseDirectory: tree,
      prefix: '',
      symlinks: 'preserve'
    })
    const listed = listedArchive(entries)
    const info = await writeZip(entries, join(root, 'listed.zip'))
    expect(listed.unzippedSize).toBe(info.unzippedSize)
    expect(listed.entryCount).toBe(info.entryCount)
    expect([...listed.names]).toEqual([...info.names])
    expect(listed.size).toBeGreaterThanOrEqual(info.size)
    // Incompressible data: the bound must hold when nothing is deflated.
    const noisy = join(root, 'noisy')
    makeTree(noisy, { 'a.bin': randomBytes(300_000), 'b.bin': randomBytes(7) })
    const raw = await selectFiles({
      patterns: ['**'],
      baseDirectory: noisy,
      prefix: '',
      symlinks: 'preserve'
    })
    const bound = listedArchive(raw).size
    const written = await writeZip(raw, join(root, 'noisy.zip'))
    expect(bound).toBeGreaterThanOrEqual(written.size)
    expect(bound).toBeLessThan(written.size + 0xffff + 1024)
  })

  it('gives the same bytes for the same tree: twice, elsewhere, other mtimes and umask', async () => {
    const first = await build(tree, join(root, 'd1.zip'))
    const second = await build(tree, join(root, 'd2.zip'))
    expect(second.sha256).toBe(first.sha256)

    const copy = join(root, 'copy')
    const old = process.umask(0o077)
    try {
      cpSync(tree, copy, { recursive: true, verbatimSymlinks: true })
      // A different umask and a plain copy give other permission bits.
      execFileSync('chmod', ['-R', 'go-rwx', copy])
    } finally {
      process.umask(old)
    }
    const when = new Date('2031-05-06T07:08:09Z')
    execFileSync('find', [
      copy,
      '-exec',
      'touch',
      '-h',
      '-d',
      when.toISOString(),
      '{}',
      '+'
    ])
    utimesSync(join(copy, 'python/tiny'), when, when)
    const third = await build(copy, join(root, 'd3.zip'))
    expect(third.sha256).toBe(first.sha256)
    expect(
      readFileSync(join(root, 'd3.zip')).equals(
        readFileSync(join(root, 'd1.zip'))
      )
    ).toBe(true)
  })

  it('gives the same bytes whatever the memory budget and worker count', async () => {
    const a = await build(tree, join(root, 'b1.zip'), 'follow')
    const b = await build(tree, join(root, 'b2.zip'), 'follow', {
      memoryBudgetBytes: 1 << 20,
      workers: 1
    })
    const c = await build(tree, join(root, 'b3.zip'), 'follow', {
      workers: 3,
      smallFilesInline: false
    })
    expect(b.sha256).toBe(a.sha256)
    expect(c.sha256).toBe(a.sha256)
    const link = pyEntries(join(root, 'b1.zip')).find(
      (e) => e.name === 'python/link'
    )
    expect(link).toMatchObject({ type: 0o100000, mode: 0o644, size: 20_000 })
  })

  it('streams a large file in chunks with the same result as in memory', async () => {
    const dir = join(root, 'large')
    // 40 MB: compressible text, then noise, then text again.
    const parts = [prose(16 << 20, 3), randomBytes(8 << 20), prose(16 << 20, 5)]
    const big = Buffer.concat(parts)
    makeTree(dir, {
      'big.bin': big,
      'noise.bin': randomBytes(5 << 20),
      'small.txt': 'small'
    })
    const streamed = await build(dir, join(root, 'l1.zip'), 'follow', {
      memoryBudgetBytes: 4 << 20
    })
    const inMemory = await build(dir, join(root, 'l2.zip'), 'follow', {
      memoryBudgetBytes: 512 << 20
    })
    expect(inMemory.sha256).toBe(streamed.sha256)
    const bytes = readFileSync(join(root, 'l1.zip'))
    expect(streamed.sha256).toBe(
      createHash('sha256').update(bytes).digest('hex')
    )
    expect(unzipTest(join(root, 'l1.zip'))).toContain('No errors detected')
    const entries = pyEntries(join(root, 'l1.zip'), false)
    const e = entries.find((x) => x.name === 'big.bin')
    expect(e).toMatchObject({
      method: 8,
      size: big.length,
      crc: zlib.crc32(big)
    })
    expect(e!.compressedSize).toBeLessThan(big.length * 0.6)
    expect(entries.find((x) => x.name === 'noise.bin')?.method).toBe(0)
    const x = join(root, 'lx')
    execFileSync('unzip', ['-q', join(root, 'l1.zip'), '-d', x])
    expect(readFileSync(join(x, 'big.bin')).equals(big)).toBe(true)
  })

  it('uses ZIP64 records beyond 65,535 entries, and only then', async () => {
    const src = join(root, 'shared.txt')
    writeFileSync(src, 'same small content\n')
    const many = (n: number): ZipEntrySource[] =>
      Array.from({ length: n }, (_, i) => ({
        name: `f/${String(i).padStart(6, '0')}.txt`,
        kind: 'file' as const,
        sourcePath: src,
        mode: 0o644,
        size: 19
      }))
    const small = join(root, 'z1.zip')
    await writeZip(many(65_535), small)
    expect(readFileSync(small).includes(Buffer.from([0x50, 0x4b, 6, 6]))).toBe(
      false
    )

    const out = join(root, 'z64.zip')
    const info = await writeZip(many(70_000), out)
    expect(info.entryCount).toBe(70_000)
    const bytes = readFileSync(out)
    const eocd64 = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 6, 6]))
    expect(eocd64).toBeGreaterThan(0)
    expect(bytes.readBigUInt64LE(eocd64 + 32)).toBe(70_000n)
    // Its central directory (~3.4 MB) went through a file beside it, gone now.
    expect(existsSync(`${out}.cd`)).toBe(false)
    expect(unzipTest(out)).toContain('No errors detected')
    const count = execFileSync('python3', [
      '-c',
      'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(len(z.infolist()), z.testzip())',
      out
    ]).toString()
    expect(count.trim()).toBe('70000 None')
    const inspected = await inspectZip(out)
    expect(inspected).toMatchObject({
      entryCount: 70_000,
      sha256: info.sha256,
      unzippedSize: 70_000 * 19
    })
  })

  it('fails with a PackagingError and leaves no partial archive', async () => {
    const out = join(root, 'fail.zip')
    const entries: ZipEntrySource[] = [
      {
        name: 'a',
        kind: 'file',
        sourcePath: join(tree, 'python/tiny'),
        mode: 0o644,
        size: 1
      },
      {
        name: 'b',
        kind: 'file',
        sourcePath: join(root, 'missing'),
        mode: 0o644,
        size: 5
      }
    ]
    const err: unknown = await writeZip(entries, out).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PackagingError)
    expect((err as Error).message).toContain('cannot read b')
    expect(existsSync(out)).toBe(false)

    const changed: ZipEntrySource[] = [
      {
        name: 'a',
        kind: 'file',
        sourcePath: join(tree, 'python/tiny'),
        mode: 0o644,
        size: 4
      }
    ]
    const err2: unknown = await writeZip(changed, out).catch((e: unknown) => e)
    expect((err2 as Error).message).toContain('changed size')
  })
})

describe('writeZip edge cases', () => {
  it('writes an empty archive for no entries', async () => {
    const dir = tempDir('empty')
    try {
      const out = join(dir, 'empty.zip')
      const info = await writeZip([], out)
      // The end record and the files' fingerprint in its comment.
      expect(info).toMatchObject({
        size: 22 + 93,
        entryCount: 0,
        unzippedSize: 0
      })
      expect([...info.names]).toEqual([])
      const count = execFileSync('python3', [
        '-c',
        'import sys, zipfile; print(len(zipfile.ZipFile(sys.argv[1]).infolist()))',
        out
      ])
      expect(count.toString().trim()).toBe('0')
    } finally {
      removeDir(dir)
    }
  })

  it('refuses two entries with the same name', async () => {
    const dir = tempDir('dup')
    try {
      writeFileSync(join(dir, 'a'), 'a')
      const e: ZipEntrySource = {
        name: 'x',
        kind: 'file',
        sourcePath: join(dir, 'a'),
        mode: 0o644,
        size: 1
      }
      const err: unknown = await writeZip(
        [e, { ...e }],
        join(dir, 'o.zip')
      ).catch((x: unknown) => x)
      expect(err).toBeInstanceOf(PackagingError)
      expect((err as Error).message).toBe('two entries are named x')
    } finally {
      removeDir(dir)
    }
  })
})
