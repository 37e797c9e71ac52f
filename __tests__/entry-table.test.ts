import {
  mkdirSync,
  readdirSync,
  realpathSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PackagingError } from '../src/errors.js'
import { EntryTable } from '../src/package/entry-table.js'
import type { ZipEntrySource } from '../src/package/types.js'
import { removeDir, tempDir } from './fixtures/package-helpers.js'

const byBytes = (names: string[]): string[] =>
  [...names].sort((x, y) =>
    Buffer.compare(Buffer.from(x, 'utf8'), Buffer.from(y, 'utf8'))
  )

const entry = (name: string, size = 1): ZipEntrySource => ({
  name,
  kind: 'file',
  sourcePath: `/nowhere/${name}`,
  mode: 0o644,
  size
})

let dir: string
beforeAll(() => {
  dir = realpathSync(tempDir('table'))
})
afterAll(() => removeDir(dir))

// In memory at most, whatever the number of files or folders: four blocks
// each of columns (32 KiB), names (64 KiB) and folders (32 KiB).
const HELD_AT_MOST = 4 * 32 * 1024 + 4 * 64 * 1024 + 4 * 32 * 1024

describe('EntryTable', () => {
  it('orders names as their UTF-8 bytes, surrogate pairs included', () => {
    const names = [
      'a',
      'B',
      'a/b',
      'a-b',
      'é',
      'z',
      '\u{e000}',
      '\u{ffff}',
      '😀',
      '\u{10000}',
      'a😀b',
      'a\u{fffd}b',
      ''
    ]
    const table = EntryTable.of(names.map((n) => entry(n)))
    // UTF-16 order alone would put U+FFFF after the emoji.
    expect([...table.nameList()]).toEqual(byBytes(names))
    expect([...table].map((e) => e.name)).toEqual(byBytes(names))
  })

  it('keeps the first found of two equal names when told to drop repeats, and refuses them otherwise', () => {
    const table = new EntryTable()
    table.add(entry('b', 1))
    table.add(entry('a', 2))
    table.add(entry('b', 3))
    table.finish('drop')
    expect([...table].map((e) => [e.name, e.size])).toEqual([
      ['a', 2],
      ['b', 1]
    ])
    expect(() => EntryTable.of([entry('x'), entry('x')])).toThrow(
      new PackagingError('two entries are named x')
    )
  })

  it('takes entries found in archive order as they are, repeats still dropped', () => {
    // The walk's order (glob-walk.ts): one pass, no sort; a name found
    // twice in a row is still one entry, the first found.
    const table = new EntryTable()
    for (const [n, size] of [
      ['a', 1],
      ['a/b', 2],
      ['a/b', 3],
      ['b', 4]
    ] as const) {
      table.add(entry(n, size))
    }
    table.finish('drop')
    expect([...table].map((e) => [e.name, e.size])).toEqual([
      ['a', 1],
      ['a/b', 2],
      ['b', 4]
    ])
    const sorted = EntryTable.of(['a', 'a-b', 'a/b'].map((n) => entry(n)))
    expect([...sorted.nameList()]).toEqual(['a', 'a-b', 'a/b'])
  })

  it('holds names and columns across many blocks, in order', () => {
    // 20,000 names of ~60 bytes: several blocks of names and of columns.
    const names: string[] = []
    for (let i = 0; i < 20_000; i++) {
      const n = ((i * 7919) % 20_000).toString().padStart(5, '0')
      names.push(`pkg-${n.slice(0, 2)}/${'d'.repeat(40)}/file-${n}.js`)
    }
    const table = new EntryTable()
    for (const [i, n] of names.entries()) {
      table.add({ ...entry(n), size: i })
    }
    table.finish('refuse')
    expect(table.length).toBe(20_000)
    const sorted = byBytes(names)
    expect(table.at(0)?.name).toBe(sorted[0])
    expect(table.at(19_999)?.name).toBe(sorted[19_999])
    expect(table.at(20_000)).toBeUndefined()
    expect(table.at(-1)).toBeUndefined()
    expect([...table.nameList()]).toEqual(sorted)
    // Each entry keeps its own size through the sort.
    for (const k of [0, 4321, 19_999]) {
      const e = table.at(k) as ZipEntrySource
      expect(e.size).toBe(names.indexOf(e.name))
    }
  })

  it('costs under 40 bytes an entry, not an object and a string each', () => {
    const table = new EntryTable()
    for (let p = 0; p < 350; p++) {
      const folder = table.folder(`/w/pkg-${p}/types`, `pkg-${p}/types/`)
      for (let i = p * 200; i < (p + 1) * 200; i++) {
        table.addFile(folder, `file-${i}.js`)
      }
    }
    table.finish('drop')
    // Names average 28 bytes here, of which the table keeps each file's
    // own 12 and each folder's once; an object and a string each cost ~170.
    expect(table.bytes / table.length).toBeLessThan(40)
    expect(table.bytes / table.length).toBeGreaterThan(25)
    expect(table.at(0)?.name).toBe('pkg-0/types/file-0.js')
    expect(table.at(0)?.sourcePath).toBe('/w/pkg-0/types/file-0.js')
  })

  it('holds a few blocks in memory however many files it lists, the rest in a file', () => {
    // 12,000 files found in archive order: six blocks of columns and more
    // of names, of which four each stay in memory.
    const tree = join(dir, 'many')
    const spill = join(dir, 'spill')
    mkdirSync(spill)
    const count = 12_000
    const table = new EntryTable(spill)
    for (let f = 0; f < count / 500; f++) {
      const own = `f${String(f).padStart(2, '0')}`
      mkdirSync(join(tree, own), { recursive: true })
      const folder = table.folder(join(tree, own), `lib/${own}/`)
      for (let i = 0; i < 500; i++) {
        const name = `${String(i).padStart(3, '0')}-${'n'.repeat(40)}.js`
        writeFileSync(join(tree, own, name), 'x'.repeat((f + i) % 50))
        table.addFile(folder, name)
      }
    }
    table.finish('drop')
    expect(table.length).toBe(count)
    expect(table.bytes).toBeLessThanOrEqual(HELD_AT_MOST)
    // Sizes are read (and written into the columns) as the writer asks,
    // in order; read again from the start, they come back from the file.
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < count; k += 1) {
        const e = table.at(k) as ZipEntrySource
        const f = Math.floor(k / 500)
        const i = k % 500
        if (k % 997 === 0) {
          const own = `f${String(f).padStart(2, '0')}`
          const name = `${String(i).padStart(3, '0')}-${'n'.repeat(40)}.js`
          expect(e.name).toBe(`lib/${own}/${name}`)
          expect(e.sourcePath).toBe(join(tree, own, name))
        }
        expect(e.size).toBe((f + i) % 50)
      }
      // Grown after being read: the table keeps what it saw, through its
      // blocks' trips to the file and back.
      for (const k of [0, 2500, 6000]) {
        writeFileSync(
          (table.at(k) as ZipEntrySource).sourcePath,
          'y'.repeat(77)
        )
      }
    }
    // Unlinked as soon as made: nothing is left to clean up.
    expect(readdirSync(spill)).toEqual([])
    table.close()
    rmSync(tree, { recursive: true })
  })

  it('holds as little for 20,000 folders, their paths read back from the file', () => {
    // A folder a file: the folders' own blocks spill as the columns' do.
    const spill = join(dir, 'spill-folders')
    mkdirSync(spill)
    const count = 20_000
    const folderName = (f: number): string =>
      `pkg-${String(f).padStart(5, '0')}/lib`
    const table = new EntryTable(spill)
    for (let f = 0; f < count; f++) {
      const own = folderName(f)
      table.addFile(table.folder(`/real/${own}`, `${own}/`), 'index.js')
    }
    table.finish('drop')
    expect(table.bytes).toBeLessThanOrEqual(HELD_AT_MOST)
    // In archive order, twice (the second time from the file), and back
    // and forth, as the reader and the writer behind it ask.
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < count; k++) {
        const e = table.at(k) as ZipEntrySource
        expect(e.name).toBe(`${folderName(k)}/index.js`)
        expect(e.sourcePath).toBe(`/real/${folderName(k)}/index.js`)
      }
    }
    for (const k of [19_999, 3, 12_345, 0, 8_191, 8_192]) {
      expect(table.at(k)?.sourcePath).toBe(`/real/${folderName(k)}/index.js`)
    }
    expect(readdirSync(spill)).toEqual([])
    table.close()
  })

  it('sorts names whose folders were spilled, by their whole bytes', () => {
    // Added in reverse: the sort reads folders in no order.
    const table = new EntryTable(join(dir))
    const count = 9_000
    for (let f = count - 1; f >= 0; f--) {
      const own = `d${String(f).padStart(4, '0')}`
      table.addFile(table.folder(`/r/${own}`, `${own}/`), 'x')
    }
    table.finish('drop')
    expect(table.length).toBe(count)
    for (const k of [0, 1, 4_500, 8_999]) {
      const own = `d${String(k).padStart(4, '0')}`
      expect(table.at(k)?.name).toBe(`${own}/x`)
      expect(table.at(k)?.sourcePath).toBe(`/r/${own}/x`)
    }
    table.close()
  })

  it('orders names that begin in different folders by their whole bytes', () => {
    // A folder's start and a file's own segment compare as one run of bytes.
    const table = new EntryTable()
    table.addFile(table.folder('/r/ab', 'a/b/'), 'c')
    table.addFile(table.folder('/r/a', 'a/'), 'b')
    table.addFile(table.folder('/r/a', 'a/'), 'b-c')
    table.add(entry('a/b/b'))
    table.add(entry('a/bc'))
    table.addFile(table.folder('/r', ''), 'a')
    // The folder given last is given again; an earlier one is not looked up.
    expect(table.folder('/r', '')).toBe(table.folder('/r', ''))
    expect(table.folder('/r/a', 'a/')).not.toBe(table.folder('/r', ''))
    table.finish('drop')
    expect([...table.nameList()]).toEqual(
      byBytes(['a/b/c', 'a/b', 'a/b-c', 'a/b/b', 'a/bc', 'a'])
    )
    // The same name from two folders (overlapping paths): the first stays.
    const twice = new EntryTable()
    twice.addFile(twice.folder('/r/x', 'x/'), 'f')
    twice.addFile(twice.folder('/r/y', ''), 'x/f')
    twice.finish('drop')
    expect([...twice].map((e) => e.sourcePath)).toEqual(['/r/x/f'])
  })

  it('keeps sizes of 4 GiB and more, which its 32-bit column cannot', () => {
    const sizes = [0, 0xfffffffe, 0xffffffff, 2 ** 40 + 3]
    const table = EntryTable.of(
      sizes.map((size, i) => ({ ...entry(`f${i}`), size }))
    )
    expect([...table].map((e) => e.size)).toEqual(sizes)
  })

  it("reads a listed file's size and mode once, when first asked for", () => {
    const sub = join(dir, 'sub')
    mkdirSync(sub, { recursive: true })
    writeFileSync(join(sub, 'run.sh'), 'echo hi\n', { mode: 0o755 })
    writeFileSync(join(sub, 'data.txt'), 'x')
    const table = new EntryTable()
    table.addFile(table.folder(sub, 'lib/sub/'), 'run.sh')
    table.addFile(table.folder(sub, 'lib/sub/'), 'data.txt')
    table.finish('drop')
    const [data, run] = [...table]
    expect(data).toMatchObject({
      name: 'lib/sub/data.txt',
      kind: 'file',
      sourcePath: join(sub, 'data.txt')
    })
    // Not read yet: growing the file now changes what is seen.
    writeFileSync(join(sub, 'data.txt'), 'xyz')
    expect(data?.size).toBe(3)
    expect(data?.mode).toBe(0o644)
    expect(run?.mode).toBe(0o755)
    // Read: the table keeps what it saw, as the packager's reads expect.
    writeFileSync(join(sub, 'data.txt'), 'longer now')
    expect(table.at(0)?.size).toBe(3)
  })

  it('names a listed file that is gone, or is not a regular file', () => {
    mkdirSync(join(dir, 'odd', 'folder'), { recursive: true })
    const table = new EntryTable()
    table.addFile(table.folder(join(dir, 'odd'), 'odd/'), 'gone.txt')
    table.addFile(table.folder(join(dir, 'odd'), 'odd/'), 'folder')
    table.finish('drop')
    expect(() => table.at(1)?.size).toThrow(
      /^cannot read odd\/gone\.txt \(.*odd\/gone\.txt\): ENOENT/
    )
    expect(() => table.at(0)?.size).toThrow(
      'odd/folder is not a regular file (sockets, FIFOs and devices cannot go into a layer)'
    )
    rmSync(join(dir, 'odd'), { recursive: true })
  })

  it('keeps other entries whole, and refuses what the writer could not store', () => {
    const link: ZipEntrySource = {
      name: 'l',
      kind: 'symlink',
      sourcePath: '/x/l',
      mode: 0o777,
      size: 1,
      linkTarget: 'a'
    }
    expect(EntryTable.of([link]).at(0)).toBe(link)
    expect(() =>
      EntryTable.of([
        { name: 'l', kind: 'symlink', sourcePath: '/x/l', mode: 0o777, size: 1 }
      ])
    ).toThrow('link l has no target')
    expect(() => EntryTable.of([entry('n'.repeat(70_000))])).toThrow(
      /^entry name too long: n{80}…$/
    )
    // Too long with its folder's start, though its own segment is not.
    const deep = new EntryTable()
    expect(() =>
      deep.addFile(
        deep.folder('/r', `${'d/'.repeat(30_000)}`),
        'n'.repeat(6_000)
      )
    ).toThrow(/^entry name too long: (d\/){40}…$/)
  })

  it('is used only once finished, and not added to after', () => {
    const table = new EntryTable()
    table.add(entry('a'))
    expect(() => table.length).toThrow(/before finish/)
    table.finish('drop')
    expect(() => table.add(entry('b'))).toThrow(/after finish/)
  })
})
