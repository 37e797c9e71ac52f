/**
 * Benchmarks of the action as users run it (issue 6, goals 5-7): start-up
 * against a bare `node -e 0`, the size of dist/, parallel multipart upload
 * under a per-connection bandwidth cap, and a 100 MB layer end to end
 * against the script a user would otherwise write (zip + aws s3 cp + aws
 * lambda publish-layer-version), plus a re-run that skips. Every figure is
 * printed next to its reference, measured in the same run.
 *
 * `npx tsx bench/action.ts [--quick]`
 */
import { execFile, spawnSync } from 'node:child_process'
import { promisify } from 'node:util'
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir, cpus } from 'node:os'
import { join } from 'node:path'
import { runAction, ROOT, DIST } from '../__tests__/helpers/action.js'
import { startTestEmulators } from '../__tests__/helpers/emulator.js'
import { seededBytes } from '../__tests__/helpers/workspace.js'
import { writeFileSync } from 'node:fs'
import { ensureTree } from './trees.js'
import { alternate, median, ratioLine, seriesLine } from './stats.js'
import { createAwsProvider } from '../src/providers/aws/index.js'
import { createTencentProvider } from '../src/providers/tencent/index.js'
import { silentLogger } from '../src/log.js'

const quick = process.argv.includes('--quick')
const exec = promisify(execFile)
const MiB = 1024 * 1024
const lines: string[] = []
const say = (s = '') => {
  console.log(s)
  lines.push(s)
}

export async function startup(reps: number): Promise<void> {
  say('## Start-up (missing required input) vs bare node')
  const node = process.execPath
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }
  const [bare, action] = await alternate(reps, [
    {
      name: 'node -e 0',
      run: () => void spawnSync(node, ['-e', '0'], { env, stdio: 'ignore' })
    },
    {
      name: 'node dist/index.js (no inputs)',
      run: () => void spawnSync(node, [DIST], { env, stdio: 'ignore' })
    }
  ])
  say(seriesLine(bare!))
  say(seriesLine(action!))
  say(ratioLine('start-up', action!, bare!, 3))
  const js = readdirSync(join(ROOT, 'dist')).filter(
    (f) => f.endsWith('.js') || f.endsWith('.cjs')
  )
  const total = js.reduce((s, f) => s + statSync(join(ROOT, 'dist', f)).size, 0)
  say(
    `dist/ JavaScript: ${(total / 1e6).toFixed(2)} MB in ${js.length} files (goal ≤ 6 MB) ${total <= 6e6 ? 'MET' : 'NOT MET'}`
  )
  say('')
}

export async function upload(
  sizeBytes: number,
  capBytes: number
): Promise<void> {
  say(
    `## Multipart upload of ${(sizeBytes / 1e6).toFixed(0)} MB, each connection capped at ${(capBytes / MiB).toFixed(0)} MiB/s`
  )
  const emu = await startTestEmulators()
  try {
    await emu.createBucket('bench-us-east-1', 'us-east-1')
    await fetch(`${emu.info.aws.endpoint}/_emulator/bandwidth`, {
      method: 'POST',
      body: JSON.stringify({ bytesPerSecond: capBytes })
    })
    const dir = join(tmpdir(), 'pl-bench-upload')
    mkdirSync(dir, { recursive: true })
    const file = join(dir, 'archive.zip')
    writeFileSync(file, seededBytes(sizeBytes, 'upload-bench'))
    process.env.AWS_ACCESS_KEY_ID = emu.info.aws.accessKeyId
    process.env.AWS_SECRET_ACCESS_KEY = emu.info.aws.secretAccessKey
    const provider = createAwsProvider(
      {
        region: 'us-east-1',
        maxAttempts: 3,
        endpointUrl: emu.info.aws.endpoint,
        storageEndpointUrl: emu.info.aws.endpoint,
        requestTimeoutMs: 120_000,
        connectTimeoutMs: 10_000,
        userAgent: 'bench'
      },
      silentLogger
    )
    const t = process.hrtime.bigint()
    await provider.uploadArchive(file, {
      bucket: 'bench-us-east-1',
      key: `k-${Date.now()}.zip`,
      region: 'us-east-1'
    })
    const secs = Number(process.hrtime.bigint() - t) / 1e9
    const rate = sizeBytes / secs
    say(
      `S3 multipart: ${secs.toFixed(2)} s, ${(rate / MiB).toFixed(1)} MiB/s = ${(rate / capBytes).toFixed(2)} × the per-connection cap (goal ≥ 3) ${rate / capBytes >= 3 ? 'MET' : 'NOT MET'}`
    )

    const t3 = emu.info.tencent
    if (t3) {
      const bucket = `bench-${t3.appId}`
      await emu.createBucket(bucket, t3.region, 'cos')
      const cos = createTencentProvider(
        {
          region: t3.region,
          secretId: t3.secretId,
          secretKey: t3.secretKey,
          endpoint: t3.endpoint,
          storageEndpoint: t3.storageEndpoint,
          maxAttempts: 3,
          waitTimeoutSeconds: 60
        },
        silentLogger
      )
      const tc = process.hrtime.bigint()
      await cos.uploadArchive(file, {
        bucket,
        key: `k-${Date.now()}.zip`,
        region: t3.region
      })
      const cosSecs = Number(process.hrtime.bigint() - tc) / 1e9
      const cosRate = sizeBytes / cosSecs
      say(
        `COS multipart: ${cosSecs.toFixed(2)} s, ${(cosRate / MiB).toFixed(1)} MiB/s = ${(cosRate / capBytes).toFixed(2)} × the per-connection cap (goal ≥ 3) ${cosRate / capBytes >= 3 ? 'MET' : 'NOT MET'}`
      )
    }
    rmSync(dir, { recursive: true, force: true })
  } finally {
    await emu.close()
  }
  say('')
}

