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
    o.c.kind,
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
  // delayed request (recorded when the emulator finishes it, delayMs after
  // it arrived; the client gave up requestTimeoutMs after it arrived).
  const events = calls
    .map((x) =>
      x.fault === 'delay'
        ? Date.parse(x.time) - delayMs + requestTimeoutMs
        : x.status !== 0 || x.fault !== undefined
          ? Date.parse(x.time)
          : NaN
    )
    .filter((time) => time <= exitAt)
  const tailMs = events.length ? exitAt - Math.max(...events) : run.durationMs
  // Writes the emulator carried out after the client had given up on them
  // and after the run's last answered call to that service (or after it
  // exited): nothing the run did later could see them, so no client can
  // clean those up. One served before a later call (a sweep, a lookup) is
  // the run's to find.
  const lastAnswered = (service: string): number =>
    Math.max(
      -Infinity,
      ...calls
        .filter((x) => x.service === service && x.status !== 0)
        .map((x) => Date.parse(x.time))
    )
  const late = calls.filter((x) => {
    if (!x.write || x.fault !== 'delay') return false
    const at = Date.parse(x.time)
    return at > exitAt || at > lastAnswered(x.service)
  }).length
  return { run, exitAt, calls, attempts, tailMs, late }
}
