/**
 * Reads the facts the native-binary checks need from an ELF file: machine,
 * class, byte order, whether it is linked against musl, and the newest
 * GLIBC_2.N it requires (its SHT_GNU_verneed data, .gnu.version_r).
 *
 * It runs on every packaged file, so it reads little: a non-ELF is rejected
 * on its first 4 bytes; an ELF costs the header and program headers (usually
 * one block at the start), the dynamic segment and the version needs with
 * the strings they name. Those are found through PT_DYNAMIC (DT_VERNEED,
 * DT_STRTAB), as the dynamic loader finds them, not through the section
 * headers at the end of the file, so stripped files read the same and no
 * read goes to the tail. Layouts: the System V gABI and the LSB's symbol
 * versioning chapter (Elf_Verneed / Elf_Vernaux).
 */
import { Window, type ByteSource } from './byte-source.js'

export {
  bufferSource,
  fileHandleSource,
  withPrefix,
  type ByteSource
} from './byte-source.js'

export interface ElfFacts {
  /** `x86_64`, `aarch64`, another name (`i386`, `arm`, …) or `machine-<n>`. */
  machine: string
  bits: 32 | 64
  endian: 'little' | 'big'
  type: 'relocatable' | 'executable' | 'shared' | 'core' | 'other'
  /** PT_INTERP names ld-musl, or a DT_NEEDED names libc.musl-*. */
  musl: boolean
  /** Newest GLIBC_ version required, e.g. `2.34`; absent when none is. */
  glibc?: string
}

const MACHINES: Record<number, string> = {
  2: 'sparc',
  3: 'i386',
  8: 'mips',
  20: 'ppc',
  21: 'ppc64',
  22: 's390',
  40: 'arm',
  43: 'sparcv9',
  50: 'ia64',
  62: 'x86_64',
  183: 'aarch64',
  243: 'riscv',
  258: 'loongarch'
}

const TYPES = ['other', 'relocatable', 'executable', 'shared', 'core'] as const

const PT_LOAD = 1
const PT_DYNAMIC = 2
const PT_INTERP = 3
const DT_NEEDED = 1
const DT_STRTAB = 5
const DT_VERNEED = 0x6ffffffe
const DT_VERNEEDNUM = 0x6fffffff
// Bounds against corrupt or hostile files; real ones are far below them.
const MAX_PHDRS = 512
const MAX_DYNAMIC_BYTES = 64 * 1024
const MAX_VERSION_ENTRIES = 512
const MAX_NEEDED = 128
/**
 * Not a GLIBC_2.N name, but only glibc 2.36 and later provide it: a file
 * linked with packed relative relocations needs at least that.
 */
const GLIBC_ABI_DT_RELR = '2.36'

/** True when the bytes start with the ELF magic (needs only 4 bytes). */
export function isElfMagic(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x7f &&
    bytes[1] === 0x45 &&
    bytes[2] === 0x4c &&
    bytes[3] === 0x46
  )
}

/** Compares dotted versions numerically: `2.2.5` < `2.17` < `2.34`. */
export function compareVersions(a: string, b: string): number {
  const x = a.split('.').map(Number)
  const y = b.split('.').map(Number)
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}

interface Segment {
  type: number
  offset: number
  vaddr: number
  filesz: number
}

interface Header {
  bits: 32 | 64
  little: boolean
  type: number
  machine: number
  phoff: number
  phentsize: number
  phnum: number
}

async function readHeader(w: Window): Promise<Header | undefined> {
  const ident = await w.view(0, 6)
  const elfClass = ident?.data.getUint8(4)
  const data = ident?.data.getUint8(5)
  const bits = elfClass === 1 ? 32 : elfClass === 2 ? 64 : undefined
  if (bits === undefined || (data !== 1 && data !== 2)) return undefined
  w.little = data === 1
  const r = await w.view(0, bits === 64 ? 64 : 52)
  if (!r) return undefined
  const ph = bits === 64 ? 32 : 28
  const sizes = bits === 64 ? 54 : 42
  return {
    bits,
    little: w.little,
    type: r.u16(16),
    machine: r.u16(18),
    phoff: r.word(ph, bits),
    phentsize: r.u16(sizes),
    phnum: r.u16(sizes + 2)
  }
}

async function readSegments(w: Window, h: Header): Promise<Segment[]> {
  const entry = h.bits === 64 ? 56 : 32
  if (h.phnum === 0 || h.phnum > MAX_PHDRS || h.phentsize < entry) return []
  const r = await w.view(h.phoff, h.phentsize * h.phnum)
  if (!r) return []
  const segments: Segment[] = []
  for (let i = 0; i < h.phnum; i++) {
    const at = i * h.phentsize
    const wide = h.bits === 64
    segments.push({
      type: r.u32(at),
      offset: r.word(at + (wide ? 8 : 4), h.bits),
      vaddr: r.word(at + (wide ? 16 : 8), h.bits),
      filesz: r.word(at + (wide ? 32 : 16), h.bits)
    })
  }
  return segments
}

