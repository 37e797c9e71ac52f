import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InputError } from '../src/errors.js'
import { inspectZip, selectFiles, writeZip } from '../src/package/index.js'
import { makeTree, removeDir, tempDir } from './fixtures/package-helpers.js'

let root: string

beforeAll(() => {
  root = tempDir('inspect')
})
afterAll(() => removeDir(root))

/** A zip with exactly these entry names, written by Python's zipfile. */
function pyZip(file: string, names: string[]): string {
  const out = join(root, file)
  execFileSync('python3', [
    '-c',
    `import sys, zipfile
z = zipfile.ZipFile(sys.argv[1], 'w')
for n in sys.argv[2:]:
    z.writestr(zipfile.ZipInfo(n), b'data')
z.close()`,
    out,
    ...names
  ])
  return out
}

async function inputError(p: Promise<unknown>): Promise<InputError> {
  const err: unknown = await p.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(err).toBeInstanceOf(InputError)
  expect((err as InputError).input).toBe('zip-file')
  return err as InputError
}

describe('inspectZip', () => {
  it('reports the same facts as the writer for our own archive', async () => {
    const tree = join(root, 'tree')
    makeTree(tree, {
      'nodejs/node_modules/a/index.js': 'module.exports = 1\n'.repeat(50),
      'nodejs/node_modules/a/package.json': '{}'
    })
    const entries = await selectFiles({
      patterns: ['nodejs'],
      baseDirectory: tree,
      prefix: '',
      symlinks: 'follow'
    })
    const written = await writeZip(entries, join(root, 'ours.zip'))
    expect(await inspectZip(written.path)).toEqual(written)
  })

  it('reads an Info-ZIP archive, directory entries included', async () => {
    const tree = join(root, 'iz')
    makeTree(tree, { 'python/b.py': 'b = 2\n', 'python/a.py': 'a = 1\n' })
    const out = join(root, 'iz.zip')
    execFileSync('zip', ['-r', '-q', '-X', out, 'python'], { cwd: tree })
    const info = await inspectZip(out)
    const bytes = readFileSync(out)
    expect(info).toEqual({
      path: out,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      unzippedSize: 12,
      entryCount: 3,
      names: ['python/', 'python/a.py', 'python/b.py']
    })
  })

  it('says when the file is missing', async () => {
    const missing = join(root, 'nope.zip')
    const err = await inputError(inspectZip(missing))
    expect(err.rule).toMatch(/^file not found: /)
    expect(err.rule).toContain(missing)
    const dir = await inputError(inspectZip(root))
    expect(dir.rule).toMatch(/^file not found: /)
  })

  it('says when the file is not a zip', async () => {
    const notZip = join(root, 'layer.zip')
    writeFileSync(notZip, 'this is a tarball, honest\n'.repeat(100))
    const err = await inputError(inspectZip(notZip))
    expect(err.rule).toMatch(/^is not a readable zip archive: /)

    const empty = join(root, 'empty.zip')
    writeFileSync(empty, '')
    expect((await inputError(inspectZip(empty))).rule).toMatch(
      /^is not a readable zip/
    )

    // a real archive cut short
    const good = readFileSync(join(root, 'ours.zip'))
    const cut = join(root, 'cut.zip')
    writeFileSync(
      cut,
      Buffer.concat([good.subarray(0, 40), good.subarray(-22)])
    )
    expect((await inputError(inspectZip(cut))).rule).toMatch(
      /^is not a readable zip/
    )
  })

  it.each([
    ['../evil.sh'],
    ['python/../../etc/cron.d/x'],
    ['/etc/passwd'],
    ['C:/Windows/x.dll'],
    ['c:evil'],
    ['python\\..\\..\\evil'],
    ['python\\a.py']
  ])('refuses the entry name %s', async (name) => {
    const out = pyZip(
      `slip-${createHash('md5').update(name).digest('hex')}.zip`,
      ['python/ok.py', name]
    )
    const err = await inputError(inspectZip(out))
    expect(err.rule).toBe(
      `entry "${name}" would extract outside the layer root`
    )
  })

  it('accepts names that merely look odd', async () => {
    const out = pyZip('odd.zip', [
      'python/..hidden',
      'python/a..b/c',
      'python/x:y'
    ])
    const info = await inspectZip(out)
    expect(info.entryCount).toBe(3)
  })
})
