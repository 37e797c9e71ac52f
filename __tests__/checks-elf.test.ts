import { execFileSync } from 'node:child_process'
import {
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  bufferSource,
  compareVersions,
  fileHandleSource,
  isElfMagic,
  readElf,
  withPrefix,
  type ByteSource
} from '../src/checks/elf.js'
import { buildElf } from './fixtures/elf/build-elf.js'

/** readelf's machine names for the machines these tests meet. */
const READELF_MACHINE: Record<string, string> = {
  'Advanced Micro Devices X86-64': 'x86_64',
  AArch64: 'aarch64',
  'Intel 80386': 'i386',
  PowerPC: 'ppc'
}

/** What binutils' readelf, the independent reference, says about a file. */
function readelfFacts(path: string) {
  const text = execFileSync('readelf', ['-h', '-V', '-W', path], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024
  })
  const machine = /^\s*Machine:\s+(.+)$/m.exec(text)?.[1]?.trim() ?? ''
  const bits = /^\s*Class:\s+ELF(32|64)$/m.exec(text)?.[1]
  const endian = /little endian/.test(text) ? 'little' : 'big'
  const needs =
    text
      .split(/^Version needs section/m)[1]
      ?.split(/^Version \w+ section/m)[0] ?? ''
  let glibc: string | undefined
  for (const [, name] of needs.matchAll(/Name: (GLIBC_\S+)/g)) {
    const v =
      name === 'GLIBC_ABI_DT_RELR'
        ? '2.36'
        : /^GLIBC_([\d.]+)$/.exec(name ?? '')?.[1]
    if (v && (!glibc || compareVersions(v, glibc) > 0)) glibc = v
  }
  return {
    machine: READELF_MACHINE[machine] ?? machine,
    bits: Number(bits),
    endian,
    glibc
  }
}

function isRegularElf(path: string): boolean {
  try {
    const st = lstatSync(path)
    if (!st.isFile() || st.size < 64) return false
    return isElfMagic(readFileSync(path).subarray(0, 4))
  } catch {
    return false
  }
}

const LIB_DIR =
  process.arch === 'arm64'
    ? '/usr/lib/aarch64-linux-gnu'
    : '/usr/lib/x86_64-linux-gnu'
const LIBC = join(LIB_DIR, 'libc.so.6')

/** A dozen of the machine's own ELF files, spread over the sorted lists. */
function machineFiles(): string[] {
  const pick = (dir: string, filter: (n: string) => boolean, count: number) => {
    const all = readdirSync(dir)
      .filter(filter)
      .sort()
      .map((n) => join(dir, n))
      .filter(isRegularElf)
    const step = Math.max(1, Math.floor(all.length / count))
    return all.filter((_, i) => i % step === 0).slice(0, count)
  }
  const libs = pick(LIB_DIR, (n) => n.includes('.so'), 7)
  const bins = pick('/usr/bin', () => true, 5)
  return [...new Set([LIBC, ...libs, ...bins])].filter(isRegularElf)
}

/** Counts the bytes asked of a source, to show what a file costs to read. */
function counting(source: ByteSource) {
  const reads: [number, number][] = []
  return {
    reads,
    source: {
      size: source.size,
      read: (offset: number, length: number) => {
        reads.push([offset, length])
        return source.read(offset, length)
      }
    } satisfies ByteSource
  }
}

describe('readElf against readelf on the machine’s own files', () => {
  const files = machineFiles()

  it('finds a dozen ELF files to compare', () => {
    expect(files.length).toBeGreaterThanOrEqual(12)
    // Most of them need some GLIBC version: the comparison is not all-absent.
    const withGlibc = files.filter((f) => readelfFacts(f).glibc !== undefined)
    expect(withGlibc.length).toBeGreaterThanOrEqual(8)
  })

  it.each(files)(
    '%s: machine, class, byte order and newest GLIBC match',
    async (path) => {
      const facts = await readElf(bufferSource(readFileSync(path)))
      const reference = readelfFacts(path)
      expect(facts).toBeDefined()
      expect({
        machine: facts?.machine,
        bits: facts?.bits,
        endian: facts?.endian,
        glibc: facts?.glibc
      }).toEqual(reference)
      expect(facts?.musl).toBe(false)
    }
  )

  it('reads the same facts through a file handle, in a few bounded reads', async () => {
    for (const path of files) {
      const handle = await open(path, 'r')
      try {
        const { size } = await handle.stat()
        const counted = counting(fileHandleSource(handle, size))
        const viaHandle = await readElf(counted.source)
        expect(viaHandle).toEqual(
          await readElf(bufferSource(readFileSync(path)))
        )
        expect(counted.reads.length).toBeLessThanOrEqual(12)
        for (const [offset, length] of counted.reads) {
          expect(length).toBeLessThanOrEqual(64 * 1024)
          expect(offset + length).toBeLessThanOrEqual(size + 4096)
        }
      } finally {
        await handle.close()
      }
    }
  })

  it('libc itself needs GLIBC versions of the dynamic loader only', async () => {
    const facts = await readElf(bufferSource(readFileSync(LIBC)))
    expect(facts?.type).toBe('shared')
    expect(facts?.glibc).toMatch(/^2\.\d+$/)
    expect(facts?.glibc).toBe(readelfFacts(LIBC).glibc)
  })
})

