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
import { type ActionRun } from './helpers/action.js'
import { startTestEmulators, type EmulatorHandle } from './helpers/emulator.js'
import {
  faultTable,
  judgeFaultCase,
  type FaultOutcome,
  letters,
  pool,
  runFaultCase,
  writeDocSection,
  type ProviderRules
} from './helpers/matrix.js'
import { makeWorkspace, seededBytes } from './helpers/workspace.js'

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
  'throttle' | 'error500' | 'error503' | 'reset' | 'delay' | 'commit-then-reset'
type Setup =
  | 'inline' // a small archive, published inline, then polled until Active
  | 'seeded' // one older version exists: the skip check reads it
  | 'put' // upload: always, small archive (one part), delete-object
  | 'multipart' // upload: always, 9 MiB incompressible (3 parts of 4 MiB), delete-object
  | 'keep' // two older versions exist, keep-versions: 1

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
  await emu.settings({ tencentActivationDelayMs: 200 })
})
afterAll(async () => {
  await emu?.close()
})

function cases(): Case[] {
  const out: Case[] = []
  const add = (target: Target, kind: Kind, times?: number) => {
    const n = out.length
    out.push({
      target,
      kind,
      ...(times !== undefined && { times }),
      region: `fx-${letters(n)}`,
      layer: `rel-${n}`,
      bucket: `rel${n}-${emu.info.tencent!.appId}`
    })
  }
  for (const t of TARGETS) {
    for (const k of KINDS) {
      add(t, k, 1)
      add(t, k)
    }
    if (t.write) add(t, 'commit-then-reset', 1)
  }
  return out
}

function seedZip(text: string): Uint8Array {
  return zipSync({
    'seed.txt': [strToU8(text), { mtime: new Date(2020, 0, 1) }]
  })
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function seed(c: Case, count: number): Promise<void> {
  const t = emu.info.tencent!
  const client = new scf.v20180416.Client({
    credential: { secretId: t.secretId, secretKey: t.secretKey },
    region: c.region,
    profile: {
      httpProfile: {
        endpoint: t.endpoint.replace(/^http:\/\//, ''),
        protocol: 'http://'
      }
    }
  })
  for (let i = 0; i < count; i++) {
    await client.PublishLayerVersion({
      LayerName: c.layer,
      CompatibleRuntimes: ['Nodejs18.15'],
      Content: {
        ZipFile: Buffer.from(seedZip(`${c.layer} seed ${i}`)).toString('base64')
      }
    })
  }
  // Let the seeds become Active.
  await sleep(400)
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
      versions: Array<{ version: number; sha256: string }>
    }>
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
  const { run, attempts, tailMs, late } = await runFaultCase(emu, c, {
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
  return { c, run, attempts, created, tailMs, ...judged }
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
      `- late writes (served by the emulator after the run's last call to that service) and what they left: ${outcomes.reduce((s, o) => s + o.late, 0)} writes, ${outcomes.reduce((s, o) => s + o.lateLeft, 0)} leftovers (see "Late writes" above)`,
      `- slowest persistent failure: ${(slowest / 1000).toFixed(1)} s (bound asserted: ${PERSISTENT_BOUND_MS / 1000} s)`,
      `- longest time from the run's last network event to process exit: ${maxTail} ms (asserted < ${TAIL_BOUND_MS} ms with ${PARALLEL} runs at once on a shared CPU); from its last output line to exit: ${maxQuiet} ms`,
      '',
      faultTable(outcomes)
    ].join('\n')
    writeDocSection('tencent-fault-matrix', summary)
    console.log(summary)
    expect(problems).toEqual([])
  }, 600_000)
})
