/**
 * `npm run local-action` (@github/local-action) runs src/main.ts untranspiled
 * with its own stubs of @actions/core, reading inputs from a .env file. This
 * runs it once against the emulators, as the README tells developers to.
 * local-action exits 0 even when the action fails, so the printed text is
 * what is checked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from './helpers/action.js'
import { startTestEmulators, type EmulatorHandle } from './helpers/emulator.js'

let emulators: EmulatorHandle
let dir: string

beforeAll(async () => {
  emulators = await startTestEmulators()
  dir = mkdtempSync(join(tmpdir(), 'local-action-'))
})

afterAll(async () => {
  await emulators?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

function runLocalAction(
  envFile: string
): Promise<{ code: number | null; text: string }> {
  // Nothing from this machine's AWS or GitHub setup may leak in.
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || /^(AWS_|GITHUB_|INPUT_|RUNNER_|ACTIONS_)/.test(k)) {
      continue
    }
    env[k] = v
  }
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['local-action', '.', 'src/main.ts', envFile], {
      cwd: ROOT,
      env: { ...env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let text = ''
    child.stdout.on('data', (d: Buffer) => (text += d.toString()))
    child.stderr.on('data', (d: Buffer) => (text += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, text }))
  })
}

describe('npm run local-action', () => {
  it('publishes to the emulators with the stubbed @actions/core', async () => {
    const aws = emulators.info.aws
    const envFile = join(dir, '.env')
    const summary = join(dir, 'summary.md')
    // The same keys as .env.example; hyphens in input names are kept.
    writeFileSync(
      envFile,
      [
        'INPUT_PROVIDER=aws',
        'INPUT_LAYER-NAME=local-action-layer',
        'INPUT_BASE-DIRECTORY=examples/sample-layer',
        'INPUT_PATH=python/**',
        'INPUT_COMPATIBLE-RUNTIMES=python3.12',
        `INPUT_REGION=${aws.region}`,
        `INPUT_ENDPOINT-URL=${aws.endpoint}`,
        `INPUT_STORAGE-ENDPOINT-URL=${aws.endpoint}`,
        `AWS_ACCESS_KEY_ID=${aws.accessKeyId}`,
        `AWS_SECRET_ACCESS_KEY=${aws.secretAccessKey}`,
        `GITHUB_WORKSPACE=${ROOT}`,
        `RUNNER_TEMP=${dir}`,
        `GITHUB_STEP_SUMMARY=${summary}`,
        ''
      ].join('\n')
    )

    const { code, text } = await runLocalAction(envFile)
    if (!/Action Outputs/.test(text)) console.error(text)

    expect(code).toBe(0)
    expect(text).not.toMatch(/::error::/)
    // The table local-action prints comes from its @actions/core stub's
    // record of setOutput: proof that the stub, not the real core, ran.
    const outputs = text.slice(text.indexOf('Action Outputs'))
    expect(outputs).toMatch(/'layer-version'\s*│\s*'1'/)
    expect(outputs).toMatch(/'published'\s*│\s*'true'/)
    expect(outputs).toContain(
      `'arn:aws:lambda:${aws.region}:${aws.accountId}:layer:local-action-layer:1'`
    )
    expect(outputs).toMatch(/'archive-sha256'\s*│\s*'[0-9a-f]{64}'/)

    const published = (await emulators.writes()).filter(
      (c) => c.operation === 'PublishLayerVersion'
    )
    expect(published).toHaveLength(1)
    expect(readFileSync(summary, 'utf8')).toContain(
      '### publish-layer: `local-action-layer` on AWS Lambda'
    )
  })
})
