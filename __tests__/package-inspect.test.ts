import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  createWriteStream,
  existsSync,
  readFileSync,
  writeFileSync
} from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import yazl from 'yazl'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bufferSource } from '../src/checks/byte-source.js'
import { readElf } from '../src/checks/elf.js'
import { InputError } from '../src/errors.js'
import { inspectZip, selectFiles, writeZip } from '../src/package/index.js'
import {
  entrySource,
  inspectArchive,
  type InspectedEntry
} from '../src/package/inspect.js'
import { craftZip, type CraftEntry } from './helpers/crafted-zip.js'
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
    expect(await inspectZip(written.path)).toEqual({
      ...written,
      names: [...written.names]
    })
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

/** Writes a crafted archive into the test folder and returns its path. */
function crafted(
  file: string,
  entries: CraftEntry[],
  leading?: Buffer
): string {
  const out = join(root, file)
  writeFileSync(out, craftZip(entries, leading))
  return out
}

const ok: CraftEntry = { name: 'python/ok.py', data: 'ok = 1\n' }

describe('inspectArchive: archives as extractors read them', () => {
  it('returns every entry, with data descriptors and ZIP64 fields read as unzip reads them', async () => {
    const out = crafted('fine.zip', [
      { name: 'python/', mode: 0o40755 },
      {
        name: 'python/a.py',
        data: 'a = 1\n'.repeat(40),
        method: 8,
        descriptor: true
      },
      { name: 'python/b.py', data: 'b', zip64: true },
      {
        name: 'python/run',
        data: '#!/bin/sh\n',
        mode: 0o100755,
        descriptor: true
      },
      { name: 'lib/libz.so', data: 'libz.so.1', mode: 0o120777 },
      { name: 'lib/libz.so.1', data: 'ELF', method: 8 }
    ])
    expect(execFileSync('unzip', ['-tq', out]).toString()).toMatch(/No errors/)
    const info = await inspectArchive(out)
    expect(info.entryCount).toBe(6)
    expect(
      info.entries.map((e) => [e.name, e.kind, e.size, e.mode.toString(8)])
    ).toEqual([
      ['python/', 'directory', 0, '40755'],
      ['python/a.py', 'file', 240, '100644'],
      ['python/b.py', 'file', 1, '100644'],
      ['python/run', 'file', 10, '100755'],
      ['lib/libz.so', 'link', 9, '120777'],
      ['lib/libz.so.1', 'file', 3, '100644']
    ])
    // inspectZip keeps its shape: the facts without the entries
    expect(await inspectZip(out)).toEqual({ ...info, entries: undefined })
  })

  it('accepts what a streaming writer (yazl, data descriptors) produces', async () => {
    const z = new yazl.ZipFile()
    z.addReadStream(Readable.from([Buffer.from('x = 1\n')]), 'python/x.py')
    z.addReadStream(Readable.from([Buffer.from('y')]), 'python/y.py', {
      compress: false
    })
    const out = join(root, 'yazl.zip')
    await new Promise<void>((done) => {
      z.outputStream.pipe(createWriteStream(out)).on('close', done)
      z.end()
    })
    expect(readFileSync(out).readUInt16LE(6) & 8).toBe(8)
    expect((await inspectArchive(out)).names).toEqual([
      'python/x.py',
      'python/y.py'
    ])
  })

  it.each<[string, CraftEntry, RegExp]>([
    [
      'name',
      { ...ok, local: { name: '../../etc/cron.d/x' } },
      /^entry "python\/ok\.py" is named "\.\.\/\.\.\/etc\/cron\.d\/x" in its local header/
    ],
    ['flags', { ...ok, local: { flags: 0x801 } }, /disagree on the flags/],
    [
      'method',
      { ...ok, local: { method: 8 } },
      /disagree on the compression method/
    ],
    ['crc', { ...ok, local: { crc: 1 } }, /disagree on the CRC-32/],
    [
      'compressed size',
      { ...ok, local: { compressedSize: 2 } },
      /disagree on the compressed size/
    ],
    ['size', { ...ok, local: { size: 99 } }, /disagree on the size;/],
    [
      'descriptor',
      { ...ok, descriptor: true, local: { compressedSize: 3, size: 3 } },
      /disagree on the compressed size/
    ]
  ])(
    'refuses a local header that disagrees on the %s',
    async (_, entry, rule) => {
      const out = crafted(`local-${_.replace(/ /g, '-')}.zip`, [
        { name: 'python/first.py', data: '1' },
        entry
      ])
      const err = await inputError(inspectArchive(out))
      expect(err.rule).toMatch(rule)
      expect(err.rule).toContain('"python/ok.py"')
    }
  )

  it('refuses a data descriptor that disagrees with the central directory', async () => {
    const bytes = craftZip([{ ...ok, descriptor: true }])
    // the descriptor's CRC follows its signature, after header and data
    const at = bytes.indexOf(Buffer.from([0x50, 0x4b, 7, 8])) + 4
    bytes.writeUInt32LE(bytes.readUInt32LE(at) ^ 1, at)
    const out = join(root, 'descriptor.zip')
    writeFileSync(out, bytes)
    expect((await inputError(inspectArchive(out))).rule).toBe(
      'entry "python/ok.py": its data descriptor disagrees with the central directory; extractors reading either would see different files'
    )
  })

  it('refuses bytes that belong to no entry, and overlapping entries', async () => {
    const hiddenEntry = craftZip([{ name: '../evil.sh', data: 'rm -rf /' }])
    const between = crafted('between.zip', [
      { ...ok, after: hiddenEntry.subarray(0, 40) },
      { name: 'python/two.py', data: '2' }
    ])
    expect((await inputError(inspectArchive(between))).rule).toMatch(
      /^40 bytes before entry "python\/two\.py" belong to no entry; an extractor reading local headers could find entries there/
    )
    const leading = crafted('leading.zip', [ok], hiddenEntry.subarray(0, 50))
    expect((await inputError(inspectArchive(leading))).rule).toMatch(
      /^50 bytes before entry "python\/ok\.py" belong to no entry/
    )
    const trailing = crafted('trailing.zip', [
      { ...ok, after: Buffer.alloc(7) }
    ])
    expect((await inputError(inspectArchive(trailing))).rule).toMatch(
      /^7 bytes after entry "python\/ok\.py" belong to no entry/
    )
    const overlap = crafted('overlap.zip', [
      ok,
      { name: 'python/b.py', offsetOf: 0 }
    ])
    expect((await inputError(inspectArchive(overlap))).rule).toMatch(
      /^entry "python\/(ok|b)\.py" starts inside entry "python\/(ok|b)\.py"; overlapping entries are refused$/
    )
  })

  it.each<[string, CraftEntry[], string]>([
    [
      'the same name twice',
      [ok, { name: 'python/ok.py', data: 'evil' }],
      'entry "python/ok.py" appears more than once; extractors disagree on which copy is kept'
    ],
    [
      'two spellings of one path',
      [ok, { name: 'python//./ok.py', data: 'evil' }],
      'entry "python//./ok.py" lands on the same path as entry "python/ok.py"; extractors disagree on which is kept'
    ],
    [
      'a file and a folder of one name',
      [
        { name: 'python', data: '' },
        { name: 'python/', mode: 0o40755 }
      ],
      'entry "python/" lands on the same path as entry "python"; extractors disagree on which is kept'
    ],
    [
      'only folders',
      [{ name: 'python/', mode: 0o40755 }],
      'holds no file entries; a layer needs at least one file'
    ],
    [
      'no entries at all',
      [],
      'holds no file entries; a layer needs at least one file'
    ],
    [
      'an entry under a file entry',
      [{ name: 'python', data: 'x' }, ok],
      'entry "python/ok.py" lies under file entry "python", which an extractor would have to replace'
    ]
  ])('refuses %s', async (what, entries, rule) => {
    const out = crafted(`names-${what.replace(/ /g, '-')}.zip`, entries)
    expect((await inputError(inspectArchive(out))).rule).toBe(rule)
  })
})

