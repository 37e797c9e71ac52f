/**
 * End to end, a hostile or broken `zip-file`: the bundled dist/index.js, run
 * as the runner runs it against the AWS emulator. A prebuilt archive is
 * published as is, so it is checked the way any extractor could read it;
 * every refusal is exit 1, one `::error::` naming `zip-file`, the entry and
 * the rule, and no write call reaches the emulator.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runAction, type ActionRun } from './helpers/action.js'
import { craftZip, type CraftEntry } from './helpers/crafted-zip.js'
import { startTestEmulators, type EmulatorHandle } from './helpers/emulator.js'
import { pool } from './helpers/matrix.js'
import { makeWorkspace } from './helpers/workspace.js'

let emu: EmulatorHandle
beforeAll(async () => {
  emu = await startTestEmulators()
})
afterAll(async () => {
  await emu?.close()
})

const ok: CraftEntry = { name: 'python/ok.py', data: 'ok = 1\n' }
const link = (name: string, target: string): CraftEntry => ({
  name,
  data: target,
  mode: 0o120777
})

interface Row {
  name: string
  entries: CraftEntry[]
  leading?: Buffer
  /** The one error, after `Input 'zip-file': `. */
  error: RegExp
}

const ROWS: Row[] = [
  {
    name: 'local header names another file',
    entries: [{ ...ok, local: { name: '../../../tmp/pwned' } }],
    error:
      /^entry "python\/ok\.py" is named "\.\.\/\.\.\/\.\.\/tmp\/pwned" in its local header/
  },
  {
    name: 'local header states another size',
    entries: [{ ...ok, local: { size: 1 } }],
    error:
      /^entry "python\/ok\.py": its local header and the central directory disagree on the size/
  },
  {
    name: 'hidden local entry between entries',
    entries: [
      {
        ...ok,
        after: craftZip([{ name: '../evil.py', data: 'x' }]).subarray(0, 41)
      },
      { name: 'python/b.py', data: 'b' }
    ],
    error: /^41 bytes before entry "python\/b\.py" belong to no entry/
  },
  {
    name: 'duplicate name',
    entries: [ok, { ...ok, data: 'evil' }],
    error: /^entry "python\/ok\.py" appears more than once/
  },
  {
    name: 'no file entries',
    entries: [{ name: 'python/', mode: 0o40755 }],
    error: /^holds no file entries/
  },
  {
    name: 'absolute link',
    entries: [ok, link('python/etc', '/etc')],
    error:
      /^link entry "python\/etc" -> "\/etc" resolves outside the layer root$/
  },
  {
    name: 'link up and out',
    entries: [ok, link('a', '../..')],
    error: /^link entry "a" -> "\.\.\/\.\." resolves outside the layer root$/
  },
  {
    name: 'entry written through a link',
    entries: [ok, link('a', '/etc'), { name: 'a/passwd', data: 'x' }],
    error: /^entry "a\/passwd" would be written through link entry "a"$/
  },
  {
    name: 'unprintable name, twice',
    entries: [
      ok,
      { name: 'python/\u001b]x', data: '1' },
      { name: 'python/\u001b]x', data: '2' }
    ],
    error: /^entry "python\/\\x1b\]x" appears more than once/
  }
]

function workspaceWith(bytes: Buffer): string {
  const ws = makeWorkspace({ 'placeholder.txt': '' })
  writeFileSync(join(ws, 'layer.zip'), bytes)
  return ws
}

function run(ws: string): Promise<ActionRun> {
  return runAction({
    workspace: ws,
    env: emu.awsEnv(),
    inputs: {
      'endpoint-url': emu.info.aws.endpoint,
      'storage-endpoint-url': emu.info.aws.endpoint,
      region: 'us-east-1',
      'layer-name': 'crafted',
      'zip-file': 'layer.zip'
    }
  })
}

describe('zip-file checked the way extractors read it', () => {
  it('refuses each hostile archive with one error and no write', async () => {
    await emu.reset()
    const results = await pool(ROWS, 2, async (row) => ({
      row,
      run: await run(workspaceWith(craftZip(row.entries, row.leading)))
    }))
    for (const { row, run: r } of results) {
      const where = `${row.name}: ${r.stdout.slice(-800)}`
      expect(r.code, where).toBe(1)
      expect(r.errors, where).toHaveLength(1)
      const [error] = r.errors
      expect(error?.startsWith("Input 'zip-file': "), where).toBe(true)
      expect(error?.slice("Input 'zip-file': ".length), where).toMatch(
        row.error
      )
    }
    expect(await emu.writes()).toEqual([])
  })

  it('publishes an archive with data descriptors and links that stay inside', async () => {
    await emu.reset()
    const r = await run(
      workspaceWith(
        craftZip([
          {
            name: 'python/lib/libz.so.1',
            data: 'not really ELF',
            method: 8,
            descriptor: true
          },
          link('python/lib/libz.so', 'libz.so.1'),
          { name: 'python/ok.py', data: 'ok = 1\n', zip64: true }
        ])
      )
    )
    expect(r.errors, r.stdout + r.stderr).toEqual([])
    expect(r.code).toBe(0)
    // the refusals above made no write where a good archive makes some
    const writes = (await emu.writes()).map((c) => c.operation)
    expect(writes).toContain('PublishLayerVersion')
  })
})
