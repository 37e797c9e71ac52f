/**
 * `npm run demo`: starts the local emulators, runs the bundled action
 * (dist/index.js, as the GitHub runner would) on the sample layers in
 * examples/, and prints what a workflow would see. No cloud account needed.
 */
import { join } from 'node:path'
import { runAction, ROOT, type ActionRun } from '../__tests__/helpers/action.js'
import { startTestEmulators } from '../__tests__/helpers/emulator.js'

function show(title: string, run: ActionRun): void {
  console.log(`\n=== ${title}: exit code ${run.code}`)
  const log = run.stdout
    .split('\n')
    .filter(
      (l) =>
        !l.startsWith('::add-mask::') &&
        !l.startsWith('::debug::') &&
        l.trim() !== ''
    )
  console.log(log.map((l) => `  | ${l}`).join('\n'))
  console.log('\n  outputs:')
  for (const [k, v] of Object.entries(run.outputs)) {
    console.log(
      `    ${k} = ${k === 'results' ? JSON.stringify(JSON.parse(v), null, 2).replace(/\n/g, '\n      ') : v}`
    )
  }
  console.log('\n  job summary (Markdown):\n')
  console.log(run.summary.replace(/^/gm, '    '))
}

const emu = await startTestEmulators()
let failed = false
try {
  console.log('Emulators:', JSON.stringify(emu.info))
  const aws = await runAction({
    workspace: join(ROOT, 'examples', 'sample-layer'),
    env: emu.awsEnv(),
    inputs: {
      'layer-name': 'demo-greeting',
      path: 'python/**\nbin/**\n!**/__pycache__/**',
      'compatible-runtimes': 'python3.12, python3.13',
      'compatible-architectures': 'arm64',
      description: 'publish-layer demo',
      region: 'us-east-1',
      'endpoint-url': emu.info.aws.endpoint,
      'storage-endpoint-url': emu.info.aws.endpoint
    }
  })
  show('AWS Lambda (inline)', aws)
  failed ||= aws.code !== 0

  if (emu.info.tencent) {
    const t = emu.info.tencent
    await emu.settings({ tencentActivationDelayMs: 300 })
    const tencent = await runAction({
      workspace: join(ROOT, 'examples', 'sample-layer-node'),
      env: emu.tencentEnv(),
      inputs: {
        provider: 'tencent',
        'layer-name': 'demo-greeting',
        path: 'node_modules/**',
        'compatible-runtimes': 'Nodejs18.15, Nodejs16.13',
        region: t.region,
        tags: 'team=platform',
        'endpoint-url': t.endpoint,
        'storage-endpoint-url': t.storageEndpoint
      }
    })
    show('Tencent Cloud SCF (inline, waits until Active)', tencent)
    failed ||= tencent.code !== 0
  }
  const calls = await emu.calls()
  console.log(`\nThe emulators served ${calls.length} requests:`)
  for (const c of calls) {
    console.log(
      `  ${c.service.padEnd(6)} ${c.operation.padEnd(24)} ${c.region.padEnd(14)} ${c.status}${c.write ? '  (write)' : ''}`
    )
  }
} finally {
  await emu.close()
}
process.exit(failed ? 1 : 0)
