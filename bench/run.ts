/**
 * `npm run bench [-- --quick] [-- --packaging-only] [-- --reps N] [-- --only PART]`
 * (PART: packaging, checks, startup, upload, end-to-end)
 *
 * Issues 6 and 14: packaging by the action as shipped (`node
 * dist/index.js`, or PUBLISH_LAYER_DIST, a dry run without skip, so no
 * network call) against Info-ZIP `zip -r -q` / `zip -r -q -X` (level 6) and
 * the machine's floor, on the seeded trees of bench/trees.ts, in
 * alternation, then how packaging scales (bench/packaging.ts); then goals
 * 5-7 from bench/action.ts. Peak RSS is /usr/bin/time's maximum resident
 * set of the whole action process. Build the bundle first: this measures
 * it as it is.
 */
import { execFileSync } from 'node:child_process'
import { availableParallelism, cpus } from 'node:os'
import { packaging, scaling } from './packaging.js'
import { ensureTools } from './processes.js'

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const packagingOnly = args.includes('--packaging-only')
const repsArg = args.indexOf('--reps')
const reps = repsArg >= 0 ? Number(args[repsArg + 1]) : quick ? 1 : 3
const scale = quick ? 0.05 : 1
const MiB = 1024 * 1024

ensureTools()
console.log(
  `# publish-layer benchmarks: ${new Date().toISOString().slice(0, 10)}, node ${process.version}${quick ? ' (quick)' : ''}`
)
console.log(`CPU: ${cpus()[0]?.model ?? '?'}, ${availableParallelism()} cores`)
console.log(
  `Info-ZIP: ${execFileSync('zip', ['-v']).toString().split('\n')[1]?.trim() ?? '?'}; timings are medians of alternated runs on a shared machine`
)
console.log('')
// `--only end-to-end` (or packaging, scaling, checks, startup, upload) runs one part.
const onlyArg = args.indexOf('--only')
const only = onlyArg >= 0 ? args[onlyArg + 1] : undefined
const wanted = (part: string): boolean =>
  only === undefined ? part === 'packaging' || !packagingOnly : only === part
if (wanted('packaging')) {
  await packaging('small-files', scale, reps, { vsZip: 0.5, vsFloor: 1.25 })
  await packaging('binary-heavy', scale, reps, { vsZip: 0.35, vsFloor: 1.25 })
}
if (wanted('packaging') || only === 'scaling') {
  // 1,000, 20,000 and 70,000 files (quick: 200, 500, 1,000).
  await scaling(quick ? [0.01, 0.025, 0.05] : [0.05, 1, 3.5], reps)
}
if (wanted('checks')) {
  const { checksCost } = await import('./checks.js')
  await checksCost('small-files', scale, reps)
  await checksCost('binary-heavy', scale, reps)
}
const { startup, upload, endToEnd } = await import('./action.js')
if (wanted('startup')) await startup(quick ? 5 : 21)
if (wanted('upload')) await upload(quick ? 24 * MiB : 200e6, 8 * MiB)
if (wanted('end-to-end')) {
  await endToEnd(quick ? 0.05 : 0.5, 8 * MiB, quick ? 1 : 3)
}
