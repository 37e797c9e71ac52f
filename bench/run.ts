/**
 * `npm run bench [-- --quick] [-- --packaging-only] [-- --reps N]`
 *
 * Issue 6, goals 1-4: packaging by the action as shipped (`node
 * dist/index.js`, a dry run without skip, so no network call) against
 * Info-ZIP `zip -r -q` and `zip -r -q -X` (level 6), on the seeded trees of
 * bench/trees.ts, in alternation; then goals 5-7 from bench/action.ts.
 *
 * The action's packaging time is read from its log: from the moment its
 * `::group::Package` line arrives to its `Archive …` line (stdout is a pipe,
 * written synchronously). Peak RSS is /usr/bin/time's maximum resident set
 * of the whole action process (worker threads would be included; there are
 * none). Run `npm run build` first: this measures dist/ as it is.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { ensureTree, type TreeKind } from './trees.js'
import { alternate, describe, median, ratioLine, type Series } from './stats.js'

const ROOT = resolve(import.meta.dirname, '..')
const DIST = join(ROOT, 'dist', 'index.js')
const args = process.argv.slice(2)
const quick = args.includes('--quick')
const packagingOnly = args.includes('--packaging-only')
const repsArg = args.indexOf('--reps')
const reps = repsArg >= 0 ? Number(args[repsArg + 1]) : quick ? 1 : 3
const scale = quick ? 0.05 : 1
const MiB = 1024 * 1024
const RSS_GOAL_MIB = 128

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex')
}

function ensureTools(): void {
  const missing: string[] = []
  for (const [bin, pkg] of [
    ['zip', 'zip'],
    ['unzip', 'unzip']
  ] as const) {
    if (spawnSync('sh', ['-c', `command -v ${bin}`]).status !== 0) {
      missing.push(pkg)
    }
  }
  if (!existsSync('/usr/bin/time')) missing.push('time')
  if (missing.length === 0) return
  console.log(`installing ${missing.join(', ')} (apt-get)`)
  execFileSync('apt-get', ['install', '-y', '-q', ...new Set(missing)], {
    stdio: 'inherit'
  })
}

interface Run {
  /** Packaging as measured: the action's log, or the whole `zip` process. */
  ms: number
  /** Whole process, from /usr/bin/time. */
  wallMs: number
  rssMiB: number
  zip: string
  sha256: string
}

/** `/usr/bin/time -f '%e %M'` writes its line last on stderr. */
function parseTime(stderr: string): { wallMs: number; rssMiB: number } {
  const m = /(\d+(?:\.\d+)?) (\d+)\s*$/.exec(stderr.trim())
  if (!m) throw new Error(`no /usr/bin/time line in:\n${stderr.slice(-500)}`)
  return { wallMs: Number(m[1]) * 1000, rssMiB: Number(m[2]) / 1024 }
}

async function runAction(tree: string): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'pl-bench-'))
  const temp = join(dir, 'temp')
  mkdirSync(temp)
  writeFileSync(join(dir, 'out'), '')
  writeFileSync(join(dir, 'summary'), '')
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_ACCESS_KEY_ID: 'AKIDBENCHEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'bench-secret',
    GITHUB_OUTPUT: join(dir, 'out'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    RUNNER_TEMP: temp,
    GITHUB_WORKSPACE: tree,
    'INPUT_LAYER-NAME': 'bench',
    INPUT_PATH: '**',
    INPUT_REGION: 'us-east-1',
    // Needed above 50 MB; a dry run never touches it.
    INPUT_BUCKET: 'bench-{region}',
    'INPUT_DRY-RUN': 'true',
    'INPUT_SKIP-UNCHANGED': 'false'
  }
  const child = spawn(
    '/usr/bin/time',
    ['-f', '%e %M', process.execPath, DIST],
    { env, cwd: tree, stdio: ['ignore', 'pipe', 'pipe'] }
  )
  let started: number | undefined
  let ended: number | undefined
  let stdout = ''
  let stderr = ''
  let pending = ''
  child.stdout.on('data', (d: Buffer) => {
    const now = performance.now()
    stdout += d.toString()
    pending += d.toString()
    let i: number
    while ((i = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, i)
      pending = pending.slice(i + 1)
      if (line === '::group::Package') started ??= now
      if (line.startsWith('Archive ')) ended ??= now
    }
  })
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const code = await new Promise<number | null>((r) => child.on('close', r))
  if (code !== 0 || started === undefined || ended === undefined) {
    throw new Error(`action failed (${code}):\n${stdout}\n${stderr}`)
  }
  const zip = join(temp, 'publish-layer', 'bench.zip')
  const kept = join(ROOT, 'bench', '.out', 'action.zip')
  mkdirSync(join(ROOT, 'bench', '.out'), { recursive: true })
  writeFileSync(kept, readFileSync(zip))
  rmSync(dir, { recursive: true, force: true })
  const t = parseTime(stderr)
  return { ms: ended - started, ...t, zip: kept, sha256: sha256(kept) }
}

