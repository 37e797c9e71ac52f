import { describe, expect, it } from 'vitest'
import type { ElfFacts } from '../src/checks/elf.js'
import { nativeWarnings, type NativeFile } from '../src/checks/native.js'

function elf(path: string, facts: Partial<ElfFacts> = {}): NativeFile {
  return {
    path,
    elf: {
      machine: 'x86_64',
      bits: 64,
      endian: 'little',
      type: 'shared',
      musl: false,
      ...facts
    }
  }
}

const aws = (architectures: string[], runtimes: string[] = []) => ({
  provider: 'aws' as const,
  architectures,
  runtimes
})

describe('machine check', () => {
  it('an arm64 layer holding an x86_64 .so warns, naming the file and its machine', () => {
    const warnings = nativeWarnings(
      [
        elf('python/pkg/_native.so'),
        elf('python/pkg/_ok.so', { machine: 'aarch64' })
      ],
      aws(['arm64'])
    )
    expect(warnings).toEqual([
      {
        kind: 'machine',
        message:
          'compatible-architectures: 1 native file is not built for arm64: python/pkg/_native.so (x86_64)',
        files: ['python/pkg/_native.so']
      }
    ])
  })

  it('checks against x86_64 when no architecture is given, as Lambda defaults', () => {
    const [warning] = nativeWarnings(
      [elf('bin/tool', { machine: 'aarch64', type: 'executable' })],
      aws([])
    )
    expect(warning?.message).toBe(
      "compatible-architectures: 1 native file is not built for x86_64 (Lambda's default: compatible-architectures is empty): bin/tool (aarch64)"
    )
  })

  it('accepts a file of either listed architecture', () => {
    const files = [
      elf('a/x.so'),
      elf('a/y.so', { machine: 'aarch64' }),
      elf('a/z.so', { machine: 'i386', bits: 32 })
    ]
    const warnings = nativeWarnings(files, aws(['x86_64', 'arm64']))
    expect(warnings.map((w) => w.files)).toEqual([['a/z.so']])
  })

  it('names the count and at most five files', () => {
    const files = Array.from({ length: 8 }, (_, i) => elf(`lib/lib${i}.so`))
    const [warning] = nativeWarnings(files, aws(['arm64']))
    expect(warning?.message).toBe(
      'compatible-architectures: 8 native files are not built for arm64: lib/lib0.so (x86_64), lib/lib1.so (x86_64), lib/lib2.so (x86_64), lib/lib3.so (x86_64), lib/lib4.so (x86_64) and 3 more'
    )
    expect(warning?.files).toHaveLength(8)
  })

  it('ignores relocatable objects, which are never loaded', () => {
    expect(
      nativeWarnings([elf('src/a.o', { type: 'relocatable' })], aws(['arm64']))
    ).toEqual([])
  })
})

describe('glibc check', () => {
  it('a library needing GLIBC_2.34 listed for python3.11 (Amazon Linux 2) warns', () => {
    const warnings = nativeWarnings(
      [
        elf('python/lib/python3.11/site-packages/np/core.so', { glibc: '2.34' })
      ],
      aws(['x86_64'], ['python3.11', 'python3.12'])
    )
    expect(warnings).toEqual([
      {
        kind: 'glibc',
        message:
          'compatible-runtimes: python/lib/python3.11/site-packages/np/core.so needs GLIBC_2.34, newer than the glibc of python3.11 (Amazon Linux 2, glibc 2.26)',
        files: ['python/lib/python3.11/site-packages/np/core.so']
      }
    ])
  })

  it('compares versions numerically (2.28 is newer than 2.3)', () => {
    const warnings = nativeWarnings(
      [elf('a.so', { glibc: '2.28' }), elf('b.so', { glibc: '2.2.5' })],
      aws(['x86_64'], ['python3.10'])
    )
    expect(warnings.map((w) => w.files)).toEqual([['a.so']])
  })

  it('is silent when every runtime runs on Amazon Linux 2023 and the file needs 2.34', () => {
    expect(
      nativeWarnings(
        [elf('a.so', { glibc: '2.34' })],
        aws(['x86_64'], ['nodejs22.x'])
      )
    ).toEqual([])
  })

  it('checks a new .al2023 runtime by its suffix, and skips runtimes of unknown OS', () => {
    const files = [elf('a.so', { glibc: '2.38' })]
    const [warning] = nativeWarnings(
      files,
      aws(['x86_64'], ['java17.al2023', 'nodejs26.x'])
    )
    expect(warning?.message).toBe(
      'compatible-runtimes: a.so needs GLIBC_2.38, newer than the glibc of java17.al2023 (Amazon Linux 2023, glibc 2.34)'
    )
  })

  it('past five files, the rest share one warning', () => {
    const files = Array.from({ length: 7 }, (_, i) =>
      elf(`python/w/m${i}.so`, { glibc: '2.28' })
    )
    const warnings = nativeWarnings(files, aws(['x86_64'], ['python3.9']))
    expect(warnings).toHaveLength(6)
    expect(warnings[5]).toEqual({
      kind: 'glibc',
      message:
        'compatible-runtimes: 2 more native files need a newer glibc than a listed runtime provides: python/w/m5.so, python/w/m6.so',
      files: ['python/w/m5.so', 'python/w/m6.so']
    })
  })
})

describe('musl check', () => {
  it('warns about musl-linked files', () => {
    const warnings = nativeWarnings(
      [
        elf('nodejs/node_modules/sharp/sharp.node', { musl: true }),
        elf('ok.so')
      ],
      aws(['x86_64'])
    )
    expect(warnings).toEqual([
      {
        kind: 'musl',
        message:
          '1 native file is linked against musl libc (an Alpine build?); the runtimes use glibc and cannot load it: nodejs/node_modules/sharp/sharp.node',
        files: ['nodejs/node_modules/sharp/sharp.node']
      }
    ])
  })

  it('on Tencent only musl is checked: SCF layers have no architecture', () => {
    const warnings = nativeWarnings(
      [
        elf('node_modules/x/x.node', { machine: 'aarch64', glibc: '2.38' }),
        elf('node_modules/y/y.node', { musl: true })
      ],
      { provider: 'tencent', architectures: [], runtimes: ['Nodejs18.15'] }
    )
    expect(warnings.map((w) => w.kind)).toEqual(['musl'])
  })
})