describe('readElf on crafted files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'checks-elf-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('an aarch64 shared object needing GLIBC_2.34, confirmed by readelf', async () => {
    const bytes = buildElf({
      machine: 183,
      needed: ['libc.so.6', 'libm.so.6'],
      verneed: [
        {
          file: 'libc.so.6',
          versions: ['GLIBC_2.17', 'GLIBC_2.34', 'GLIBC_2.28']
        },
        { file: 'libm.so.6', versions: ['GLIBC_2.29', 'GLIBC_PRIVATE'] }
      ]
    })
    const path = join(dir, 'aarch64.so')
    writeFileSync(path, bytes)
    expect(readelfFacts(path).machine).toBe('aarch64')
    const dynamic = execFileSync('readelf', ['-d', '-W', path], {
      encoding: 'utf8'
    })
    expect(dynamic).toContain('Shared library: [libc.so.6]')
    expect(await readElf(bufferSource(bytes))).toEqual({
      machine: 'aarch64',
      bits: 64,
      endian: 'little',
      type: 'shared',
      musl: false,
      glibc: '2.34'
    })
  })

  it('a musl executable: PT_INTERP names ld-musl, confirmed by readelf', async () => {
    const bytes = buildElf({
      machine: 62,
      type: 2,
      interp: '/lib/ld-musl-x86_64.so.1',
      needed: ['libc.musl-x86_64.so.1']
    })
    const path = join(dir, 'musl-exe')
    writeFileSync(path, bytes)
    const program = execFileSync('readelf', ['-l', '-W', path], {
      encoding: 'utf8'
    })
    expect(program).toContain(
      '[Requesting program interpreter: /lib/ld-musl-x86_64.so.1]'
    )
    const facts = await readElf(bufferSource(bytes))
    expect(facts).toMatchObject({
      machine: 'x86_64',
      type: 'executable',
      musl: true
    })
    expect(facts?.glibc).toBeUndefined()
  })

  it('a musl shared object without PT_INTERP: found by DT_NEEDED libc.musl-*', async () => {
    const bytes = buildElf({ machine: 183, needed: ['libc.musl-aarch64.so.1'] })
    expect(await readElf(bufferSource(bytes))).toMatchObject({
      machine: 'aarch64',
      musl: true
    })
  })

  it('32-bit big-endian files are read with their own layout', async () => {
    const bytes = buildElf({
      bits: 32,
      little: false,
      machine: 20,
      base: 0x10000000,
      needed: ['libc.so.6'],
      verneed: [{ file: 'libc.so.6', versions: ['GLIBC_2.4', 'GLIBC_2.17'] }]
    })
    const path = join(dir, 'ppc.so')
    writeFileSync(path, bytes)
    expect(readelfFacts(path)).toMatchObject({
      machine: 'ppc',
      bits: 32,
      endian: 'big'
    })
    expect(await readElf(bufferSource(bytes))).toEqual({
      machine: 'ppc',
      bits: 32,
      endian: 'big',
      type: 'shared',
      musl: false,
      glibc: '2.17'
    })
  })

  it('an unknown machine is named by its number', async () => {
    const facts = await readElf(bufferSource(buildElf({ machine: 9999 })))
    expect(facts?.machine).toBe('machine-9999')
  })

  it('GLIBC_ABI_DT_RELR counts as glibc 2.36, which first provided it', async () => {
    const bytes = buildElf({
      machine: 62,
      needed: ['libc.so.6'],
      verneed: [
        { file: 'libc.so.6', versions: ['GLIBC_2.34', 'GLIBC_ABI_DT_RELR'] }
      ]
    })
    expect((await readElf(bufferSource(bytes)))?.glibc).toBe('2.36')
  })
})

describe('readElf cost and damage', () => {
  it('rejects a non-ELF file after reading 4 bytes', async () => {
    const counted = counting(bufferSource(Buffer.alloc(1 << 20, 0x41)))
    expect(await readElf(counted.source)).toBeUndefined()
    expect(counted.reads).toEqual([[0, 4]])
  })

  it('serves reads inside the prefix packaging already holds without touching the file', async () => {
    const bytes = buildElf({
      machine: 62,
      needed: ['libc.so.6'],
      verneed: [{ file: 'libc.so.6', versions: ['GLIBC_2.28'] }]
    })
    const rest = counting(bufferSource(bytes))
    const facts = await readElf(withPrefix(bytes, rest.source))
    expect(facts?.glibc).toBe('2.28')
    expect(rest.reads).toEqual([])
  })

  it('a truncated ELF keeps the header facts and drops what lies past the end', async () => {
    const whole = buildElf({
      machine: 183,
      needed: ['libc.so.6'],
      verneed: [{ file: 'libc.so.6', versions: ['GLIBC_2.34'] }]
    })
    const cut = whole.subarray(0, whole.length - 40)
    const facts = await readElf(bufferSource(cut))
    expect(facts).toMatchObject({ machine: 'aarch64', bits: 64, musl: false })
    expect(facts?.glibc).toBeUndefined()
  })

  it('a bad class or byte order, or a file shorter than a header, is not an ELF', async () => {
    const bad = buildElf({ machine: 62 })
    bad[4] = 7
    expect(await readElf(bufferSource(bad))).toBeUndefined()
    const order = buildElf({ machine: 62 })
    order[5] = 0
    expect(await readElf(bufferSource(order))).toBeUndefined()
    expect(
      await readElf(bufferSource(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1])))
    ).toBeUndefined()
  })

  it('compareVersions orders glibc versions numerically', () => {
    expect(compareVersions('2.2.5', '2.17')).toBeLessThan(0)
    expect(compareVersions('2.34', '2.26')).toBeGreaterThan(0)
    expect(compareVersions('2.3', '2.3.0')).toBe(0)
  })
})
