import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InputError } from '../src/errors.js'
import { selectFiles, type SelectOptions } from '../src/package/index.js'
import { makeTree, removeDir, tempDir } from './fixtures/package-helpers.js'

let root: string
let base: string

beforeEach(() => {
  root = realpathSync(tempDir('select'))
  base = join(root, 'base')
  mkdirSync(base)
})
afterEach(() => removeDir(root))

function opts(over: Partial<SelectOptions> = {}): SelectOptions {
  return {
    patterns: ['**'],
    baseDirectory: base,
    prefix: '',
    symlinks: 'follow',
    ...over
  }
}

async function rejection(p: Promise<unknown>): Promise<InputError> {
  const err: unknown = await p.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(err).toBeInstanceOf(InputError)
  return err as InputError
}

describe('selectFiles', () => {
  it('includes hidden files, descends into matched directories, excludes, sorts by bytes', async () => {
    makeTree(base, {
      'lib/a.py': 'a',
      'lib/__pycache__/a.cpython-312.pyc': 'compiled',
      'lib/Z.py': 'z',
      '.env.example': 'hidden',
      'lib/.hidden/x': 'x',
      'bin/run': { data: '#!/bin/sh\n', mode: 0o750 },
      'b~tilde': 't',
      'é.txt': 'accent'
    })
    const entries = await selectFiles(
      opts({
        patterns: [
          'lib',
          'bin/',
          '.env.example',
          'b~tilde',
          'é.txt',
          '!**/__pycache__/**'
        ]
      })
    )
    expect(entries.map((e) => e.name)).toEqual([
      '.env.example',
      'bin/run',
      'b~tilde',
      'lib/.hidden/x',
      'lib/Z.py',
      'lib/a.py',
      'é.txt'
    ])
    const run = entries.find((e) => e.name === 'bin/run')
    expect(run).toMatchObject({ kind: 'file', mode: 0o755, size: 10 })
    expect(run?.sourcePath).toBe(join(base, 'bin/run'))
    expect(entries.find((e) => e.name === 'lib/a.py')?.mode).toBe(0o644)
  })

  it('puts entries under the prefix and deduplicates overlapping patterns', async () => {
    makeTree(base, { 'pkg/mod.py': 'x', 'pkg/sub/y.py': 'y' })
    const entries = await selectFiles(
      opts({
        patterns: ['pkg', 'pkg/**/*.py', 'pkg/sub/y.py'],
        prefix: 'python'
      })
    )
    expect(entries.map((e) => e.name)).toEqual([
      'python/pkg/mod.py',
      'python/pkg/sub/y.py'
    ])
  })

  it('names the patterns when nothing matches', async () => {
    makeTree(base, { 'a.txt': 'a' })
    const err = await rejection(
      selectFiles(opts({ patterns: ['*.py', '!a.txt'] }))
    )
    expect(err.input).toBe('path')
    expect(err.rule).toBe(
      `no file matched the patterns: *.py, !a.txt (relative to ${base})`
    )
  })

  it('treats a set of excludes only as matching nothing', async () => {
    makeTree(base, { 'a.txt': 'a' })
    const err = await rejection(selectFiles(opts({ patterns: ['!a.txt'] })))
    expect(err.rule).toMatch(/^no file matched/)
  })

  it('refuses a pattern that leaves the base directory', async () => {
    writeFileSync(join(root, 'secret'), 'x')
    makeTree(base, { 'a.txt': 'a' })
    for (const pattern of ['../secret', 'sub/../../secret', `${root}/secret`]) {
      const err = await rejection(selectFiles(opts({ patterns: [pattern] })))
      expect(err.input).toBe('path')
      expect(err.rule).toContain('outside base-directory')
    }
  })

  it('follows links inside the base: content and mode of the target', async () => {
    makeTree(base, {
      'real/tool': { data: 'bin', mode: 0o755 },
      'real/data.txt': 'data',
      'tool-link': { link: 'real/tool' },
      'dir-link': { link: 'real' }
    })
    const entries = await selectFiles(opts())
    expect(entries.map((e) => [e.name, e.kind, e.mode, e.sourcePath])).toEqual([
      ['dir-link/data.txt', 'file', 0o644, join(base, 'real/data.txt')],
      ['dir-link/tool', 'file', 0o755, join(base, 'real/tool')],
      ['real/data.txt', 'file', 0o644, join(base, 'real/data.txt')],
      ['real/tool', 'file', 0o755, join(base, 'real/tool')],
      ['tool-link', 'file', 0o755, join(base, 'real/tool')]
    ])
  })

  it('preserves links as relative links; absolute targets are rewritten', async () => {
    makeTree(base, {
      'lib/libx.so.1.2': 'elf',
      'lib/libx.so.1': { link: 'libx.so.1.2' },
      'lib/abs': { link: join(base, 'lib/libx.so.1.2') },
      'lib/detour': { link: '../../base/lib/libx.so.1.2' },
      'lib/dir': { link: '.' }
    })
    const entries = await selectFiles(
      opts({ symlinks: 'preserve', prefix: 'p' })
    )
    const links = entries.filter((e) => e.kind === 'symlink')
    expect(links.map((e) => [e.name, e.linkTarget, e.mode, e.size])).toEqual([
      ['p/lib/abs', 'libx.so.1.2', 0o777, 11],
      ['p/lib/detour', 'libx.so.1.2', 0o777, 11],
      ['p/lib/dir', '.', 0o777, 1],
      ['p/lib/libx.so.1', 'libx.so.1.2', 0o777, 11]
    ])
  })

  for (const symlinks of ['follow', 'preserve'] as const) {
    it(`rejects a link that resolves outside the base (${symlinks})`, async () => {
      writeFileSync(join(root, 'secret'), 'do not read')
      makeTree(base, { 'ok.txt': 'ok', leak: { link: '../secret' } })
      const err = await rejection(selectFiles(opts({ symlinks })))
      expect(err.input).toBe('symlinks')
      expect(err.rule).toBe(
        'link leak -> ../secret resolves outside base-directory'
      )
    })

    it(`rejects a dangling link, naming it (${symlinks})`, async () => {
      makeTree(base, { 'ok.txt': 'ok', gone: { link: 'nowhere' } })
      const err = await rejection(selectFiles(opts({ symlinks })))
      expect(err.input).toBe('symlinks')
      expect(err.rule).toContain('gone -> nowhere')
    })
  }

  it('names the directory link that leads outside the base', async () => {
    mkdirSync(join(root, 'outside'))
    writeFileSync(join(root, 'outside/file'), 'x')
    makeTree(base, { 'ok.txt': 'ok' })
    symlinkSync('../outside', join(base, 'vendor'))
    const err = await rejection(selectFiles(opts()))
    expect(err.rule).toBe(
      'link vendor -> ../outside resolves outside base-directory'
    )
    // preserve stores the link itself, and still refuses it
    const err2 = await rejection(selectFiles(opts({ symlinks: 'preserve' })))
    expect(err2.rule).toContain('link vendor -> ../outside')
  })

  it('anchors patterns at a base whose path holds glob characters', async () => {
    const odd = join(root, 'we[ir]d*dir')
    mkdirSync(odd)
    makeTree(odd, { 'x.txt': 'x' })
    const entries = await selectFiles(
      opts({ baseDirectory: odd, patterns: ['*.txt'] })
    )
    expect(entries.map((e) => e.name)).toEqual(['x.txt'])
  })
})

