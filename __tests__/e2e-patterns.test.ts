/**
 * Patterns as users write them, end to end: the bundled action against the
 * AWS emulator. Each accepted form publishes exactly the files it names
 * (relative to base-directory); each refused one is a single error naming
 * `path` in the user's terms, before any call to the provider.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runAction, type ActionRun } from './helpers/action.js'
import { startTestEmulators, type EmulatorHandle } from './helpers/emulator.js'
import { makeWorkspace } from './helpers/workspace.js'

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

/** The layer's sources sit in `layer/`, the base-directory of every run. */
function workspace(): string {
  return makeWorkspace({
    'layer/python/mod/__init__.py': 'VALUE = 1\n',
    'layer/python/mod/__pycache__/__init__.cpython-312.pyc': 'junk',
    'layer/python/mod/_speedups.so': 'elf',
    'layer/lib/libx.so': 'elf too',
    'layer/README.md': 'readme',
    'outside-base.txt': 'never packaged'
  })
}

async function run(
  ws: string,
  path: string,
  layer: string
): Promise<ActionRun> {
  return runAction({
    workspace: ws,
    env: emu.awsEnv(),
    inputs: {
      'endpoint-url': emu.info.aws.endpoint,
      'storage-endpoint-url': emu.info.aws.endpoint,
      region: 'us-east-1',
      'layer-name': layer,
      'base-directory': 'layer',
      path
    }
  })
}

async function archiveNames(archivePath: string): Promise<string[]> {
  const { default: AdmZip } = await import('adm-zip')
  return new AdmZip(archivePath)
    .getEntries()
    .map((e) => e.entryName)
    .sort()
}

const PY = [
  'python/mod/__init__.py',
  'python/mod/__pycache__/__init__.cpython-312.pyc',
  'python/mod/_speedups.so'
]
const ALL = ['README.md', 'lib/libx.so', ...PY].sort()

const ACCEPTED: Array<{ path: string; entries: string[] }> = [
  { path: './python/**', entries: PY },
  { path: 'python/', entries: PY },
  { path: './', entries: ALL },
  { path: '**/*.so', entries: ['lib/libx.so', 'python/mod/_speedups.so'] },
  { path: 'python//mod///', entries: PY },
  {
    path: './python/\n!./python//**/__pycache__/',
    entries: ['python/mod/__init__.py', 'python/mod/_speedups.so']
  }
]

describe('patterns as users write them (AWS, bundled action)', () => {
  ACCEPTED.forEach(({ path, entries }, i) => {
    it(`publishes what ${JSON.stringify(path)} names`, async () => {
      const result = await run(workspace(), path, `patterns-ok-${i}`)
      expect(result.errors, result.stdout + result.stderr).toEqual([])
      expect(result.code).toBe(0)
      expect(result.outputs.published).toBe('true')
      expect(await archiveNames(result.outputs['archive-path']!)).toEqual(
        entries
      )
      const writes = await emu.writes()
      expect(writes.map((c) => c.operation)).toEqual(['PublishLayerVersion'])
    })
  })

  const REFUSED: Array<{
    name: string
    path: string
    prepare?: (ws: string) => void
    rule: string
  }> = [
    {
      name: 'a ".." folder',
      path: 'python/mod/../../lib/**',
      rule: `pattern "python/mod/../../lib/**" goes up a folder with "..": patterns are matched below base-directory, so write the path from there without ".."`
    },
    {
      name: 'an escaped "." folder',
      path: './python/[.]/mod/**',
      rule: 'pattern "python/[.]/mod/**" names a "." or ".." folder (escaped or not), which patterns may not'
    },
    {
      name: 'a file name that is not UTF-8',
      path: 'python/',
      prepare: (ws) =>
        writeFileSync(
          Buffer.concat([
            Buffer.from(join(ws, 'layer/python/mod/f')),
            Buffer.from([0xff]),
            Buffer.from('.py')
          ]),
          'x'
        ),
      rule: 'file name python/mod/f\\xff.py is not valid UTF-8: zip entry names are UTF-8, and Lambda and SCF extract them as UTF-8, so rename it or leave it out with a "!" pattern'
    }
  ]

  for (const { name, path, prepare, rule } of REFUSED) {
    it(`refuses ${name} with one error naming path, before any call`, async () => {
      const ws = workspace()
      prepare?.(ws)
      const result = await run(ws, path, 'patterns-refused')
      expect(result.code, result.stdout + result.stderr).toBe(1)
      expect(result.errors).toEqual([`Input 'path': ${rule}`])
      expect(result.errors[0]).not.toContain(ws)
      expect(result.stdout + result.stderr).not.toContain('ENOENT')
      // Selection comes before the skip check: not even a read is made.
      expect(await emu.calls()).toEqual([])
    })
  }
})