const link = (name: string, target: string): CraftEntry => ({
  name,
  data: target,
  mode: 0o120777
})

describe('inspectArchive: link entries', () => {
  it.each<[string, CraftEntry[], string]>([
    [
      'absolute',
      [ok, link('python/etc', '/etc')],
      'link entry "python/etc" -> "/etc" resolves outside the layer root'
    ],
    [
      'up and out',
      [ok, link('a', '../..')],
      'link entry "a" -> "../.." resolves outside the layer root'
    ],
    [
      'out from its own folder',
      [ok, link('python/lib/up', '../../..')],
      'link entry "python/lib/up" -> "../../.." resolves outside the layer root'
    ],
    [
      'out through another link',
      [ok, link('d/b', '../x'), link('a', 'd/b/../..')],
      'link entry "a" -> "d/b/../.." resolves outside the layer root'
    ],
    [
      'in a loop',
      [ok, link('a', 'b'), link('b', 'a')],
      'link entry "a" -> "b" passes through more than 40 links (a loop); links must resolve inside the layer root'
    ],
    [
      'written through (link a -> /etc, then a/passwd)',
      [
        ok,
        link('a', '/etc'),
        { name: 'a/passwd', data: 'root::0:0::/:/bin/sh' }
      ],
      'entry "a/passwd" would be written through link entry "a"'
    ],
    [
      'written through, even when the link stays inside',
      [ok, link('python/lib', 'lib64'), { name: 'python/lib/x.so', data: 'x' }],
      'entry "python/lib/x.so" would be written through link entry "python/lib"'
    ]
  ])('refuses a link %s', async (what, entries, rule) => {
    const out = crafted(`link-${what.replace(/\W+/g, '-')}.zip`, entries)
    expect((await inputError(inspectArchive(out))).rule).toBe(rule)
  })

  it('accepts links that stay inside, deflated or stored, through other links', async () => {
    const out = crafted('links-ok.zip', [
      { name: 'lib/libz.so.1.3', data: 'ELF' },
      { ...link('lib/libz.so.1', 'libz.so.1.3'), method: 8 },
      link('lib/libz.so', './libz.so.1'),
      link('python/z.so', '../lib/libz.so'),
      link('python/here', '.')
    ])
    const info = await inspectArchive(out)
    expect(info.entries.filter((e) => e.kind === 'link')).toHaveLength(4)
  })
})