describe('selectFiles: patterns as users write them', () => {
  const names = async (patterns: string[]): Promise<string[]> =>
    (await selectFiles(opts({ patterns }))).map((e) => e.name)

  beforeEach(() => {
    makeTree(base, {
      'python/a.py': 'a',
      'python/sub/b.so': 'b',
      'python/sub/deep/c.so': 'c',
      'top.txt': 't'
    })
  })

  it('reads ./, . folders and repeated slashes as the plain pattern', async () => {
    const all = ['python/a.py', 'python/sub/b.so', 'python/sub/deep/c.so']
    for (const [written, expected] of [
      ['./python/**', all],
      ['python/', all],
      ['./python/', all],
      ['././python', all],
      ['.//python//', all],
      ['python/.', all],
      ['python//sub/', all.slice(1)],
      ['python/./sub/deep', all.slice(2)],
      ['**/*.so', all.slice(1)],
      ['./**/*.so', all.slice(1)],
      [`${base}/./python//sub/deep`, all.slice(2)],
      ['./', [...all, 'top.txt']],
      ['.', [...all, 'top.txt']]
    ] as const) {
      expect(await names([written]), written).toEqual(expected)
    }
    // The same forms exclude.
    expect(await names(['./', '!./python//sub/', '!.//top.txt'])).toEqual([
      'python/a.py'
    ])
  })

  it('refuses .. and escaped . folders in the user’s terms, without the base path', async () => {
    const cases: [string, string][] = [
      [
        'python/sub/..',
        'pattern "python/sub/.." goes up a folder with "..": patterns are matched below base-directory, so write the path from there without ".."'
      ],
      [
        '!../elsewhere/**',
        'pattern "!../elsewhere/**" goes up a folder with "..": patterns are matched below base-directory, so write the path from there without ".."'
      ],
      [
        'python/[.]/a.py',
        'pattern "python/[.]/a.py" names a "." or ".." folder (escaped or not), which patterns may not'
      ],
      [
        './python/[.][.]/x',
        'pattern "python/[.][.]/x" names a "." or ".." folder (escaped or not), which patterns may not'
      ]
    ]
    for (const [pattern, rule] of cases) {
      const err = await rejection(
        selectFiles(opts({ patterns: ['python/**', pattern] }))
      )
      expect(err.input).toBe('path')
      expect(err.rule).toBe(rule)
      expect(err.message).not.toContain(root)
    }
  })

  it('refuses a pattern too long for the matcher, quoting only its start', async () => {
    const long = `python/${'x'.repeat(70_000)}`
    const err = await rejection(selectFiles(opts({ patterns: [long] })))
    expect(err.input).toBe('path')
    expect(err.rule).toBe(
      `pattern "${long.slice(0, 200)}…" is too long (the matcher takes at most 65,536 characters, base-directory's path included)`
    )
    expect(err.message).not.toContain(root)
  })
})