/** File offset of a virtual address, through the PT_LOAD holding it. */
function fileOffset(segments: Segment[], vaddr: number): number | undefined {
  const load = segments.find(
    (s) => s.type === PT_LOAD && vaddr >= s.vaddr && vaddr < s.vaddr + s.filesz
  )
  return load ? load.offset + (vaddr - load.vaddr) : undefined
}

type DynamicTags = Map<number, number[]>

async function readDynamic(
  w: Window,
  h: Header,
  dynamic: Segment
): Promise<DynamicTags> {
  const entry = h.bits === 64 ? 16 : 8
  const length = Math.min(dynamic.filesz, MAX_DYNAMIC_BYTES)
  const tags: DynamicTags = new Map()
  const r = await w.view(dynamic.offset, length - (length % entry))
  if (!r) return tags
  for (let at = 0; at + entry <= r.data.byteLength; at += entry) {
    const tag = r.word(at, h.bits)
    if (tag === 0) break
    const values = tags.get(tag) ?? []
    values.push(r.word(at + entry / 2, h.bits))
    tags.set(tag, values)
  }
  return tags
}

/**
 * vna_name offsets (into the dynamic string table) of every version needed.
 * One budget for all entries: a hostile chain cannot multiply the reads.
 */
async function versionNameOffsets(
  w: Window,
  start: number,
  count: number
): Promise<number[]> {
  const names: number[] = []
  let budget = MAX_VERSION_ENTRIES
  let vn = start
  for (let i = 0; i < count && budget > 0; i++, budget--) {
    const need = await w.view(vn, 16)
    if (!need) break
    const [cnt, aux, next] = [need.u16(2), need.u32(8), need.u32(12)]
    let vna = vn + aux
    for (let j = 0; j < cnt && budget > 0; j++, budget--) {
      const entry = await w.view(vna, 16)
      if (!entry) break
      names.push(entry.u32(8))
      const step = entry.u32(12)
      if (step === 0) break
      vna += step
    }
    if (next === 0) break
    vn += next
  }
  return names
}

function glibcOf(name: string): string | undefined {
  if (name === 'GLIBC_ABI_DT_RELR') return GLIBC_ABI_DT_RELR
  return /^GLIBC_(\d+\.\d+(?:\.\d+)?)$/.exec(name)?.[1]
}

async function linkFacts(
  w: Window,
  strings: Window,
  h: Header,
  segments: Segment[]
): Promise<{ musl: boolean; glibc?: string }> {
  const interp = segments.find((s) => s.type === PT_INTERP)
  const interpName = interp ? await w.string(interp.offset) : undefined
  let musl = interpName?.includes('ld-musl') ?? false
  const dynamic = segments.find((s) => s.type === PT_DYNAMIC)
  if (!dynamic) return { musl }
  const tags = await readDynamic(w, h, dynamic)
  const strtab = fileOffset(segments, tags.get(DT_STRTAB)?.[0] ?? -1)
  if (strtab === undefined) return { musl }
  for (const needed of (tags.get(DT_NEEDED) ?? []).slice(0, MAX_NEEDED)) {
    const name = await strings.string(strtab + needed)
    if (name?.startsWith('libc.musl')) musl = true
  }
  const verneed = fileOffset(segments, tags.get(DT_VERNEED)?.[0] ?? -1)
  const count = tags.get(DT_VERNEEDNUM)?.[0] ?? 0
  if (verneed === undefined || count === 0) return { musl }
  let glibc: string | undefined
  for (const offset of await versionNameOffsets(w, verneed, count)) {
    const name = await strings.string(strtab + offset)
    const version = name === undefined ? undefined : glibcOf(name)
    if (version && (!glibc || compareVersions(version, glibc) > 0)) {
      glibc = version
    }
  }
  return glibc === undefined ? { musl } : { musl, glibc }
}

/**
 * The ELF facts of a file, or undefined when it is not an ELF (decided on
 * its first 4 bytes) or its header is unusable. Damage past the header
 * leaves the affected facts out rather than failing.
 */
export async function readElf(
  source: ByteSource
): Promise<ElfFacts | undefined> {
  if (source.size < 52 || !isElfMagic(await source.read(0, 4))) {
    return undefined
  }
  const w = new Window(source)
  const h = await readHeader(w)
  if (!h) return undefined
  const segments = await readSegments(w, h)
  const strings = new Window(source, h.little)
  const link = await linkFacts(w, strings, h, segments)
  return {
    machine: MACHINES[h.machine] ?? `machine-${h.machine}`,
    bits: h.bits,
    endian: h.little ? 'little' : 'big',
    type: TYPES[h.type] ?? 'other',
    ...link
  }
}
