/**
 * The fault matrix, Tencent: every call the action makes × every scripted
 * fault, end to end through dist/index.js against the emulator. Each case
 * has its own region (faults and the call log are scoped by region), layer
 * and bucket, so the cases run in parallel against one emulator. The
 * measured figures are written to docs/reliability.md.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { strToU8, zipSync } from 'fflate'
import { scf } from 'tencentcloud-sdk-nodejs-scf'
import { runAction, startAction, type ActionRun } from './helpers/action.js'
import { startTestEmulators, type EmulatorHandle } from './helpers/emulator.js'
import {
  faultTable,
  judgeFaultCase,
  judgeFunction,
  type FaultOutcome,
  letters,
  pool,
  table,
  runFaultCase,
  writeDocSection,
  type ProviderRules
} from './helpers/matrix.js'
import { makeWorkspace, seededBytes } from './helpers/workspace.js'
import type { CallRecord } from '../emulator/core.js'

const MAX_ATTEMPTS = 3
const REQUEST_TIMEOUT_MS = 3000
const DELAY_MS = 6000
const PARALLEL = 8
/**
 * The bound every persistent failure must meet, derived in
 * docs/reliability.md: the COS SDK tries a bodiless request up to 4 times
 * inside each of our attempts, so a COS read sees 4 × max-attempts tries.
 */
const PERSISTENT_BOUND_MS = 60_000
/**
 * Exit after the last network event, with 8 runs and the emulator sharing
 * the CPUs; __tests__/exit.test.ts asserts < 2 s for runs on their own.
 */
const TAIL_BOUND_MS = 5000
const RULES: ProviderRules = {
  recoverable: ['CompleteMultipartUpload', 'PublishLayerVersion'],
  noResponse: /no (response|answer)/i,
  requestId: /request id [A-Za-z0-9+/=-]{8,}/,
  persistentBoundMs: PERSISTENT_BOUND_MS,
  tailBoundMs: TAIL_BOUND_MS
}

type Kind =
  | 'throttle'
  | 'error500'
  | 'error503'
  | 'reset'
  | 'delay'
  | 'commit-then-reset'
  | 'error'
type Setup =
  | 'inline' // a small archive, published inline, then polled until Active
  | 'seeded' // one older version exists: the skip check reads it
  | 'put' // upload: always, small archive (one part), delete-object
  | 'multipart' // upload: always, 9 MiB incompressible (3 parts of 4 MiB), delete-object
  | 'keep' // two older versions exist, keep-versions: 1
  | 'function' // a function uses [other:1, this:1]; update-functions names it

interface Target {
  label: string
  service: 'scf' | 'cos'
  operation: string
  setup: Setup
  /** What a fault that never ends must lead to. */
  persistent: 'fail' | 'warn'
  write: boolean
}