describe('inspectArchive: names in messages', () => {
  it('sorts names by their UTF-8 bytes, as the writer does', async () => {
    const out = crafted('order.zip', [
      { name: 'python/\u{1F600}.py', data: '1' },
      { name: 'python/\uFF21.py', data: '2' },
      { name: 'python/a.py', data: '3' }
    ])
    const expected = ['python/\u{1F600}.py', 'python/\uFF21.py', 'python/a.py']
    expected.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
    expect(expected[1]).toBe('python/\uFF21.py')
    expect((await inspectArchive(out)).names).toEqual(expected)
  })

  it('escapes what is not printable and refuses a Unicode Path that leaves the root', async () => {
    const control = crafted('control.zip', [
      ok,
      { name: 'python/\u001b[2Jx\u202e', data: '1' },
      { name: 'python/\u001b[2Jx\u202e', data: '2' }
    ])
    expect((await inputError(inspectArchive(control))).rule).toMatch(
      /^entry "python\/\\x1b\[2Jx\\u\{202e\}" appears more than once/
    )
    const latin = crafted('latin.zip', [
      ok,
      { name: Buffer.from('python/caf\xe9/', 'latin1'), data: 'x' },
      { name: Buffer.from('python/caf\xe9/', 'latin1'), data: 'y' }
    ])
    expect((await inputError(inspectArchive(latin))).rule).toMatch(
      /^entry "python\/caf\\xe9\/" appears more than once/
    )
    const unicode = crafted('unicode-path.zip', [
      { ...ok, unicodePath: '../../evil.py' }
    ])
    expect((await inputError(inspectArchive(unicode))).rule).toBe(
      'entry "../../evil.py" would extract outside the layer root'
    )
    const other = crafted('unicode-other.zip', [
      { ...ok, unicodePath: 'python/other.py' }
    ])
    expect((await inputError(inspectArchive(other))).rule).toBe(
      'entry "python/ok.py" carries a Unicode Path field naming "python/other.py"; extractors disagree on which name they write'
    )
    const same = crafted('unicode-same.zip', [
      { ...ok, unicodePath: 'python/ok.py' }
    ])
    expect((await inspectArchive(same)).names).toEqual(['python/ok.py'])
  })
})

