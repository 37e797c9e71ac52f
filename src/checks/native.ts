/**
 * Native binaries against the layer's architectures and runtimes: the
 * failures that only show once a function loads the layer (a `.so` built on
 * an x86_64 runner in an arm64 layer, a wheel needing a newer glibc than
 * the runtime's Amazon Linux, an Alpine build linked against musl).
 */
import {
  AMAZON_LINUX_GLIBC,
  awsRuntimeOs,
  type AmazonLinux
} from './aws-runtimes.js'
import { compareVersions, type ElfFacts } from './elf.js'

export interface NativeFile {
  /** Name inside the archive. */
  path: string
  elf: ElfFacts
}

export interface NativeCheckOptions {
  provider: 'aws' | 'tencent'
  /** `compatible-architectures` as given (AWS names: x86_64, arm64). */
  architectures: readonly string[]
  /** `compatible-runtimes` as given. */
  runtimes: readonly string[]
}

export type NativeWarningKind = 'machine' | 'glibc' | 'musl'

export interface NativeWarning {
  kind: NativeWarningKind
  message: string
  /** Every file concerned (the message names at most a few). */
  files: string[]
}

/** Files a message names before saying "and N more". */
export const FILES_NAMED = 5

/** ELF machine name of each Lambda architecture. */
const AWS_MACHINE: Record<string, string> = {
  x86_64: 'x86_64',
  arm64: 'aarch64'
}

// Relocatable objects and core dumps are never loaded: only these count.
function isLoadable(file: NativeFile): boolean {
  return file.elf.type === 'executable' || file.elf.type === 'shared'
}

function nameSome(paths: readonly string[], describe = (p: string) => p) {
  const named = paths.slice(0, FILES_NAMED).map(describe).join(', ')
  const more = paths.length - FILES_NAMED
  return more > 0 ? `${named} and ${more} more` : named
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}

function machineWarning(
  files: readonly NativeFile[],
  architectures: readonly string[]
): NativeWarning | undefined {
  const given = architectures.length > 0
  const archs = given ? architectures : ['x86_64']
  const machines = new Set(archs.map((a) => AWS_MACHINE[a] ?? a))
  const wrong = files.filter((f) => !machines.has(f.elf.machine))
  if (wrong.length === 0) return undefined
  const machineOf = new Map(wrong.map((f) => [f.path, f.elf.machine]))
  const target = given
    ? archs.join(', ')
    : "x86_64 (Lambda's default: compatible-architectures is empty)"
  const list = nameSome(
    wrong.map((f) => f.path),
    (p) => `${p} (${machineOf.get(p) ?? '?'})`
  )
  return {
    kind: 'machine',
    message: `compatible-architectures: ${plural(wrong.length, 'native file is', 'native files are')} not built for ${target}: ${list}`,
    files: wrong.map((f) => f.path)
  }
}

interface RuntimeOs {
  runtime: string
  os: AmazonLinux
  glibc: string
}

function glibcWarnings(
  files: readonly NativeFile[],
  runtimes: readonly string[]
): NativeWarning[] {
  const targets: RuntimeOs[] = []
  for (const runtime of new Set(runtimes)) {
    const os = awsRuntimeOs(runtime)
    if (os) targets.push({ runtime, os, glibc: AMAZON_LINUX_GLIBC[os] })
  }
  const warnings: NativeWarning[] = []
  for (const file of files) {
    const needed = file.elf.glibc
    if (needed === undefined) continue
    const short = targets.filter((t) => compareVersions(needed, t.glibc) > 0)
    if (short.length === 0) continue
    const under = short
      .map((t) => `${t.runtime} (${t.os}, glibc ${t.glibc})`)
      .join(', ')
    warnings.push({
      kind: 'glibc',
      message: `compatible-runtimes: ${file.path} needs GLIBC_${needed}, newer than the glibc of ${under}`,
      files: [file.path]
    })
  }
  return capGlibc(warnings)
}

// Per file, as each may need its own fix; a wheel built for a newer
// manylinux brings dozens, so past a few they share one warning.
function capGlibc(warnings: NativeWarning[]): NativeWarning[] {
  if (warnings.length <= FILES_NAMED) return warnings
  const rest = warnings.slice(FILES_NAMED).flatMap((w) => w.files)
  return [
    ...warnings.slice(0, FILES_NAMED),
    {
      kind: 'glibc',
      message: `compatible-runtimes: ${plural(rest.length, 'more native file needs', 'more native files need')} a newer glibc than a listed runtime provides: ${nameSome(rest)}`,
      files: rest
    }
  ]
}

function muslWarning(files: readonly NativeFile[]): NativeWarning | undefined {
  const musl = files.filter((f) => f.elf.musl).map((f) => f.path)
  if (musl.length === 0) return undefined
  return {
    kind: 'musl',
    message: `${plural(musl.length, 'native file is', 'native files are')} linked against musl libc (an Alpine build?); the runtimes use glibc and cannot load ${musl.length === 1 ? 'it' : 'them'}: ${nameSome(musl)}`,
    files: musl
  }
}

/**
 * Warnings for the layer's ELF files. AWS: wrong machine (x86_64 when no
 * architecture is given, as Lambda defaults), glibc newer than a listed
 * runtime's Amazon Linux, musl. Tencent layers have no architecture and
 * SCF does not document its runtimes' glibc, so only musl is checked there.
 */
export function nativeWarnings(
  files: readonly NativeFile[],
  options: NativeCheckOptions
): NativeWarning[] {
  const loadable = files.filter(isLoadable)
  const warnings: NativeWarning[] = []
  if (options.provider === 'aws') {
    const machine = machineWarning(loadable, options.architectures)
    if (machine) warnings.push(machine)
    warnings.push(...glibcWarnings(loadable, options.runtimes))
  }
  const musl = muslWarning(loadable)
  if (musl) warnings.push(musl)
  return warnings
}