// Tencent uploads are always multipart (no PutObject); SCF has no layer
// permission API (share-with is an input error).
const TARGETS: Target[] = [
  {
    label: 'scf:ListLayerVersions',
    service: 'scf',
    operation: 'ListLayerVersions',
    setup: 'inline',
    persistent: 'fail',
    write: false
  },
  {
    label: 'scf:GetLayerVersion',
    service: 'scf',
    operation: 'GetLayerVersion',
    setup: 'seeded',
    persistent: 'fail',
    write: false
  },
  {
    label: 'scf:GetLayerVersion',
    service: 'scf',
    operation: 'GetLayerVersion',
    setup: 'inline',
    persistent: 'fail',
    write: false
  },
  {
    label: 'cos:HeadObject',
    service: 'cos',
    operation: 'HeadObject',
    setup: 'put',
    persistent: 'fail',
    write: false
  },
  {
    label: 'cos:InitiateMultipartUpload',
    service: 'cos',
    operation: 'InitiateMultipartUpload',
    setup: 'multipart',
    persistent: 'fail',
    write: true
  },
  {
    label: 'cos:UploadPart',
    service: 'cos',
    operation: 'UploadPart',
    setup: 'multipart',
    persistent: 'fail',
    write: true
  },
  {
    label: 'cos:CompleteMultipartUpload',
    service: 'cos',
    operation: 'CompleteMultipartUpload',
    setup: 'multipart',
    persistent: 'fail',
    write: true
  },
  {
    label: 'scf:PublishLayerVersion',
    service: 'scf',
    operation: 'PublishLayerVersion',
    setup: 'inline',
    persistent: 'fail',
    write: true
  },
  {
    label: 'scf:PublishLayerVersion',
    service: 'scf',
    operation: 'PublishLayerVersion',
    setup: 'put',
    persistent: 'fail',
    write: true
  },
  {
    label: 'scf:DeleteLayerVersion',
    service: 'scf',
    operation: 'DeleteLayerVersion',
    setup: 'keep',
    persistent: 'warn',
    write: true
  },
  {
    label: 'cos:DeleteObject',
    service: 'cos',
    operation: 'DeleteObject',
    setup: 'put',
    persistent: 'warn',
    write: true
  },
  {
    label: 'scf:GetFunction',
    service: 'scf',
    operation: 'GetFunction',
    setup: 'function',
    persistent: 'fail',
    write: false
  },
  {
    label: 'scf:UpdateFunctionConfiguration',
    service: 'scf',
    operation: 'UpdateFunctionConfiguration',
    setup: 'function',
    persistent: 'fail',
    write: true
  }
]

/**
 * SCF's documented refusals, scripted as `error` faults with the code: a
 * throttling subcode (RequestLimitExceeded.*) and a concurrent operation
 * (FailedOperation.OperationConflict). Both are retried, a bounded number
 * of times, and a failure names the code.
 */
const CODED: Array<{ code: string; operations: string[]; named: RegExp }> = [
  {
    code: 'RequestLimitExceeded.UinLimitExceeded',
    operations: ['PublishLayerVersion', 'UpdateFunctionConfiguration'],
    named: /throttled/
  },
  {
    code: 'FailedOperation.OperationConflict',
    operations: ['DeleteLayerVersion', 'UpdateFunctionConfiguration'],
    named: /FailedOperation\.OperationConflict/
  }
]

const KINDS: Kind[] = ['throttle', 'error500', 'error503', 'reset', 'delay']

interface Case {
  target: Target
  kind: Kind
  /** `times` of the fault rule; undefined = forever. */
  times?: number
  region: string
  layer: string
  bucket: string
  /** For kind `error`: the code answered. */
  code?: string
  /** The case's function, and the other layer it uses. */
  fn: string
  other: string
}

/** The shared outcome, with this matrix's own case and the full run. */
type Outcome = FaultOutcome & {
  c: Case
  run: ActionRun
  leftoverReported: number
  tailMs: number
}

let emu: EmulatorHandle
const outcomes: Outcome[] = []

beforeAll(async () => {
  emu = await startTestEmulators()
  await emu.settings(BASE_SETTINGS)
})

/**
 * Updates stay `Updating` for a second, so a repeat sent after a lost
 * answer meets an update in progress, as on SCF.
 */
const BASE_SETTINGS = { tencentActivationDelayMs: 200, scfUpdateDelayMs: 1000 }
afterAll(async () => {
  await emu?.close()
})

function cases(): Case[] {
  const out: Case[] = []
  const add = (target: Target, kind: Kind, times?: number, code?: string) => {
    const n = out.length
    out.push({
      target,
      kind,
      ...(times !== undefined && { times }),
      ...(code !== undefined && { code }),
      region: `fx-${letters(n)}`,
      layer: `rel-${n}`,
      bucket: `rel${n}-${emu.info.tencent!.appId}`,
      fn: `fn-${n}`,
      other: `other-${n}`
    })
  }
  for (const t of TARGETS) {
    for (const k of KINDS) {
      add(t, k, 1)
      add(t, k)
    }
    if (t.write) add(t, 'commit-then-reset', 1)
  }
  for (const { code, operations } of CODED) {
    for (const op of operations) {
      const t = TARGETS.find((x) => x.operation === op)!
      add(t, 'error', 1, code)
      add(t, 'error', undefined, code)
    }
  }
  return selected(out)
}

