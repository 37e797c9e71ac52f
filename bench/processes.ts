/**
 * The processes the packaging benchmark runs and times: the action as
 * shipped, Info-ZIP `zip`, and the floor (bench/floor.ts), each under
 * `/usr/bin/time` or timed inside itself.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const ROOT = resolve(import.meta.dirname, '..')
// As the tests: a bundle built elsewhere while src/ is shared and changing.
export const DIST =
  process.env.PUBLISH_LAYER_DIST ?? join(ROOT, 'dist', 'index.js')
const OUT = join(ROOT, 'bench', '.out')

export interface Run {
  /** Packaging as measured: the action's log, or the whole `zip` process. */
  ms: number
  /** Whole process, from /usr/bin/time. */
  wallMs: number
  rssMiB: number
  /**
   * The action's peak RSS up to the end of packaging (its `VmHWM` when the
   * `Archive …` line arrives); absent for `zip` and where /proc is not.
   */
  packagingRssMiB?: number
  /** User + system CPU time of the whole process. */
  cpuMs: number
  zip: string
  sha256: string
}

export function ensureTools(): void {
  const missing: string[] = []
  for (const bin of ['zip', 'unzip']) {
    if (spawnSync('sh', ['-c', `command -v ${bin}`]).status !== 0) {
      missing.push(bin)
    }
  }
  if (!existsSync('/usr/bin/time')) missing.push('time')
  if (missing.length === 0) return
  console.log(`installing ${missing.join(', ')} (apt-get)`)
  execFileSync('apt-get', ['install', '-y', '-q', ...missing], {
    stdio: 'inherit'
  })
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex')
}

const TIME_FORMAT = '%e %M %U %S'

/** `/usr/bin/time -f TIME_FORMAT` writes its line last on stderr. */
function parseTime(stderr: string): {
  wallMs: number
  rssMiB: number
  cpuMs: number
} {
  const m = /([\d.]+) (\d+) ([\d.]+) ([\d.]+)\s*$/.exec(stderr.trim())
  if (!m) throw new Error(`no /usr/bin/time line in:\n${stderr.slice(-500)}`)
  return {
    wallMs: Number(m[1]) * 1000,
    rssMiB: Number(m[2]) / 1024,
    cpuMs: (Number(m[3]) + Number(m[4])) * 1000
  }
}

function actionEnv(dir: string, tree: string): Record<string, string> {
  return {
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
    RUNNER_TEMP: join(dir, 'temp'),
    GITHUB_WORKSPACE: tree,
    'INPUT_LAYER-NAME': 'bench',
    INPUT_PATH: '**',
    INPUT_REGION: 'us-east-1',
    // Needed above 50 MB; a dry run never touches it.
    INPUT_BUCKET: 'bench-{region}',
    'INPUT_DRY-RUN': 'true',
    'INPUT_SKIP-UNCHANGED': 'false'
  }
}

/**
 * The action as shipped, a dry run without skip (no network call). Its
 * packaging time runs from its `::group::Package` line to its `Archive …`
 * line, read from a pipe as they arrive. `mayFailAfterPackaging`: for a
 * tree above the provider's size limits (the scaling runs), which the
 * action packages and then refuses.
 */
export async function runAction(
  tree: string,
  opts: { mayFailAfterPackaging?: boolean; oneCore?: boolean } = {}
): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'pl-bench-'))
  mkdirSync(join(dir, 'temp'))
  writeFileSync(join(dir, 'out'), '')
  writeFileSync(join(dir, 'summary'), '')
  const child = spawn(
    '/usr/bin/time',
    [
      '-f',
      TIME_FORMAT,
      ...(opts.oneCore ? ['taskset', '-c', '0'] : []),
      process.execPath,
      DIST
    ],
    { env: actionEnv(dir, tree), cwd: tree, stdio: ['ignore', 'pipe', 'pipe'] }
  )
  const marks: { started?: number; ended?: number } = {}
  let packagingRss: number | undefined
  let stdout = ''
  let stderr = ''
  let pending = ''
  child.stdout.on('data', (d: Buffer) => {
    const now = performance.now()
    stdout += d.toString()
    pending += d.toString()
    const lines = pending.split('\n')
    pending = lines.pop() ?? ''
    for (const line of lines) {
      if (line === '::group::Package') marks.started ??= now
      if (line.startsWith('Archive ') && marks.ended === undefined) {
        marks.ended = now
        packagingRss = highWater(child.pid)
      }
    }
  })
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const code = await new Promise<number | null>((r) => child.on('close', r))
  const { started, ended } = marks
  // A tree above the provider's size limit fails its checks after packaging.
  const failed = code !== 0 && !opts.mayFailAfterPackaging
  if (failed || started === undefined || ended === undefined) {
    throw new Error(`action failed (${code}):\n${stdout}\n${stderr}`)
  }
  const kept = join(OUT, 'action.zip')
  mkdirSync(OUT, { recursive: true })
  writeFileSync(
    kept,
    readFileSync(join(dir, 'temp', 'publish-layer', 'bench.zip'))
  )
  rmSync(dir, { recursive: true, force: true })
  const t = parseTime(stderr)
  return {
    ms: ended - started,
    ...t,
    ...(packagingRss !== undefined && { packagingRssMiB: packagingRss }),
    zip: kept,
    sha256: sha256(kept)
  }
}

/**
 * Peak RSS so far, in MiB, of the process `/usr/bin/time` (pid `timer`)
 * runs (`taskset` execs into it): its `VmHWM`. The line that triggers this
 * arrives a few milliseconds after it was written, so the figure may take
 * in the first moments after packaging.
 */
function highWater(timer: number | undefined): number | undefined {
  try {
    const children = readFileSync(
      `/proc/${timer}/task/${timer}/children`,
      'utf8'
    )
    const pid = children.trim().split(/\s+/)[0]
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kib = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1]
    return kib === undefined ? undefined : Number(kib) / 1024
  } catch {
    return undefined
  }
}

export function runZip(tree: string, extra: string[], name: string): Run {
  const out = join(OUT, name)
  mkdirSync(OUT, { recursive: true })
  rmSync(out, { force: true })
  const r = spawnSync(
    '/usr/bin/time',
    ['-f', TIME_FORMAT, 'zip', '-r', '-q', ...extra, out, '.'],
    { cwd: tree, encoding: 'utf8' }
  )
  if (r.status !== 0) throw new Error(`zip failed: ${r.stderr}`)
  const t = parseTime(r.stderr)
  return { ms: t.wallMs, ...t, zip: out, sha256: '' }
}

export interface Floor {
  readMs: number
  deflateMs: number
  /** CPU time of the same two phases (what load on a shared machine hides less). */
  readCpuMs: number
  deflateCpuMs: number
}

/** bench/floor.ts in its own process: reading and deflating the tree. */
export function runFloor(tree: string): Floor {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'bench', 'floor.ts'), tree],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 20 }
  )
  if (r.status !== 0) throw new Error(`floor failed: ${r.stderr}`)
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Floor
}
