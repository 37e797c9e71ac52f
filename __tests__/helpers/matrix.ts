/**
 * Shared machinery of the reliability tests: a bounded pool for running
 * independent end-to-end cases in parallel, per-case region names (so one
 * emulator's faults and call log can be scoped to one case), and the
 * generated sections of docs/reliability.md.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { ROOT, runAction, type ActionRun } from './action.js'
import type { EmulatorHandle } from './emulator.js'
import type { CallRecord, FaultRule } from '../../emulator/core.js'

export const RELIABILITY_DOC = join(ROOT, 'docs', 'reliability.md')

/** Runs `task` over `items` with at most `limit` at once, keeping order. */
export async function pool<T, R>(
  items: T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>
): Promise<R[]> {
  const out = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      out[i] = await task(items[i]!, i)
    }
  }
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker)
  )
  return out
}

/** Letters only: provider region patterns allow digits only at the end. */
export function letters(n: number): string {
  let s = ''
  do {
    s = String.fromCharCode(97 + (n % 26)) + s
    n = Math.floor(n / 26) - 1
  } while (n >= 0)
  return s
}

/**
 * Replaces the text between `<!-- name:start -->` and `<!-- name:end -->`
 * in docs/reliability.md (creating the file or the section when missing).
 */
export function writeDocSection(name: string, body: string): void {
  const start = `<!-- ${name}:start -->`
  const end = `<!-- ${name}:end -->`
  const block = `${start}\n${body.trim()}\n${end}`
  mkdirSync(dirname(RELIABILITY_DOC), { recursive: true })
  const text = existsSync(RELIABILITY_DOC)
    ? readFileSync(RELIABILITY_DOC, 'utf8')
    : '# Reliability\n'
  const i = text.indexOf(start)
  const j = text.indexOf(end)
  const next =
    i >= 0 && j > i
      ? text.slice(0, i) + block + text.slice(j + end.length)
      : `${text.trimEnd()}\n\n${block}\n`
  writeFileSync(RELIABILITY_DOC, next)
}

/** A Markdown table from a header and rows. */
export function table(
  header: string[],
  rows: Array<Array<string | number>>
): string {
  const line = (cells: Array<string | number>) =>
    `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join(
    '\n'
  )
}

/** What one fault-matrix case reports, whatever the provider. */
export interface FaultOutcome {
  c: {
    target: { label: string; setup: string }
    kind: string
    times?: number | undefined
    code?: string | undefined
  }
  expected: 'fail' | 'warn' | 'success' | 'recovered'
  run: { code: number | null; durationMs: number }
  attempts: number
  created: number
  duplicates: number
  orphans: number
  late: number
  lateLeft: number
  problems: string[]
}

/** The per-case table both providers' matrices write to docs/reliability.md. */
export function faultTable(list: FaultOutcome[]): string {
  const rows = list.map((o) => [
    `\`${o.c.target.label}\``,
    o.c.target.setup,
    o.c.code ?? o.c.kind,
    o.c.times === undefined ? 'forever' : `${o.c.times}×`,
    {
      fail: 'fails',
      warn: 'warns, exit 0',
      success: 'exit 0',
      recovered: 'fails, or finds the late result'
    }[o.expected],
    `exit ${o.run.code}`,
    o.attempts,
    o.created,
    o.duplicates,
    o.orphans,
    o.late > 0 ? `${o.late} (${o.lateLeft} left)` : 0,
    (o.run.durationMs / 1000).toFixed(1),
    o.problems.length === 0 ? 'ok' : 'FAIL'
  ])
  return table(
    [
      'call',
      'setup',
      'fault',
      'times',
      'expected',
      'result',
      'attempts',
      'versions created',
      'duplicates',
      'orphans',
      'late writes',
      'seconds',
      'check'
    ],
    rows
  )
}

/** What the shared part of a fault case measured. */
export interface FaultRun {
  run: ActionRun
  exitAt: number
  /** Calls of this case's region, in order. */
  calls: CallRecord[]
  /** Calls to the faulted operation. */
  attempts: number
  /** Exit time minus the run's last network event. */
  tailMs: number
  /** Writes the emulator carried out where the run could no longer see them. */
  late: number
}

/**
 * Scripts one fault in the case's own region, runs the action, and measures
 * what both providers' matrices assert on.
 */