/**
 * RELIABILITY_ONLY (a regular expression over `label setup kind times`)
 * runs only the matching cases, to re-run a failing case on its own; such
 * a partial run leaves docs/reliability.md alone.
 */
const ONLY = process.env.RELIABILITY_ONLY
function selected<T extends { target: { label: string; setup: string } }>(
  list: Array<T & { kind: string; times?: number; code?: string }>
): Array<T & { kind: string; times?: number; code?: string }> {
  if (!ONLY) return list
  const re = new RegExp(ONLY)
  return list.filter((c) =>
    re.test(
      `${c.target.label} ${c.target.setup} ${c.code ?? c.kind} ${c.times ?? 'forever'}`
    )
  )
}

function seedZip(text: string): Uint8Array {
  return zipSync({
    'seed.txt': [strToU8(text), { mtime: new Date(2020, 0, 1) }]
  })
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function scfFor(region: string) {
  const t = emu.info.tencent!
  return new scf.v20180416.Client({
    credential: { secretId: t.secretId, secretKey: t.secretKey },
    region,
    profile: {
      httpProfile: {
        endpoint: t.endpoint.replace(/^http:\/\//, ''),
        protocol: 'http://'
      }
    }
  })
}

async function seed(
  c: { region: string; layer: string },
  count: number,
  layer = c.layer,
  settle = true
): Promise<void> {
  const client = scfFor(c.region)
  for (let i = 0; i < count; i++) {
    await client.PublishLayerVersion({
      LayerName: layer,
      CompatibleRuntimes: ['Nodejs18.15'],
      Content: {
        ZipFile: Buffer.from(seedZip(`${layer} seed ${i}`)).toString('base64')
      }
    })
  }
  // Let the seeds become Active.
  if (settle) await sleep(400)
}

/** Creates `fn` in the default namespace using `layers` ([name, version]). */
async function createFunction(
  region: string,
  fn: string,
  layers: Array<[string, number]>
): Promise<void> {
  await scfFor(region).CreateFunction({
    FunctionName: fn,
    Namespace: 'default',
    Runtime: 'Nodejs18.15',
    Handler: 'index.main_handler',
    Code: {
      ZipFile: Buffer.from(
        zipSync({ 'index.js': strToU8('exports.main_handler = () => 1\n') })
      ).toString('base64')
    },
    Layers: layers.map(([LayerName, LayerVersion]) => ({
      LayerName,
      LayerVersion
    }))
  })
}

interface StateShape {
  buckets: Array<{
    service: string
    name: string
    objects: Array<{ key: string }>
    uploads: unknown[]
  }>
  scf: Record<
    string,
    Array<{
      name: string
      versions: Array<{ version: number; sha256: string; status: string }>
    }>
  >
  scfFunctions: Record<
    string,
    Array<{ name: string; layers: Array<[string, number]> }>
  >
}

async function runCase(c: Case): Promise<Outcome> {
  const t = c.target
  const files: Record<string, string | Buffer> = {
    'node_modules/a/index.js': `module.exports = ${JSON.stringify(c.layer)}\n`
  }
  if (t.setup === 'multipart') {
    files['node_modules/a/blob.bin'] = seededBytes(9 * 1024 * 1024, c.layer)
  }
  const ws = makeWorkspace(files)
  const tc = emu.info.tencent!
  const inputs: Record<string, string> = {
    provider: 'tencent',
    'endpoint-url': tc.endpoint,
    'storage-endpoint-url': tc.storageEndpoint,
    region: c.region,
    'layer-name': c.layer,
    path: 'node_modules/**',
    'compatible-runtimes': 'Nodejs18.15',
    'max-attempts': String(MAX_ATTEMPTS)
  }
  const uploads = t.setup === 'put' || t.setup === 'multipart'
  if (uploads) {
    await emu.createBucket(c.bucket, c.region, 'cos')
    Object.assign(inputs, {
      bucket: c.bucket,
      upload: 'always',
      'delete-object': 'true'
    })
  }
  if (t.setup === 'seeded') await seed(c, 1)
  if (t.setup === 'keep') {
    await seed(c, 2)
    inputs['keep-versions'] = '1'
  }
  if (t.setup === 'function') {
    await seed(c, 1, c.layer, false)
    await seed(c, 1, c.other)
    await createFunction(c.region, c.fn, [
      [c.other, 1],
      [c.layer, 1]
    ])
    inputs['update-functions'] = c.fn
  }
  const { run, calls, attempts, tailMs, late } = await runFaultCase(emu, c, {
    workspace: ws,
    inputs,
    env: emu.tencentEnv(),
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    delayMs: DELAY_MS
  })

  const state = (await emu.state()) as unknown as StateShape
  const sha = run.outputs['archive-sha256'] ?? ''
  const layer = (state.scf[c.region] ?? []).find((l) => l.name === c.layer)
  const mine = (layer?.versions ?? []).filter(
    (v) => v.sha256.toLowerCase() === sha
  )
  const created = mine.length
  const bucket = state.buckets.find(
    (b) => b.service === 'cos' && b.name === c.bucket
  )
  const judged = judgeFaultCase(
    {
      c,
      run,
      tailMs,
      late,
      created,
      uploads,
      leftUploads: bucket?.uploads.length ?? 0,
      leftObjects: bucket?.objects.length ?? 0
    },
    RULES
  )
  const where = `${t.label}/${t.setup} ${c.code ?? c.kind} ${c.times === undefined ? 'forever' : `x${c.times}`} (${c.region})`
  const more = [
    ...judgeCoded(c, judged.expected, run, calls),
    ...(t.setup === 'function'
      ? judgeFunction({
          expected: judged.expected,
          run,
          name: c.fn,
          // SCF has no revision id: a repeat sends the same list, so the
          // end state, not a count of updates, shows a different update.
          before: [`${c.other}:1`, `${c.layer}:1`],
          after: [`${c.other}:1`, `${c.layer}:2`],
          final: fnLayers(state, c.region, c.fn),
          from: 1,
          to: 2
        })
      : [])
  ].map((p) => `${where}: ${p}`)
  judged.problems.push(...more)
  return { c, run, attempts, created, tailMs, ...judged }
}

function fnLayers(
  state: StateShape,
  region: string,
  fn: string
): string[] | undefined {
  return (state.scfFunctions[region] ?? [])
    .find((f) => f.name === fn)
    ?.layers.map(([name, version]) => `${name}:${version}`)
}

/**
 * A coded refusal was retried (a transient one was answered, then the call
 * succeeded), and a persistent one is named by its code.
 */
function judgeCoded(
  c: Case,
  expected: FaultOutcome['expected'],
  run: ActionRun,
  calls: CallRecord[]
): string[] {
  if (c.code === undefined) return []
  const tries = calls.filter(
    (x) => x.operation === c.target.operation && x.service === 'scf'
  ).length
  const problems: string[] = []
  if (c.times !== undefined && tries < 2) {
    problems.push(`${tries} ${c.target.operation} calls: not retried`)
  }
  if (c.times === undefined) {
    const said =
      expected === 'fail'
        ? (run.errors[0] ?? '')
        : (run.warnings.find((w) => w.includes(c.target.label)) ?? '')
    const named = CODED.find((x) => x.code === c.code)!.named
    if (!named.test(said)) {
      problems.push(`does not say ${named.source}: ${said}`)
    }
  }
  return problems
}

describe('fault matrix, Tencent', () => {
  it('every call × every fault: transient faults succeed with one version, persistent ones fail clearly and in bounded time', async () => {
    const list = cases()
    const started = Date.now()
    outcomes.push(...(await pool(list, PARALLEL, runCase)))
    const wall = Date.now() - started
    const failing = outcomes.filter(
      (o) => o.c.times === undefined && o.run.code === 1
    )
    const slowest = Math.max(...failing.map((o) => o.run.durationMs))
    const maxTail = Math.max(...outcomes.map((o) => o.tailMs))
    const maxQuiet = Math.max(...outcomes.map((o) => o.run.exitAfterOutputMs))
    const problems = outcomes.flatMap((o) => o.problems)
    const summary = [
      `Generated by \`__tests__/reliability-tencent.test.ts\` (${outcomes.length} cases, ${(wall / 1000).toFixed(0)} s wall clock, ${PARALLEL} at once).`,
      `Settings: \`max-attempts: ${MAX_ATTEMPTS}\`, request timeout ${REQUEST_TIMEOUT_MS} ms (\`PUBLISH_LAYER_REQUEST_TIMEOUT_MS\`), delay faults ${DELAY_MS} ms.`,
      '',
      `- cases: ${outcomes.length}; checks failed: ${problems.length === 0 ? 0 : outcomes.filter((o) => o.problems.length > 0).length}`,
      `- duplicates found: ${outcomes.reduce((s, o) => s + o.duplicates, 0)}; orphans found: ${outcomes.reduce((s, o) => s + o.orphans, 0)}` +
        `; leftover objects named in a warning (delete refused forever): ${outcomes.reduce((s, o) => s + o.leftoverReported, 0)}`,
      `- late writes (served by the emulator after the run's last read of that service) and what they left: ${outcomes.reduce((s, o) => s + o.late, 0)} writes, ${outcomes.reduce((s, o) => s + o.lateLeft, 0)} leftovers (see "Late writes" above)`,
      `- slowest persistent failure: ${(slowest / 1000).toFixed(1)} s (bound asserted: ${PERSISTENT_BOUND_MS / 1000} s)`,
      `- longest time from the run's last network event to process exit: ${maxTail} ms (asserted < ${TAIL_BOUND_MS} ms with ${PARALLEL} runs at once on a shared CPU); from its last output line to exit: ${maxQuiet} ms`,
      '',
      faultTable(outcomes)
    ].join('\n')
    if (!ONLY) writeDocSection('tencent-fault-matrix', summary)
    console.log(summary)
    expect(problems).toEqual([])
  }, 1_200_000)
})

/**
 * SCF behaviours the emulator's fidelity settings switch on. Settings are
 * global to the emulator, so these cases run one at a time, after the
 * matrix.
 */
interface Behaviour {
  name: string
  settings: Record<string, unknown>
  maxAttempts?: number
  /** Sets the scene before the run; may add inputs. */
  setup?(b: BehaviourCase, inputs: Record<string, string>): Promise<void>
  /** The action's publish is held while another version starts publishing. */
  concurrentPublish?: boolean
  expected: 'success' | 'fail'
  check(b: BehaviourCase, run: ActionRun, facts: BehaviourFacts): string[]
}
interface BehaviourCase {
  behaviour: Behaviour
  region: string
  layer: string
  fn: string
}
interface BehaviourFacts {
  calls: CallRecord[]
  /** This layer's versions when the run is over. */
  versions: Array<{ version: number; sha256: string; status: string }>
  /** Calls answered with `code`. */
  refused(code: string): number
}

const resultRow = (run: ActionRun) =>
  (JSON.parse(run.outputs.results ?? '[]') as Array<Record<string, unknown>>)[0]

const BEHAVIOURS: Behaviour[] = [
  {
    name: 'a new version is not readable for 1.5 s (scfReadAfterWriteLagMs)',
    settings: { scfReadAfterWriteLagMs: 1500 },
    expected: 'success',
    check: (_b, _run, f) =>
      f.refused('ResourceNotFound.LayerVersion') === 0
        ? ['the lag was never seen: no GetLayerVersion answered not found']
        : []
  },
  {
    name: 'publish while another version is Publishing, for 1 s (scfPublishConflict)',
    settings: { scfPublishConflict: true, tencentActivationDelayMs: 1000 },
    maxAttempts: 5,
    concurrentPublish: true,
    expected: 'success',
    check: (_b, _run, f) =>
      f.refused('ResourceInUse') === 0 ? ['no ResourceInUse was answered'] : []
  },
  {
    name: 'publish while another version stays Publishing (scfPublishConflict)',
    settings: { scfPublishConflict: true, tencentActivationDelayMs: 120_000 },
    concurrentPublish: true,
    expected: 'fail',
    check: (b, run, f) => {
      const msg = run.errors[0] ?? ''
      const problems: string[] = []
      if (f.refused('ResourceInUse') < 2) {
        problems.push(
          `${f.refused('ResourceInUse')} ResourceInUse answers: not retried`
        )
      }
      for (const part of [
        'scf:PublishLayerVersion',
        b.region,
        'ResourceInUse'
      ]) {
        if (!msg.includes(part))
          problems.push(`error does not name ${part}: ${msg}`)
      }
      return problems
    }
  },
  {
    name: 'keep-versions: 2 while version 1 is Deleting (scfDeleteDelayMs)',
    settings: { scfDeleteDelayMs: 20_000 },
    setup: async (b, inputs) => {
      await seed(b, 3)
      await scfFor(b.region).DeleteLayerVersion({
        LayerName: b.layer,
        LayerVersion: 1
      })
      inputs['keep-versions'] = '2'
    },
    expected: 'success',
    check: (_b, run, f) => {
      const problems: string[] = []
      const deleted = JSON.stringify(resultRow(run)?.deletedVersions)
      if (deleted !== '[2]') problems.push(`deleted ${deleted}, expected [2]`)
      const active = f.versions
        .filter((v) => v.status === 'Active')
        .map((v) => v.version)
      if (active.join(',') !== '3,4') {
        problems.push(`Active versions [${active.join(', ')}], expected [3, 4]`)
      }
      if (f.refused('FailedOperation.OperationConflict') > 0) {
        problems.push('deleted a Deleting version again (OperationConflict)')
      }
      return problems
    }
  },
  {
    name: 'keep-versions: 1 while a function uses version 1 (ResourceInUse.LayerVersion)',
    settings: {},
    setup: async (b, inputs) => {
      await seed(b, 2)
      await createFunction(b.region, b.fn, [[b.layer, 1]])
      inputs['keep-versions'] = '1'
    },
    expected: 'success',
    check: (_b, run, f) => {
      const problems: string[] = []
      const row = resultRow(run)
      const kept = JSON.stringify(row?.keptInUse)
      if (kept !== '[{"version":1,"functions":[]}]') {
        problems.push(`keptInUse ${kept}, expected version 1`)
      }
      const deleted = JSON.stringify(row?.deletedVersions)
      if (deleted !== '[2]') problems.push(`deleted ${deleted}, expected [2]`)
      const left = f.versions
        .filter((v) => v.status === 'Active')
        .map((v) => v.version)
      if (left.join(',') !== '1,3') {
        problems.push(`Active versions [${left.join(', ')}], expected [1, 3]`)
      }
      return problems
    }
  }
]

/** Runs the action; with concurrentPublish, its publish meets another. */
async function runBehaviour(
  b: BehaviourCase,
  ws: string,
  inputs: Record<string, string>
): Promise<ActionRun> {
  if (!b.behaviour.concurrentPublish) {
    return runAction({
      workspace: ws,
      env: emu.tencentEnv(),
      inputs,
      timeoutMs: 90_000
    })
  }
  await emu.fault({
    service: 'scf',
    operation: 'PublishLayerVersion',
    region: b.region,
    kind: 'hold',
    times: 1
  })
  const started = startAction({
    workspace: ws,
    env: emu.tencentEnv(),
    inputs,
    timeoutMs: 90_000
  })
  await emu.waitForHeld('PublishLayerVersion')
  await seed(b, 1, b.layer, false)
  await emu.release()
  return started.result
}

async function runBehaviourCase(b: BehaviourCase): Promise<{
  b: BehaviourCase
  run: ActionRun
  created: number
  problems: string[]
}> {
  const tc = emu.info.tencent!
  await emu.settings({ ...BASE_SETTINGS, ...b.behaviour.settings })
  try {
    const ws = makeWorkspace({
      'node_modules/a/index.js': `module.exports = ${JSON.stringify(b.layer)}\n`
    })
    const inputs: Record<string, string> = {
      provider: 'tencent',
      'endpoint-url': tc.endpoint,
      'storage-endpoint-url': tc.storageEndpoint,
      region: b.region,
      'layer-name': b.layer,
      path: 'node_modules/**',
      'compatible-runtimes': 'Nodejs18.15',
      'max-attempts': String(b.behaviour.maxAttempts ?? MAX_ATTEMPTS)
    }
    await b.behaviour.setup?.(b, inputs)
    const run = await runBehaviour(b, ws, inputs)
    const calls = (await emu.calls()).filter((x) => x.region === b.region)
    const state = (await emu.state()) as unknown as StateShape
    const versions =
      (state.scf[b.region] ?? []).find((l) => l.name === b.layer)?.versions ??
      []
    const sha = run.outputs['archive-sha256'] ?? ''
    const created = versions.filter(
      (v) => v.sha256.toLowerCase() === sha
    ).length
    const facts: BehaviourFacts = {
      calls,
      versions,
      refused: (code) => calls.filter((x) => x.errorCode === code).length
    }
    const problems: string[] = []
    if (b.behaviour.expected === 'success') {
      if (run.code !== 0)
        problems.push(`exit ${run.code}: ${run.errors.join(' / ')}`)
      if (run.warnings.length > 0)
        problems.push(`warnings: ${run.warnings.join(' / ')}`)
      if (created !== 1)
        problems.push(`${created} versions with this archive, expected 1`)
    } else {
      if (run.code !== 1) problems.push(`exit ${run.code}, expected 1`)
      if (run.errors.length !== 1)
        problems.push(`${run.errors.length} ::error:: lines`)
      if (created > 1) problems.push(`${created} versions with this archive`)
      if (run.durationMs > PERSISTENT_BOUND_MS) {
        problems.push(`took ${run.durationMs} ms, above ${PERSISTENT_BOUND_MS}`)
      }
    }
    problems.push(...b.behaviour.check(b, run, facts))
    return {
      b,
      run,
      created,
      problems: problems.map((p) => `${b.behaviour.name} (${b.region}): ${p}`)
    }
  } finally {
    await emu.settings({ ...BASE_SETTINGS, ...RESET_SETTINGS })
  }
}

/** The fidelity settings back at their defaults. */
const RESET_SETTINGS = {
  scfReadAfterWriteLagMs: 0,
  scfPublishConflict: false,
  scfDeleteDelayMs: 0
}

describe('SCF behaviours, Tencent', () => {
  it('read-after-write lag, publish conflicts, Deleting and bound versions: retried or respected, never an error', async () => {
    const list = BEHAVIOURS.filter(
      (x) => !ONLY || new RegExp(ONLY).test(x.name)
    ).map((behaviour, n) => ({
      behaviour,
      region: `fb-${letters(n)}`,
      layer: `beh-${n}`,
      fn: `bfn-${n}`
    }))
    const results = await pool(list, 1, runBehaviourCase)
    const rows = results.map((r) => [
      r.b.behaviour.name,
      r.b.behaviour.expected === 'success' ? 'exit 0, no warning' : 'fails',
      `exit ${r.run.code}`,
      r.run.code === 0
        ? '-'
        : (r.run.errors[0] ?? '').replace(/\n/g, ' ').slice(0, 160),
      r.created,
      (r.run.durationMs / 1000).toFixed(1),
      r.problems.length === 0 ? 'ok' : 'FAIL'
    ])
    const body = [
      `Generated by \`__tests__/reliability-tencent.test.ts\` (${results.length} cases, one at a time: the settings are global to the emulator).`,
      '',
      table(
        [
          'behaviour',
          'expected',
          'result',
          'error',
          'versions created',
          'seconds',
          'check'
        ],
        rows
      )
    ].join('\n')
    if (!ONLY) writeDocSection('tencent-behaviours', body)
    console.log(body)
    expect(results.flatMap((r) => r.problems)).toEqual([])
  }, 600_000)
})
