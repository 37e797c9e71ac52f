/**
 * Compares our zip writer with Info-ZIP and the npm zip libraries on the
 * seeded trees of bench/trees.ts.
 *
 *   npx tsx bench/zip-libs.ts [--scale 0.25] [--trees small-files,binary-heavy]
 *                             [--libs ours,infozip,yazl,archiver,adm-zip,fflate]
 *
 * Each run is a child process timed by /usr/bin/time (wall time and peak RSS
 * of the whole process); each library runs twice, the second time after every
 * file's mtime changed, to see whether the bytes stay the same.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync
} from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureTree, type TreeKind } from './trees.js'

const here = fileURLToPath(new URL('.', import.meta.url))
const args = process.argv.slice(2)
const arg = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback
}
const scale = Number(arg('scale', '0.25'))
const kinds = arg('trees', 'small-files,binary-heavy').split(',') as TreeKind[]
const libs = arg('libs', 'ours,infozip,yazl,archiver,adm-zip,fflate').split(',')
const outDir = join(here, '.out')
mkdirSync(outDir, { recursive: true })
const hasTime = existsSync('/usr/bin/time')

interface Row {
  tree: string
  lib: string
  seconds: number
  inner: number
  rssMiB: number
  bytes: number
  deterministic: boolean
  modesKept: string
}

function measure(
  lib: string,
  tree: string,
  out: string
): { seconds: number; inner: number; rssMiB: number } {
  rmSync(out, { force: true })
  const timeFile = join(outDir, 'time.txt')
  const cmd =
    lib === 'infozip'
      ? ['zip', '-r', '-q', '-X', '-6', out, '.']
      : [
          process.execPath,
          '--import',
          'tsx',
          join(here, 'zip-lib-child.ts'),
          lib,
          tree,
          out
        ]
  const argv = hasTime
    ? ['/usr/bin/time', '-f', '%e %M', '-o', timeFile, ...cmd]
    : cmd
  const t = performance.now()
  const r = spawnSync(argv[0] as string, argv.slice(1), {
    cwd: lib === 'infozip' ? tree : process.cwd(),
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 << 20
  })
  const wall = (performance.now() - t) / 1000
  if (r.status !== 0) throw new Error(`${lib} failed with ${r.status}`)
  const [, rssKiB] = hasTime
    ? readFileSync(timeFile, 'utf8').trim().split(/\s+/).map(Number)
    : [0, 0]
  // Node children report the time spent zipping, without start-up and tsx.
  const inner =
    lib === 'infozip'
      ? wall
      : (
          JSON.parse(r.stdout.toString().trim().split('\n').pop() ?? '{}') as {
            ms: number
          }
        ).ms / 1000
  return { seconds: wall, inner, rssMiB: (rssKiB ?? 0) / 1024 }
}

function sha(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex')
}

function touchAll(dir: string, when: Date): void {
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    utimesSync(join(dir, name), when, when)
  }
}

/** "kept" when every file's executable bit survives in the archive. */
function modesKept(zip: string, tree: string): string {
  const out = execFileSync('python3', [
    '-c',
    `import json, os, sys, zipfile
z = zipfile.ZipFile(sys.argv[1]); bad = 0; n = 0
for i in z.infolist():
    if i.is_dir(): continue
    p = os.path.join(sys.argv[2], i.filename.lstrip('./'))
    n += 1
    want = os.stat(p).st_mode & 0o111 != 0
    got = (i.external_attr >> 16) & 0o111 != 0
    bad += want != got
print(json.dumps([n, bad]))`,
    zip,
    tree
  ])
  const [n, bad] = JSON.parse(out.toString()) as [number, number]
  return bad === 0 ? 'yes' : `no (${bad}/${n})`
}

const rows: Row[] = []
for (const kind of kinds) {
  const { dir, summary } = ensureTree(kind, join(here, '.trees'), scale)
  console.error(
    `${kind} @ ${scale}: ${summary.files} files, ${(summary.bytes / 1e6).toFixed(1)} MB`
  )
  for (const lib of libs) {
    const a = join(outDir, `${kind}-${lib}-1.zip`)
    const b = join(outDir, `${kind}-${lib}-2.zip`)
    touchAll(dir, new Date('2024-01-02T03:04:05Z'))
    const first = measure(lib, dir, a)
    touchAll(dir, new Date('2025-06-07T08:09:10Z'))
    const second = measure(lib, dir, b)
    const row: Row = {
      tree: kind,
      lib,
      seconds: Math.min(first.seconds, second.seconds),
      inner: Math.min(first.inner, second.inner),
      rssMiB: Math.max(first.rssMiB, second.rssMiB),
      bytes: statSync(a).size,
      deterministic: sha(a) === sha(b),
      modesKept: modesKept(a, dir)
    }
    rows.push(row)
    console.error(JSON.stringify(row))
    rmSync(b, { force: true })
  }
}

const header =
  '| tree | library | process wall s | zipping s | × Info-ZIP | peak RSS MiB | size bytes | size vs Info-ZIP | same bytes after touch | exec bit kept |'
const lines = [header, '|---|---|---:|---:|---:|---:|---:|---:|---|---|']
for (const r of rows) {
  const iz = rows.find((x) => x.tree === r.tree && x.lib === 'infozip')
  const ratio = iz ? (r.inner / iz.seconds).toFixed(2) : '–'
  const size = iz
    ? `${(((r.bytes - iz.bytes) / iz.bytes) * 100).toFixed(2)}%`
    : '–'
  lines.push(
    `| ${r.tree} | ${r.lib} | ${r.seconds.toFixed(2)} | ${r.inner.toFixed(2)} | ${ratio} | ${r.rssMiB.toFixed(0)} | ${r.bytes} | ${size} | ${r.deterministic ? 'yes' : 'no'} | ${r.modesKept} |`
  )
}
console.log(lines.join('\n'))
