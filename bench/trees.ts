/**
 * Seeded test trees for the benchmarks: the same scale gives the same files,
 * byte for byte, on any machine.
 *
 * - `small-files`: ≈20,000 source-like text files, ≈120 MB at scale 1
 *   (a `node_modules` or `site-packages` tree).
 * - `binary-heavy`: ≈200 MB at scale 1, half of it incompressible (native
 *   libraries, models), half text.
 */
import { createCipheriv, createHash } from 'node:crypto'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { dirname, join } from 'node:path'

export type TreeKind = 'small-files' | 'binary-heavy'

export interface TreeSummary {
  files: number
  bytes: number
  executables: number
}

function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const SYLLABLES =
  'get set on un re de con pro load save parse read write buf str node err cb fn val key map list item data user conf opt path file dir sync async req res ctx call init make has is to from'.split(
    ' '
  )
const KEYWORDS =
  'const let return if else for while function import export from await async new this class extends throw try catch typeof null undefined true false'.split(
    ' '
  )

function vocabulary(random: () => number, size: number): string[] {
  const words: string[] = []
  for (let i = 0; i < size; i++) {
    const parts = 1 + Math.floor(random() * 3)
    let w = ''
    for (let p = 0; p < parts; p++) {
      const s = SYLLABLES[Math.floor(random() * SYLLABLES.length)] as string
      w += p === 0 ? s : s[0]?.toUpperCase() + s.slice(1)
    }
    words.push(w)
  }
  return words
}

/** Source-like text: compresses about as well as real JS/Python (≈4×). */
function text(random: () => number, words: string[], size: number): Buffer {
  const lines: string[] = []
  let length = 0
  while (length < size) {
    const indent = '  '.repeat(Math.floor(random() * 4))
    const n = 2 + Math.floor(random() * 8)
    let line = indent
    for (let i = 0; i < n; i++) {
      const r = random()
      if (r < 0.25) line += KEYWORDS[Math.floor(random() * KEYWORDS.length)]
      else if (r < 0.3) line += String(Math.floor(random() * 100000))
      else if (r < 0.33)
        line += `'${words[Math.floor(random() * words.length)]}'`
      else line += words[Math.floor(random() * words.length)]
      line +=
        i === n - 1 ? (random() < 0.5 ? ';' : ' {') : random() < 0.3 ? '(' : ' '
    }
    lines.push(line)
    length += line.length + 1
  }
  return Buffer.from(lines.join('\n').slice(0, size))
}

/** Seeded incompressible bytes (AES-CTR keystream). */
function noise(seed: number, size: number): Buffer {
  const key = createHash('sha256').update(`noise-${seed}`).digest()
  const cipher = createCipheriv(
    'aes-128-ctr',
    key.subarray(0, 16),
    key.subarray(16)
  )
  return Buffer.concat([cipher.update(Buffer.alloc(size)), cipher.final()])
}

function logNormal(random: () => number, mu: number, sigma: number): number {
  const u = 1 - random()
  const v = random()
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  return Math.exp(mu + sigma * z)
}

function write(dir: string, name: string, data: Buffer, mode: number): void {
  const p = join(dir, name)
  mkdirSync(dirname(p), { recursive: true })
  writeFileSync(p, data)
  chmodSync(p, mode)
}

function filePath(random: () => number, i: number, perPackage: number): string {
  const pkg = `pkg-${Math.floor(i / perPackage)}`
  const sub = ['lib', 'src', 'dist', 'lib/internal', 'src/utils', 'types'][
    Math.floor(random() * 6)
  ] as string
  return `${pkg}/${sub}/file-${i}`
}

/**
 * Writes the tree into `dir` (emptied first). Scale 1 is the full size;
 * 0.1 gives a tenth of the files.
 */
export function generateTree(
  kind: TreeKind,
  dir: string,
  scale: number
): TreeSummary {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const random = rng(kind === 'small-files' ? 1 : 2)
  const words = vocabulary(random, 3000)
  const summary: TreeSummary = { files: 0, bytes: 0, executables: 0 }
  const add = (name: string, data: Buffer, mode = 0o644): void => {
    write(dir, name, data, mode)
    summary.files++
    summary.bytes += data.length
    if (mode & 0o111) summary.executables++
  }

  if (kind === 'small-files') {
    const count = Math.max(10, Math.round(20000 * scale))
    for (let i = 0; i < count; i++) {
      const size = Math.min(1 << 20, Math.floor(logNormal(random, 8.2, 1)))
      const r = random()
      const base = filePath(random, i, 200)
      if (r < 0.02)
        add(
          `${base.replace(/\/[^/]+\/file/, '/bin/cli')}`,
          text(random, words, size),
          0o755
        )
      else if (r < 0.04)
        add(`${dirname(base)}/.config-${i}`, text(random, words, size))
      else add(`${base}.js`, text(random, words, size))
    }
  } else {
    const target = 100e6 * scale
    let textBytes = 0
    for (let i = 0; textBytes < target; i++) {
      const size = Math.min(4 << 20, Math.floor(logNormal(random, 10.5, 1.2)))
      textBytes += size
      add(`${filePath(random, i, 50)}.py`, text(random, words, size))
    }
    let noiseBytes = 0
    for (let i = 0; noiseBytes < target; i++) {
      const size = Math.min(
        Math.ceil(target - noiseBytes),
        Math.floor(logNormal(random, 13.5, 1.3)) + 1024
      )
      noiseBytes += size
      const mode = i % 4 === 0 ? 0o755 : 0o644
      add(`native/lib-${i}.so`, noise(i, size), mode)
    }
  }
  return summary
}

/** Generates once per (kind, scale); later calls reuse the tree. */
export function ensureTree(
  kind: TreeKind,
  root: string,
  scale: number
): { dir: string; summary: TreeSummary } {
  const dir = join(root, `${kind}-${scale}`)
  const marker = `${dir}.json`
  if (existsSync(marker) && existsSync(dir)) {
    return {
      dir,
      summary: JSON.parse(readFileSync(marker, 'utf8')) as TreeSummary
    }
  }
  const summary = generateTree(kind, dir, scale)
  writeFileSync(marker, JSON.stringify(summary))
  return { dir, summary }
}