describe('entrySource', () => {
  const payload = seeded(300_000)
  let out: string
  let entries: InspectedEntry[]
  beforeAll(async () => {
    out = crafted('sources.zip', [
      { name: 'lib/stored.so', data: payload },
      { name: 'lib/deflated.so', data: payload, method: 8, descriptor: true },
      { name: 'lib/empty.so', data: '', method: 8 }
    ])
    entries = (await inspectArchive(out)).entries
  })

  it('reads a stored or deflated entry as its uncompressed bytes', async () => {
    for (const entry of entries.slice(0, 2)) {
      const source = entrySource(out, entry, 1 << 20)
      expect(source.size).toBe(payload.length)
      expect(Buffer.from(await source.read(1000, 5000))).toEqual(
        payload.subarray(1000, 6000)
      )
      expect((await source.read(payload.length - 10, 100)).length).toBe(10)
    }
    const empty = entrySource(out, entries[2]!, 1 << 20)
    expect([empty.size, (await empty.read(0, 10)).length]).toEqual([0, 0])
  })

  it('inflates no further than maxBytes: reads past it come back short', async () => {
    const source = entrySource(out, entries[1]!, 4096)
    expect(source.size).toBe(payload.length)
    expect(Buffer.from(await source.read(4000, 200))).toEqual(
      payload.subarray(4000, 4096)
    )
    expect((await source.read(10_000, 100)).length).toBe(0)
  })

  it('gives the ELF reader the same facts as the file on disk', async () => {
    const lib = [
      '/lib/x86_64-linux-gnu/libc.so.6',
      '/lib/aarch64-linux-gnu/libc.so.6'
    ].find(existsSync)
    expect(lib, 'a libc to read').toBeDefined()
    const bytes = readFileSync(lib!)
    const zip = crafted('libc.zip', [
      { name: 'lib/libc.so.6', data: bytes, method: 8 }
    ])
    const [entry] = (await inspectArchive(zip)).entries
    const fromZip = await readElf(entrySource(zip, entry!, 32 << 20))
    expect(fromZip).toBeDefined()
    expect(fromZip).toEqual(await readElf(bufferSource(bytes)))
  })
})

describe('inspectArchive: size', () => {
  it('accepts an archive of 100,000 entries', async () => {
    const entries: CraftEntry[] = []
    for (let i = 0; i < 100_000; i++) {
      entries.push({ name: `python/pkg${i % 100}/m${i}.py`, data: `${i}` })
    }
    const out = crafted('many.zip', entries)
    const info = await inspectArchive(out)
    expect(info.entryCount).toBe(100_000)
    expect(info.entries[99_999]).toMatchObject({
      name: 'python/pkg99/m99999.py',
      kind: 'file',
      size: 5
    })
  })
})

function seeded(size: number): Buffer {
  const out = Buffer.alloc(size)
  let block = createHash('sha256').update('seed').digest()
  for (let at = 0; at < size; at += block.length) {
    block.copy(out, at)
    block = createHash('sha256').update(block.subarray(0, 4)).digest()
  }
  return out
}
