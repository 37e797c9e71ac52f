/**
 * The walk in select.ts must list exactly what @actions/glob's own search
 * lists (with the options it is given), for every kind of pattern and tree.
 */
import { describe, expect, it } from 'vitest'
import * as glob from '@actions/glob'
import { mkdirSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { runGlob } from '../src/package/glob-walk.js'
import { globOptions } from '../src/package/globber.js'
import { toGlobLines } from '../src/package/select.js'
import { makeWorkspace } from './helpers/workspace.js'

function tree(): string {
  const ws = makeWorkspace({
    'python/a.py': 'a',
    'python/.hidden/b.py': 'b',
    'python/pkg/__pycache__/c.pyc': 'c',
    'python/pkg/d.py': 'd',
    'python/pkg/data/e.json': 'e',
    'python/pkg.py': 'f',
    'python/pkg-extra/g.py': 'g',
    'node/x [1]/h.js': 'h',
    'node/y?.js': 'i',
    'top.txt': 'j',
    '.dotfile': 'k'
  })
  mkdirSync(join(ws, 'empty'))
  symlinkSync('pkg', join(ws, 'python', 'linked'))
  symlinkSync('a.py', join(ws, 'python', 'alias.py'))
  // A cycle: following links must not recurse for ever.
  symlinkSync('..', join(ws, 'python', 'pkg', 'up'))
  return ws
}

async function reference(lines: string[], follow: boolean): Promise<string[]> {
  const globber = await glob.create(lines.join('\n'), globOptions(follow))
  return (await globber.glob()).sort()
}

const cases: string[][] = [
  ['**'],
  ['python/**'],
  ['python'],
  ['python/'],
  ['python/*.py'],
  ['python/**/*.py'],
  ['python/**', '!**/__pycache__/**'],
  ['python/**', '!python/pkg/**', 'python/pkg/data/**'],
  ['python/pkg*'],
  ['python/pkg*/**/*.py', '!python/pkg-extra/**'],
  ['**/.hidden/**'],
  ['node/x [[]1]/*'],
  ['node/y[?].js'],
  ['python/linked/**'],
  ['top.txt', 'python/a.py'],
  ['nothing/**'],
  ['python/**', '!python/**'],
  // Directory-only patterns, doubled slashes, a literal file as a directory.
  ['python/pkg/'],
  ['**', '!python/pkg/'],
  ['python//pkg/*.py'],
  ['python/a.py/'],
  ['*'],
  ['python/*/'],
  ['**/*.py', '!**/pkg/**', 'python/pkg/d.py'],
  // As users write them: trailing and repeated slashes, extension globs.
  ['python//'],
  ['python///pkg//'],
  ['python/pkg//**'],
  ['**/*.json'],
  ['**//*.js', '!node//y?.js']
]

describe('runGlob lists what @actions/glob lists', () => {
  for (const follow of [true, false]) {
    for (const patterns of cases) {
      it(`${follow ? 'follow' : 'no-follow'}: ${patterns.join(' ')}`, async () => {
        const ws = tree()
        const lines = patterns.map((p) =>
          p.startsWith('!') ? `!${ws}/${p.slice(1)}` : `${ws}/${p}`
        )
        const ours = (await runGlob(lines, follow, ws)).sort()
        expect(ours).toEqual(await reference(lines, follow))
      })
    }
  }

  it('reports a dangling link in follow mode, as @actions/glob does', async () => {
    const ws = tree()
    symlinkSync('missing', join(ws, 'python', 'dangling'))
    await expect(reference([`${ws}/python/**`], true)).rejects.toThrow(
      /No information found/
    )
    await expect(runGlob([`${ws}/python/**`], true, ws)).rejects.toThrow(
      /dangling/
    )
  })

  // @actions/glob reads a leading `./` from its working directory; the
  // action anchors it at the base instead, and must list the same files.
  const relative: string[][] = [
    ['./python/**'],
    ['./python/'],
    ['./'],
    ['.'],
    ['./**/*.py', '!./python/pkg/**'],
    ['.//python//pkg/']
  ]
  for (const follow of [true, false]) {
    for (const patterns of relative) {
      it(`${follow ? 'follow' : 'no-follow'}, from the working directory: ${patterns.join(' ')}`, async () => {
        const ws = tree()
        const cwd = process.cwd()
        process.chdir(ws)
        let expected: string[]
        try {
          expected = await reference(patterns, follow)
        } finally {
          process.chdir(cwd)
        }
        const lines = toGlobLines(patterns, ws)
        expect((await runGlob(lines, follow, ws)).sort()).toEqual(expected)
      })
    }
  }
})

describe('the walk finds files in archive order', () => {
  it('lists each folder by name, a folder as its name and a slash', async () => {
    // readdir's order is the file system's; the archive's is the names'
    // bytes, where `a.txt` and `a-b` come before the folder `a/`, and a
    // capital before a small letter.
    const names = [
      'a/z.txt',
      'a/b/c.txt',
      'a.txt',
      'a-b',
      'B/x',
      'b',
      'ab/y',
      'é/f',
      'e'
    ]
    const ws = makeWorkspace(Object.fromEntries(names.map((n) => [n, n])))
    const found = (await runGlob([`${ws}/**`], false, ws)).map((p) =>
      p.slice(ws.length + 1)
    )
    const bytes = [...names].sort((x, y) =>
      Buffer.compare(Buffer.from(x), Buffer.from(y))
    )
    expect(found).toEqual(bytes)
    expect(found.slice(0, 4)).toEqual(['B/x', 'a-b', 'a.txt', 'a/b/c.txt'])
  })
})
