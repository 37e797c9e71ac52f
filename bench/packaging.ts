/**
 * Packaging benchmark (issues 6 and 14): the action as shipped against
 * Info-ZIP and against the machine's floor, per tree; then how its time and
 * memory grow with the number of files.
 */
import { spawnSync } from 'node:child_process'
import { statSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import {
  ROOT,
  runAction,
  runFloor,
  runZip,
  type Floor,
  type Run
} from './processes.js'
import {
  alternate,
  median,
  ratioLine,
  seriesLine,
  type Series
} from './stats.js'
import { listFiles } from '../src/package/select.js'
import { ensureTree, type TreeKind } from './trees.js'

const RSS_GOAL_MIB = 128
// Peak RSS varies by a few MiB between runs of one tree (the binary's pages
// the page cache keeps or drops): "flat" allows 5% above the smallest tree.
const FLAT_SHARE = 0.05
const TREES = join(ROOT, 'bench', '.trees')
const sec = (ms: number): string => `${(ms / 1000).toFixed(2)} s`
const pct = (a: number, b: number): string =>
  `${a >= b ? '+' : ''}${((a / b - 1) * 100).toFixed(2)}%`

export interface Goals {
  /** Packaging ÷ `zip -r -q`. */
  vsZip: number
  /** Packaging ÷ the floor. */
  vsFloor: number
}

/** The floor of one run: reading and deflating, shared among the cores. */
function floorMs(f: Floor): number {
  return (f.readMs + f.deflateMs) / availableParallelism()
}

export async function packaging(
  kind: TreeKind,
  scale: number,
  reps: number,
  goals: Goals
): Promise<void> {
  const { dir, summary } = ensureTree(kind, TREES, scale)
  console.log(
    `## Packaging ${kind}: ${summary.files} files, ${(summary.bytes / 1e6).toFixed(0)} MB (scale ${scale}), ${reps} alternated repetition(s)`
  )
  const runs = { ours: [] as Run[], q: [] as Run[], qx: [] as Run[] }
  const floors: Floor[] = []
  await alternate(reps, [
    { name: 'floor', run: () => void floors.push(runFloor(dir)) },
    {
      name: 'action',
      run: async () => void runs.ours.push(await runAction(dir))
    },
    { name: 'zip', run: () => void runs.q.push(runZip(dir, [], 'zip-q.zip')) },
    {
      name: 'zip -X',
      run: () => void runs.qx.push(runZip(dir, ['-X'], 'zip-qx.zip'))
    }
  ])
  const floor: Series = {
    name: 'floor (read + deflate) / cores',
    ms: floors.map(floorMs)
  }
  printFloor(kind, floors, floor)
  const ours: Series = {
    name: 'publish-layer packaging',
    ms: runs.ours.map((r) => r.ms)
  }
  const wall: Series = {
    name: 'publish-layer (whole process, start-up incl.)',
    ms: runs.ours.map((r) => r.wallMs)
  }
  const q: Series = { name: 'zip -r -q', ms: runs.q.map((r) => r.ms) }
  const qx: Series = { name: 'zip -r -q -X', ms: runs.qx.map((r) => r.ms) }
  for (const s of [ours, wall, q, qx]) console.log(seriesLine(s))
  console.log(ratioLine(`${kind} packaging vs zip -r -q`, ours, q, goals.vsZip))
  console.log(
    ratioLine(`${kind} packaging vs floor`, ours, floor, goals.vsFloor)
  )
  console.log(
    `${kind} whole action process vs zip -r -q: median ratio ${(median(wall.ms) / median(q.ms)).toFixed(2)} (for information)`
  )
  printCpu(kind, floors, runs.ours)
  printArchive(kind, runs, reps)
  console.log('')
}

function printFloor(kind: TreeKind, floors: Floor[], floor: Series): void {
  const read = median(floors.map((f) => f.readMs))
  const deflate = median(floors.map((f) => f.deflateMs))
  console.log(
    `${kind} floor: read every file once ${sec(read)}, deflate the tree on one core ${sec(deflate)}; (read + deflate) / ${availableParallelism()} cores = ${sec(median(floor.ms))} (median of ${floors.length})`
  )
  console.log(seriesLine(floor))
}

/** CPU time, which load from other processes distorts less than wall time. */
function printCpu(kind: TreeKind, floors: Floor[], runs: Run[]): void {
  const floorCpu = median(floors.map((f) => f.readCpuMs + f.deflateCpuMs))
  const action = median(runs.map((r) => r.cpuMs))
  console.log(
    `${kind} CPU time: whole action process ${sec(action)} (start-up and selection included); floor read + deflate ${sec(floorCpu)}; ratio ${(action / floorCpu).toFixed(2)} (for information)`
  )
}

function printArchive(
  kind: TreeKind,
  runs: { ours: Run[]; q: Run[]; qx: Run[] },
  reps: number
): void {
  const rss = Math.max(...runs.ours.map((r) => r.rssMiB))
  const rssQ = Math.max(...runs.q.map((r) => r.rssMiB))
  console.log(
    `${kind} peak RSS: action ${rss.toFixed(0)} MiB (max of ${reps}), zip -r -q ${rssQ.toFixed(0)} MiB; goal ≤ ${RSS_GOAL_MIB} MiB ${rss <= RSS_GOAL_MIB ? 'MET' : 'NOT MET'}`
  )
  const first = runs.ours[0] as Run
  const size = statSync(first.zip).size
  const sizeQ = statSync((runs.q[0] as Run).zip).size
  const sizeQX = statSync((runs.qx[0] as Run).zip).size
  const within = size <= sizeQ * 1.01 ? 'MET' : 'NOT MET'
  console.log(
    `${kind} size: ${size} bytes; zip -r -q ${sizeQ} (${pct(size, sizeQ)}, goal ≤ +1% ${within}); zip -r -q -X ${sizeQX} (${pct(size, sizeQX)}, for information: without Info-ZIP's extra fields this compares the deflated data alone, where Node's zlib is ~1.4% larger on small text files)`
  )
  const sums = new Set(runs.ours.map((r) => r.sha256))
  const test = spawnSync('unzip', ['-tq', first.zip], { encoding: 'utf8' })
  const same =
    reps > 1
      ? `byte-identical across runs: ${sums.size === 1 ? 'yes' : 'NO'}`
      : 'one run (determinism not checked)'
  console.log(
    `${kind} archive: unzip -t ${test.status === 0 ? 'passes' : `FAILS: ${test.stdout}`}; ${same}; sha256 ${first.sha256}`
  )
}

/** One size of the scaling runs: its peaks are the max of its repetitions. */
interface ScalingRow {
  files: number
  bytes: number
  ms: number
  rss: number
  /** Through packaging only (processes.ts `highWater`); absent without /proc. */
  packRss: number | undefined
  zipRss: number
}

/**
 * Packaging time and peak RSS of the small-files kind at growing sizes:
 * time should grow no faster than files and bytes, and RSS stay flat. The
 * 70,000-file tree unzips to 404 MiB, above Lambda's limit: the action
 * packages it, then fails its checks, which this accepts. `zip -r -q` runs
 * once per size as the reference for what keeping a list of entries costs.
 */
export async function scaling(scales: number[], reps: number): Promise<void> {
  console.log(`## Scaling: small-files kind, ${reps} repetition(s) each`)
  console.log(
    '| files | MB | packaging (median) | ms per 1,000 files | ms per 100 MB | peak RSS (max) | through packaging (max) | zip -r -q peak RSS |'
  )
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
  const rows: ScalingRow[] = []
  for (const scale of scales) {
    const { dir, summary } = ensureTree('small-files', TREES, scale)
    const runs: Run[] = []
    for (let r = 0; r < reps; r++) {
      runs.push(await runAction(dir, { mayFailAfterPackaging: true }))
    }
    const ms = median(runs.map((r) => r.ms))
    const rss = Math.max(...runs.map((r) => r.rssMiB))
    const packs = runs
      .map((r) => r.packagingRssMiB)
      .filter((p): p is number => p !== undefined)
    const packRss =
      packs.length === runs.length ? Math.max(...packs) : undefined
    const zipRss = runZip(dir, [], 'zip-scale.zip').rssMiB
    rows.push({
      files: summary.files,
      bytes: summary.bytes,
      ms,
      rss,
      packRss,
      zipRss
    })
    console.log(
      `| ${summary.files} | ${(summary.bytes / 1e6).toFixed(0)} | ${sec(ms)} | ${((ms / summary.files) * 1000).toFixed(0)} | ${((ms / summary.bytes) * 1e8).toFixed(0)} | ${rss.toFixed(0)} MiB${rss <= RSS_GOAL_MIB ? '' : ' (over 128)'} | ${packRss === undefined ? '—' : `${packRss.toFixed(1)} MiB`} | ${zipRss.toFixed(0)} MiB |`
    )
  }
  printScalingVerdicts(rows)
  await tableMemory(scales)
  await oneCore(scales)
  console.log('')
}

/**
 * The entry table of the smallest and largest trees, built by selection as
 * the action does and read through once as the writer does: the bytes it
 * holds in memory (src/package/spill-blocks.ts keeps the rest in a file).
 */
async function tableMemory(scales: number[]): Promise<void> {
  const ends = [scales[0], scales.at(-1)].filter((s) => s !== undefined)
  const figures: string[] = []
  for (const scale of ends) {
    const { dir, summary } = ensureTree('small-files', TREES, scale)
    const table = await listFiles({
      patterns: ['**'],
      baseDirectory: dir,
      prefix: '',
      symlinks: 'follow'
    })
    let bytes = 0
    for (const e of table) bytes += e.size + e.name.length
    if (bytes === 0) throw new Error('empty table')
    figures.push(
      `${(table.bytes / 1024).toFixed(0)} KiB at ${summary.files} files`
    )
    table.close()
  }
  console.log(
    `scaling memory: the entry table holds ${figures.join(', ')} in memory, the rest in its file`
  )
}

/**
 * The smallest and largest trees again, the action held to one core: what
 * grows with parallel threads (V8's heaps, run beside each other) against
 * what grows with the tree (bench/README.md, "Memory").
 */
async function oneCore(scales: number[]): Promise<void> {
  if (spawnSync('taskset', ['-c', '0', 'true']).status !== 0) return
  const ends = [scales[0], scales.at(-1)].filter((s) => s !== undefined)
  const figures: string[] = []
  for (const scale of ends) {
    const { dir, summary } = ensureTree('small-files', TREES, scale)
    const run = await runAction(dir, {
      mayFailAfterPackaging: true,
      oneCore: true
    })
    figures.push(`${run.rssMiB.toFixed(0)} MiB at ${summary.files} files`)
  }
  console.log(
    `scaling memory on one core (taskset -c 0, one run each, for information): peak RSS ${figures.join(', ')}`
  )
}

/**
 * Time: per file and per byte, the largest tree costs no more than the
 * middle one (10% for noise). Memory: peak RSS within the goal at every
 * size, and how much it grows per 1,000 files, beside Info-ZIP's growth.
 */
function printScalingVerdicts(rows: ScalingRow[]): void {
  const first = rows[0]
  const mid = rows[Math.floor(rows.length / 2)]
  const last = rows.at(-1)
  if (!first || !mid || !last || rows.length < 2) return
  const perFile = (r: typeof first): number => r.ms / r.files
  const perByte = (r: typeof first): number => r.ms / r.bytes
  const linear =
    perFile(last) <= perFile(mid) * 1.1 && perByte(last) <= perByte(mid) * 1.1
  console.log(
    `scaling time: ${last.files} files cost ${(perFile(last) * 1000).toFixed(0)} ms per 1,000 files and ${(perByte(last) * 1e8).toFixed(0)} ms per 100 MB against ${(perFile(mid) * 1000).toFixed(0)} and ${(perByte(mid) * 1e8).toFixed(0)} at ${mid.files}; grows no faster than files and bytes: ${linear ? 'MET' : 'NOT MET'}`
  )
  const kib = (a: number, b: number): string =>
    (((b - a) * 1024) / ((last.files - first.files) / 1000)).toFixed(0)
  const within = rows.every((r) => r.rss <= RSS_GOAL_MIB)
  const growth = Math.max(...rows.map((r) => r.rss)) - first.rss
  const flat = growth <= first.rss * FLAT_SHARE
  console.log(
    `scaling memory: peak RSS ${rows.map((r) => r.rss.toFixed(0)).join(' / ')} MiB, growing ${kib(first.rss, last.rss)} KiB per 1,000 files (zip -r -q: ${kib(first.zipRss, last.zipRss)} KiB per 1,000 files, ${rows.map((r) => r.zipRss.toFixed(0)).join(' / ')} MiB); ≤ ${RSS_GOAL_MIB} MiB at every size: ${within ? 'MET' : 'NOT MET'}`
  )
  console.log(
    `scaling memory: flat (no size more than ${FLAT_SHARE * 100}% above the smallest tree's peak): peaks ${rows.map((r) => r.rss.toFixed(1)).join(' / ')} MiB, +${growth.toFixed(1)} MiB, ${((growth / first.rss) * 100).toFixed(1)}%: ${flat ? 'MET' : 'NOT MET'}`
  )
  printLikeForLike(rows)
  // For information, not a verdict: the same pair the time rule compares.
  // The smallest tree packages in ~0.2 s and ends before memory of fixed
  // size (the workers' young generations, the ring, V8's pages) is first
  // touched, which the larger runs all touch (bench/README.md, "Ninth pass").
  const steady = last.rss - mid.rss
  console.log(
    `scaling memory, ${mid.files} → ${last.files} files (for information: the pair the time rule compares): +${steady.toFixed(1)} MiB, ${((steady / mid.rss) * 100).toFixed(1)}% for ${(last.files / mid.files).toFixed(1)} × the files`
  )
}

/**
 * The whole process's peak comes after packaging for a tree within the
 * provider's limits (checks, the SDKs' loading) and during packaging for
 * the 70,000-file tree, refused before that: the same rule on each size's
 * peak through packaging compares like with like (bench/README.md,
 * "Eighth pass").
 */
function printLikeForLike(rows: ScalingRow[]): void {
  const peaks = rows
    .map((r) => r.packRss)
    .filter((p): p is number => p !== undefined)
  const [first] = peaks
  if (first === undefined || peaks.length < rows.length) return
  const growth = Math.max(...peaks) - first
  console.log(
    `scaling memory, through packaging only (for information: each size's peak when its Archive line arrives): peaks ${peaks.map((p) => p.toFixed(1)).join(' / ')} MiB, +${growth.toFixed(1)} MiB, ${((growth / first) * 100).toFixed(1)}%: ${growth <= first * FLAT_SHARE ? 'within' : 'above'} ${FLAT_SHARE * 100}%`
  )
}