describe('selectFiles: file names that are not UTF-8', () => {
  const badName = (dir: string, before: string, after: string): Buffer =>
    Buffer.concat([
      Buffer.from(`${dir}/${before}`),
      Buffer.from([0xff]),
      Buffer.from(after)
    ])

  beforeEach(() => {
    makeTree(base, { 'python/ok.py': 'ok', 'python/g\uFFFD.txt': 'genuine' })
    writeFileSync(badName(join(base, 'python'), 'f', 'é.py'), 'x')
  })

  it('names the file, escaped, and the rule', async () => {
    for (const patterns of [['python/'], ['**'], ['./python/*.py']]) {
      const err = await rejection(selectFiles(opts({ patterns })))
      expect(err.input).toBe('path')
      expect(err.rule).toBe(
        'file name python/f\\xffé.py is not valid UTF-8: zip entry names are UTF-8, and Lambda and SCF extract them as UTF-8, so rename it or leave it out with a "!" pattern'
      )
    }
  })

  it('names a folder whose name is not UTF-8 when the walk would enter it', async () => {
    mkdirSync(badName(base, 'dir', ''))
    writeFileSync(
      Buffer.concat([badName(base, 'dir', ''), Buffer.from('/x')]),
      'x'
    )
    const err = await rejection(selectFiles(opts({ patterns: ['*/x'] })))
    expect(err.rule).toMatch(/^file name dir\\xff is not valid UTF-8/)
  })

  it('packages the rest when the file is left out; a real U+FFFD is valid', async () => {
    for (const patterns of [
      ['python/**', '!python/f*'],
      ['python/ok.py', 'python/g*']
    ]) {
      expect(
        (await selectFiles(opts({ patterns }))).map((e) => e.name)
      ).toEqual(['python/g\uFFFD.txt', 'python/ok.py'])
    }
  })
})