export async function runFaultCase(
  emu: EmulatorHandle,
  c: {
    region: string
    kind: FaultRule['kind']
    times?: number | undefined
    /** For kind `error`: the provider's error code to answer with. */
    code?: string | undefined
    target: { service: FaultRule['service']; operation: string }
  },
  options: {
    workspace: string
    inputs: Record<string, string>
    env: Record<string, string>
    requestTimeoutMs: number
    delayMs: number
  }
): Promise<FaultRun> {
  const t = c.target
  const { requestTimeoutMs, delayMs } = options
  await emu.fault({
    service: t.service,
    operation: t.operation,
    region: c.region,
    kind: c.kind,
    ...(c.times !== undefined && { times: c.times }),
    ...(c.code !== undefined && { code: c.code }),
    ...(c.kind === 'delay' && { delayMs })
  })
  const run = await runAction({
    workspace: options.workspace,
    env: {
      ...options.env,
      PUBLISH_LAYER_REQUEST_TIMEOUT_MS: String(requestTimeoutMs),
      PUBLISH_LAYER_CONNECT_TIMEOUT_MS: String(requestTimeoutMs)
    },
    inputs: options.inputs,
    timeoutMs: 90_000
  })
  const exitAt = Date.now()
  // A delayed request is still served after the client gave up: let it land.
  if (c.kind === 'delay') {
    await new Promise((r) => setTimeout(r, delayMs + 500))
  }

  const all = await emu.calls()
  const calls = all.filter((x: CallRecord) => x.region === c.region)
  const attempts = calls.filter(
    (x) => x.service === t.service && x.operation === t.operation
  ).length
  // The run's last network event: an answer, or the client giving up on a
  // delayed request. A delayed request is recorded when the emulator
  // finishes it, delayMs after it arrived, or later when the emulator's
  // timer runs late under load; the client gave up requestTimeoutMs after
  // it arrived, and no later than it exited. Dropping a request whose
  // estimate lands after the exit would take the attempt before it as the
  // last event, a whole timeout and back-off too early.
  const events = calls
    .map((x) => {
      if (x.fault !== 'delay') {
        return x.status !== 0 || x.fault !== undefined
          ? Date.parse(x.time)
          : NaN
      }
      const arrived = Date.parse(x.time) - delayMs
      return arrived <= exitAt
        ? Math.min(arrived + requestTimeoutMs, exitAt)
        : NaN
    })
    .filter((time) => time <= exitAt)
  const tailMs = events.length ? exitAt - Math.max(...events) : run.durationMs
  // Writes the emulator carried out after the client had given up on them
  // and after the run's last answered read of that service (or after it
  // exited): nothing the run did later could see them, so no client can
  // clean those up. One served before a later read (a sweep's listing, a
  // lookup) is the run's to find. Only a read can find a write: an upload
  // started between a sweep's listing and its aborts is as late as one
  // started after the exit. The log's sequence orders them, not its
  // millisecond clock, which ties under load.
  const lastRead = (service: string): number =>
    Math.max(
      -Infinity,
      ...calls
        .filter((x) => x.service === service && x.status !== 0 && !x.write)
        .map((x) => x.seq)
    )
  const late = calls.filter((x) => {
    if (!x.write || x.fault !== 'delay') return false
    return Date.parse(x.time) > exitAt || x.seq > lastRead(x.service)
  }).length
  return { run, exitAt, calls, attempts, tailMs, late }
}

/** What one case measured, as both providers' matrices judge it. */
export interface CaseFacts {
  c: {
    region: string
    kind: FaultRule['kind']
    times?: number | undefined
    target: {
      label: string
      setup: string
      operation: string
      persistent: 'fail' | 'warn'
    }
  }
  run: ActionRun
  /** From runFaultCase. */
  tailMs: number
  late: number
  /** Versions holding the run's archive. */
  created: number
  /** Whether the case uploads (with `delete-object`). */
  uploads: boolean
  leftUploads: number
  leftObjects: number
}

/** How a provider's errors and late writes look. */
export interface ProviderRules {
  /** Operations whose late write a run may find and succeed with. */
  recoverable: string[]
  /** An error after a reset or timeout says so. */
  noResponse: RegExp
  /** An error with an answer carries the provider's request id. */
  requestId: RegExp
  persistentBoundMs: number
  tailBoundMs: number
}

/**
 * The expectations every fault case is held to: transient faults succeed
 * with one version, persistent ones fail with one error naming the call,
 * the region and the request id (or the missing answer) within the bound,
 * or warn where a failure is not fatal; no duplicates, no orphans.
 */