export async function endToEnd(
  scale: number,
  capBytes: number,
  reps: number
): Promise<void> {
  const { dir, summary } = ensureTree(
    'binary-heavy',
    join(ROOT, 'bench', '.trees'),
    scale
  )
  say(
    `## End to end: a ${(summary.bytes / 1e6).toFixed(0)} MB layer (${summary.files} files) through S3, connections capped at ${(capBytes / MiB).toFixed(0)} MiB/s`
  )
  const emu = await startTestEmulators()
  const out = join(tmpdir(), 'pl-bench-e2e')
  mkdirSync(out, { recursive: true })
  try {
    await emu.createBucket('bench-us-east-1', 'us-east-1')
    await fetch(`${emu.info.aws.endpoint}/_emulator/bandwidth`, {
      method: 'POST',
      body: JSON.stringify({ bytesPerSecond: capBytes })
    })
    const cliEnv = {
      ...process.env,
      ...emu.awsEnv(),
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_EC2_METADATA_DISABLED: 'true'
    }
    let n = 0
    const inputs = {
      'layer-name': 'bench',
      path: '**',
      region: 'us-east-1',
      bucket: 'bench-{region}',
      'endpoint-url': emu.info.aws.endpoint,
      'storage-endpoint-url': emu.info.aws.endpoint
    }
    const series = await alternate(reps, [
      {
        name: 'zip -r -q + aws s3 cp + aws lambda publish',
        // Asynchronous: the emulator serves from this very process.
        run: async () => {
          const zip = join(out, `ref-${++n}.zip`)
          await exec('zip', ['-r', '-q', zip, '.'], { cwd: dir })
          const key = `ref/${n}.zip`
          await exec(
            'aws',
            [
              's3',
              'cp',
              '--only-show-errors',
              zip,
              `s3://bench-us-east-1/${key}`,
              '--endpoint-url',
              emu.info.aws.endpoint
            ],
            { env: cliEnv }
          )
          await exec(
            'aws',
            [
              'lambda',
              'publish-layer-version',
              '--layer-name',
              'bench-ref',
              '--content',
              `S3Bucket=bench-us-east-1,S3Key=${key}`,
              '--endpoint-url',
              emu.info.aws.endpoint
            ],
            { env: cliEnv }
          )
          rmSync(zip)
        }
      },
      {
        name: 'publish-layer (dist/index.js)',
        run: async () => {
          const r = await runAction({
            workspace: dir,
            env: emu.awsEnv(),
            inputs: {
              ...inputs,
              'skip-unchanged': 'false',
              'object-prefix': `run-${++n}/`
            },
            timeoutMs: 600_000
          })
          if (r.code !== 0)
            throw new Error(`action failed: ${r.errors.join('\n')}`)
        }
      },
      {
        name: 'publish-layer re-run, unchanged (skips)',
        run: async () => {
          const r = await runAction({
            workspace: dir,
            env: emu.awsEnv(),
            inputs,
            timeoutMs: 600_000
          })
          if (r.code !== 0)
            throw new Error(`action failed: ${r.errors.join('\n')}`)
        }
      }
    ])
    for (const s of series) say(seriesLine(s))
    say(ratioLine('action vs script', series[1]!, series[0]!, 0.7))
    const skip = median(series[2]!.ms) / median(series[1]!.ms)
    say(
      `skip vs full publish: median ratio ${skip.toFixed(2)} (goal ≤ 0.2) ${skip <= 0.2 ? 'MET' : 'NOT MET'}`
    )
  } finally {
    await emu.close()
    rmSync(out, { recursive: true, force: true })
  }
  say('')
}

if (process.argv[1]?.endsWith('action.ts')) {
  say(
    `# publish-layer action benchmarks — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, node ${process.version}${quick ? ' (quick)' : ''}`
  )
  say('')
  await startup(quick ? 5 : 21)
  await upload(quick ? 24 * MiB : 200e6, 8 * MiB)
  await endToEnd(quick ? 0.05 : 0.5, 8 * MiB, quick ? 1 : 3)
}