function runZip(tree: string, extra: string[], name: string): Run {
  const out = join(ROOT, 'bench', '.out', name)
  mkdirSync(join(ROOT, 'bench', '.out'), { recursive: true })
  rmSync(out, { force: true })
  const r = spawnSync(
    '/usr/bin/time',
    ['-f', '%e %M', 'zip', '-r', '-q', ...extra, out, '.'],
    { cwd: tree, encoding: 'utf8' }
  )
  if (r.status !== 0) throw new Error(`zip failed: ${r.stderr}`)
  const t = parseTime(r.stderr)
  return { ms: t.wallMs, ...t, zip: out, sha256: '' }
}

const pct = (a: number, b: number): string =>
  `${a >= b ? '+' : ''}${((a / b - 1) * 100).toFixed(2)}%`

async function packaging(kind: TreeKind, goal: number): Promise<void> {
  const { dir, summary } = ensureTree(
    kind,
    join(ROOT, 'bench', '.trees'),
    scale
  )
  console.log(
    `## Packaging ${kind}: ${summary.files} files, ${(summary.bytes / 1e6).toFixed(0)} MB (scale ${scale}), ${reps} alternated repetition(s)`
  )
  const runs: Record<string, Run[]> = { ours: [], q: [], qx: [] }
  const series = await alternate(reps, [
    {
      name: 'publish-layer (dist/index.js, packaging)',
      run: async () => void runs.ours!.push(await runAction(dir))
    },
    {
      name: 'zip -r -q',
      run: () => void runs.q!.push(runZip(dir, [], 'zip-q.zip'))
    },
    {
      name: 'zip -r -q -X',
      run: () => void runs.qx!.push(runZip(dir, ['-X'], 'zip-qx.zip'))
    }
  ])
  // Times as measured inside each run, not by `alternate` (which adds spawn).
  const [ours, q, qx] = (['ours', 'q', 'qx'] as const).map((k, i): Series => ({
    name: series[i]!.name,
    ms: runs[k]!.map((r) => r.ms)
  })) as [Series, Series, Series]
  const oursWall: Series = {
    name: 'publish-layer (whole process, start-up incl.)',
    ms: runs.ours!.map((r) => r.wallMs)
  }
  for (const s of [ours, oursWall, q, qx]) console.log(describe(s))
  console.log(ratioLine(`${kind} packaging vs zip -r -q`, ours, q, goal))
  console.log(
    `${kind} whole action process vs zip -r -q: median ratio ${(median(oursWall.ms) / median(q.ms)).toFixed(2)} (for information)`
  )
  const rss = Math.max(...runs.ours!.map((r) => r.rssMiB))
  const rssQ = Math.max(...runs.q!.map((r) => r.rssMiB))
  console.log(
    `${kind} peak RSS: action ${rss.toFixed(0)} MiB (max of ${reps}), zip -r -q ${rssQ.toFixed(0)} MiB; goal ≤ ${RSS_GOAL_MIB} MiB ${rss <= RSS_GOAL_MIB ? 'MET' : 'NOT MET'}`
  )
  const size = statSync(runs.ours![0]!.zip).size
  const sizeQ = statSync(runs.q![0]!.zip).size
  const sizeQX = statSync(runs.qx![0]!.zip).size
  const within = (a: number, b: number): string =>
    a <= b * 1.01 ? 'MET' : 'NOT MET'
  console.log(
    `${kind} size: ${size} bytes; zip -r -q ${sizeQ} (${pct(size, sizeQ)}, goal ≤ +1% ${within(size, sizeQ)}); zip -r -q -X ${sizeQX} (${pct(size, sizeQX)}, for information: without Info-ZIP's extra fields this compares the deflated data alone, where Node's zlib is ~1.4% larger on small text files)`
  )
  const sums = new Set(runs.ours!.map((r) => r.sha256))
  const test = spawnSync('unzip', ['-tq', runs.ours![0]!.zip], {
    encoding: 'utf8'
  })
  console.log(
    `${kind} archive: unzip -t ${test.status === 0 ? 'passes' : `FAILS: ${test.stdout}`}; ${reps > 1 ? `byte-identical across runs: ${sums.size === 1 ? 'yes' : 'NO'}` : 'one run (determinism not checked)'}`
  )
  console.log('')
}

ensureTools()
console.log(
  `# publish-layer benchmarks: ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}${quick ? ' (quick)' : ''}`
)
console.log(
  `Info-ZIP: ${execFileSync('zip', ['-v']).toString().split('\n')[1]?.trim() ?? '?'}; timings are medians of alternated runs on a shared machine`
)
console.log('')
// `--only end-to-end` (or packaging, startup, upload) runs one part.
const onlyArg = args.indexOf('--only')
const only = onlyArg >= 0 ? args[onlyArg + 1] : undefined
const wanted = (part: string): boolean =>
  only === undefined ? part === 'packaging' || !packagingOnly : only === part
if (wanted('packaging')) {
  await packaging('small-files', 0.6)
  await packaging('binary-heavy', 0.8)
}
const { startup, upload, endToEnd } = await import('./action.js')
if (wanted('startup')) await startup(quick ? 5 : 21)
if (wanted('upload')) await upload(quick ? 24 * MiB : 200e6, 8 * MiB)
if (wanted('end-to-end')) {
  await endToEnd(quick ? 0.05 : 0.5, 8 * MiB, quick ? 1 : 3)
}