export function judgeFaultCase(
  f: CaseFacts,
  rules: ProviderRules
): Omit<FaultOutcome, 'c' | 'run' | 'attempts' | 'created'> & {
  leftoverReported: number
} {
  const { c, run, late, created } = f
  const t = c.target
  const extra = Math.max(0, created - 1)
  const duplicates = late > 0 ? 0 : extra
  const leftObjects = f.uploads ? f.leftObjects : 0
  // A leftover object the run names in a warning is reported, not orphaned.
  const reported = run.warnings.some((w) =>
    /could not delete .*publish-layer\//.test(w)
  )
  const leftoverReported = reported ? leftObjects : 0
  const left = f.leftUploads + (reported ? 0 : leftObjects)
  const orphans = late > 0 ? 0 : left
  const lateLeft = late > 0 ? left + extra : 0

  const persistent = c.times === undefined
  let expected: FaultOutcome['expected'] =
    persistent && c.kind !== 'commit-then-reset'
      ? t.persistent === 'fail'
        ? 'fail'
        : 'warn'
      : 'success'
  // A slow request that the service carries out after the client gave up
  // may be found afterwards: the run then succeeds instead of failing.
  if (
    expected === 'fail' &&
    c.kind === 'delay' &&
    rules.recoverable.includes(t.operation) &&
    run.code === 0
  ) {
    expected = 'recovered'
  }
  const problems: string[] = []
  if (expected === 'fail') {
    if (run.code !== 1) problems.push(`exit ${run.code}, expected 1`)
    if (run.errors.length !== 1) {
      problems.push(`${run.errors.length} ::error:: lines, expected 1`)
    }
    const msg = run.errors[0] ?? ''
    if (!msg.includes(t.label))
      problems.push(`error does not name ${t.label}: ${msg}`)
    if (!msg.includes(c.region))
      problems.push(`error does not name the region: ${msg}`)
    if (c.kind === 'reset' || c.kind === 'delay') {
      if (!rules.noResponse.test(msg)) {
        problems.push(`error does not say there was no response: ${msg}`)
      }
    } else if (!rules.requestId.test(msg)) {
      problems.push(`error has no request id: ${msg}`)
    }
    if (run.durationMs > rules.persistentBoundMs) {
      problems.push(
        `took ${run.durationMs} ms, above ${rules.persistentBoundMs}`
      )
    }
  } else {
    if (run.code !== 0) {
      problems.push(`exit ${run.code}, expected 0: ${run.errors.join(' / ')}`)
    }
    if (run.errors.length !== 0)
      problems.push(`errors: ${run.errors.join(' / ')}`)
    if (created - (late > 0 ? extra : 0) !== 1)
      problems.push(`${created} versions with this archive, expected 1`)
    if (expected === 'warn') {
      const named = run.warnings.some(
        (w) => w.includes(t.label) && w.includes(c.region)
      )
      if (!named) {
        problems.push(
          `no warning naming ${t.label} and the region: ${run.warnings.join(' / ')}`
        )
      }
    }
  }
  if (created > 1 || duplicates > 0)
    problems.push(`${duplicates} duplicate versions`)
  if (orphans > 0) {
    problems.push(
      `${orphans} orphans (${f.leftUploads} uploads, ${leftObjects} objects)`
    )
  }
  if (f.tailMs > rules.tailBoundMs)
    problems.push(`exited ${f.tailMs} ms after the last answered call`)
  const where = `${t.label}/${t.setup} ${c.kind} ${persistent ? 'forever' : `x${c.times}`} (${c.region})`
  return {
    expected,
    duplicates,
    orphans,
    leftoverReported,
    late,
    lateLeft,
    problems: problems.map((p) => `${where}: ${p}`)
  }
}

/** What a case that moves one function measured, as both matrices judge it. */
export interface FunctionFacts {
  expected: FaultOutcome['expected']
  run: ActionRun
  /** The function's name as update-functions names it. */
  name: string
  /** Its layers before the run, and on the new version, in order. */
  before: string[]
  after: string[]
  /** Its layers when the run is over; undefined when it is gone. */
  final: string[] | undefined
  from: number
  to: number
  /**
   * Updates the call log shows took effect (answered 200, or done before
   * the connection was dropped); undefined where the log cannot tell.
   */
  applied?: number | undefined
}

/**
 * A transient fault leaves the function on the new version with its other
 * layers as they were, reported as moved, after exactly one update; a
 * persistent one fails the step naming the function, and leaves the
 * function either untouched or moved, never changed some other way.
 */
export function judgeFunction(f: FunctionFacts): string[] {
  const problems: string[] = []
  const show = (l: string[] | undefined) =>
    l === undefined ? 'no function' : `[${l.join(', ')}]`
  const same = (a: string[] | undefined, b: string[]) =>
    a !== undefined && a.join(',') === b.join(',')
  if (f.applied !== undefined && f.applied > 1) {
    problems.push(`${f.applied} updates took effect, expected at most 1`)
  }
  if (f.expected === 'fail') {
    if (!same(f.final, f.before) && !same(f.final, f.after)) {
      problems.push(
        `function ends on ${show(f.final)}, neither ${show(f.before)} nor ${show(f.after)}`
      )
    }
    const msg = f.run.errors[0] ?? ''
    if (!msg.includes(`function ${f.name}`)) {
      problems.push(`error does not name function ${f.name}: ${msg}`)
    }
    return problems
  }
  if (!same(f.final, f.after)) {
    problems.push(
      `function ends on ${show(f.final)}, expected ${show(f.after)}`
    )
  }
  if (f.applied !== undefined && f.applied !== 1) {
    problems.push(`${f.applied} updates took effect, expected 1`)
  }
  const rows = JSON.parse(f.run.outputs.results ?? '[]') as Array<{
    functions?: Array<{
      name: string
      from: number | null
      to: number
      status: string
    }>
  }>
  const move = rows[0]?.functions?.find((m) => m.name === f.name)
  if (move?.status !== 'updated' || move.from !== f.from || move.to !== f.to) {
    problems.push(
      `results say ${JSON.stringify(move)}, expected updated from ${f.from} to ${f.to}`
    )
  }
  return problems
}
