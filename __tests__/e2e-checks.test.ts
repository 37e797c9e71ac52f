/**
 * Know what you ship, end to end through the bundled action against the
 * AWS emulator: runtime lifecycle, native binaries for the wrong CPU or
 * glibc, `strict`, and where the size goes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { runAction } from './helpers/action.js'
import { startTestEmulators, type EmulatorHandle } from './helpers/emulator.js'
import { makeWorkspace, seededBytes } from './helpers/workspace.js'
import { buildElf } from './fixtures/elf/build-elf.js'

let emu: EmulatorHandle
beforeAll(async () => {
  emu = await startTestEmulators()
})
afterAll(async () => {
  await emu?.close()
})
beforeEach(async () => {
  await emu.reset()
})

const X86_64 = 62
const AARCH64 = 183

function inputs(extra: Record<string, string>): Record<string, string> {
  return {
    'endpoint-url': emu.info.aws.endpoint,
    'storage-endpoint-url': emu.info.aws.endpoint,
    region: 'us-east-1',
    'layer-name': 'native',
    path: 'python/**',
    ...extra
  }
}

const x86So = buildElf({
  machine: X86_64,
  needed: ['libc.so.6'],
  verneed: [{ file: 'libc.so.6', versions: ['GLIBC_2.17', 'GLIBC_2.34'] }]
})
const armSo = buildElf({
  machine: AARCH64,
  needed: ['libc.so.6'],
  verneed: [{ file: 'libc.so.6', versions: ['GLIBC_2.17'] }]
})

describe('native binaries', () => {
  it('an arm64 layer holding an x86_64 .so warns, and with strict fails before any write', async () => {
    const ws = makeWorkspace({
      'python/fast/_speedups.cpython-312-x86_64-linux-gnu.so': x86So,
      'python/fast/__init__.py': 'pass\n'
    })
    const base = inputs({
      'compatible-runtimes': 'python3.12',
      'compatible-architectures': 'arm64'
    })
    const warned = await runAction({
      workspace: ws,
      env: emu.awsEnv(),
      inputs: base
    })
    expect(warned.code, warned.stdout).toBe(0)
    expect(warned.warnings.join('\n')).toMatch(
      /compatible-architectures: 1 native file is not built for arm64: python\/fast\/_speedups\.cpython-312-x86_64-linux-gnu\.so \(x86_64\)/
    )
    await emu.reset()
    const strict = await runAction({
      workspace: ws,
      env: emu.awsEnv(),
      inputs: { ...base, strict: 'true' }
    })
    expect(strict.code).toBe(1)
    expect(strict.errors).toHaveLength(1)
    expect(strict.errors[0]).toMatch(
      /^Input 'strict': is true, so pre-publish warnings fail the step before any write:\n- .*x86_64/
    )
    expect(await emu.writes()).toEqual([])
  })

  it('a library needing GLIBC_2.34 listed for python3.11 (Amazon Linux 2) warns', async () => {
    const ws = makeWorkspace({ 'python/lib/libthing.so.1': x86So })
    const run = await runAction({
      workspace: ws,
      env: emu.awsEnv(),
      inputs: inputs({ 'compatible-runtimes': 'python3.11, python3.12' })
    })
    expect(run.code, run.stdout).toBe(0)
    const w = run.warnings.join('\n')
    expect(w).toMatch(/python\/lib\/libthing\.so\.1.*GLIBC_2\.34.*python3\.11/)
    expect(w).not.toMatch(/GLIBC_2\.34.*python3\.12/)
  })

  it('a matching architecture and glibc give no native warning', async () => {
    const ws = makeWorkspace({ 'python/lib/libok.so': armSo })
    const run = await runAction({
      workspace: ws,
      env: emu.awsEnv(),
      inputs: inputs({
        'compatible-runtimes': 'python3.12',
        'compatible-architectures': 'arm64'
      })
    })
    expect(run.code, run.stdout).toBe(0)
    expect(run.warnings).toEqual([])
  })
})

describe('runtimes', () => {
  it('a well-formed runtime the action does not know warns and is sent as is', async () => {
    await emu.settings({ acceptedRuntimes: ['python3.12', 'python3.99'] })
    const ws = makeWorkspace({ 'python/a.py': 'a\n' })
    const run = await runAction({
      workspace: ws,
      env: emu.awsEnv(),
      inputs: inputs({ 'compatible-runtimes': 'python3.99' })
    })
    expect(run.code, run.stdout).toBe(0)
    expect(run.warnings.join()).toMatch(
      /'python3\.99' is not in this action's table/
    )
    expect(run.outputs['layer-version']).toBe('1')
  })

  it('a malformed runtime fails before any call', async () => {
    const ws = makeWorkspace({ 'python/a.py': 'a\n' })
    const run = await runAction({
      workspace: ws,
      env: emu.awsEnv(),
      inputs: inputs({ 'compatible-runtimes': 'pyhton3.12' })
    })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([
      "Input 'compatible-runtimes': unknown Lambda runtime 'pyhton3.12' (expected names like python3.12, nodejs22.x, provided.al2023)"
    ])
    expect(await emu.calls()).toEqual([])
  })

  it("the provider's refusal names compatible-runtimes and the refused values, and is not retried", async () => {
    const ws = makeWorkspace({ 'python/a.py': 'a\n' })
    const run = await runAction({
      workspace: ws,
      env: emu.awsEnv(),
      inputs: inputs({ 'compatible-runtimes': 'python3.12, python3.99' })
    })
    expect(run.code).toBe(1)
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toMatch(
      /compatible-runtimes.*'python3\.99'.*(refused|not accept)/
    )
    const publishes = (await emu.calls()).filter(
      (c) => c.operation === 'PublishLayerVersion'
    )
    expect(publishes).toHaveLength(1)
  })
})

describe('where the size goes', () => {
  it('the summary lists the largest packages and a duplicated package', async () => {
    const files: Record<string, string | Buffer> = {
      'nodejs/node_modules/big/index.js': seededBytes(300_000, 'big'),
      'nodejs/node_modules/lodash/lodash.js': seededBytes(120_000, 'lo1'),
      'nodejs/node_modules/lodash/package.json': '{"name":"lodash"}',
      'nodejs/node_modules/tool/node_modules/lodash/lodash.js': seededBytes(
        110_000,
        'lo2'
      ),
      'nodejs/node_modules/tool/node_modules/lodash/package.json':
        '{"name":"lodash"}',
      'nodejs/node_modules/tool/index.js': 'module.exports = 1\n'
    }
    const ws = makeWorkspace(files)
    const run = await runAction({
      workspace: ws,
      env: emu.awsEnv(),
      inputs: inputs({
        path: 'nodejs/**',
        'compatible-runtimes': 'nodejs22.x'
      })
    })
    expect(run.code, run.stdout).toBe(0)
    expect(run.summary).toMatch(/nodejs\/node_modules\/big/)
    expect(run.summary).toMatch(/lodash/)
    const [row] = JSON.parse(run.outputs.results!) as Array<{
      size: {
        largest: Array<{ path: string; bytes: number }>
        duplicates: Array<{ name: string; paths: string[]; bytes: number }>
        limitShare: number
      }
    }>
    expect(row!.size.largest[0]).toEqual({
      path: 'nodejs/node_modules/big',
      bytes: 300_000
    })
    expect(row!.size.duplicates).toEqual([
      expect.objectContaining({
        name: 'lodash',
        paths: [
          'nodejs/node_modules/lodash',
          'nodejs/node_modules/tool/node_modules/lodash'
        ]
      })
    ])
    expect(row!.size.limitShare).toBeGreaterThan(0)
  })
})
