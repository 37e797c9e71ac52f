/**
 * End to end, both providers: a re-run on the same files learns from the
 * fingerprint in the newest version's archive comment that nothing changed,
 * without packaging; anything that differs falls back to building and
 * comparing SHA-256s. Through dist/index.js against the emulators.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runAction, type ActionRun } from './helpers/action.js'
import { startTestEmulators, type EmulatorHandle } from './helpers/emulator.js'
import { makeWorkspace, seededBytes, sha256Hex } from './helpers/workspace.js'
import { fingerprintOf } from '../src/package/fingerprint.js'
import type { CallRecord } from '../emulator/core.js'

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

const aws = (ws: string, inputs: Record<string, string> = {}) =>
  runAction({
    workspace: ws,
    env: emu.awsEnv(),
    inputs: {
      'endpoint-url': emu.info.aws.endpoint,
      'storage-endpoint-url': emu.info.aws.endpoint,
      region: 'us-east-1',
      'layer-name': 'fast',
      path: 'python/**',
      description: 'deps',
      ...inputs
    }
  })

const tencent = (ws: string, inputs: Record<string, string> = {}) =>
  runAction({
    workspace: ws,
    env: emu.tencentEnv(),
    inputs: {
      provider: 'tencent',
      'endpoint-url': emu.info.tencent!.endpoint,
      'storage-endpoint-url': emu.info.tencent!.storageEndpoint,
      region: 'ap-guangzhou',
      'layer-name': 'fast',
      path: 'node_modules/**',
      'compatible-runtimes': 'Nodejs18.15',
      ...inputs
    }
  })

/** Calls since `from` (an index into the call log). */
const since = async (from: number): Promise<CallRecord[]> =>
  (await emu.calls()).slice(from)

const downloads = (calls: CallRecord[]) =>
  calls.filter((c) => c.operation === 'DownloadLayerContent')

const notPackaged = (r: ActionRun) =>
  /not packaging them again/.test(r.stdout) &&
  !/::group::Package[\s\S]*Packaging \d+ files/.test(r.stdout)

describe('skip unchanged without packaging, AWS', () => {
  it('the built archive carries the files fingerprint in its comment', async () => {
    const ws = makeWorkspace({ 'python/a.py': 'print(1)\n' })
    const r = await aws(ws)
    expect(r.code, r.stdout).toBe(0)
    const zip = readFileSync(r.outputs['archive-path']!)
    expect(fingerprintOf(zip)).toMatch(/^[0-9a-f]{64}$/)
    expect(sha256Hex(zip)).toBe(r.outputs['archive-sha256'])
  })

  it('a re-run on the same files reads the archive tail, does not package, and returns the same version', async () => {
    const ws = makeWorkspace(
      { 'python/a.py': 'print(1)\n', 'python/bin/tool': '#!/bin/sh\n' },
      ['python/bin/tool']
    )
    const first = await aws(ws)
    expect(first.code, first.stdout).toBe(0)
    const mark = (await emu.calls()).length
    const again = await aws(ws)
    expect(again.code, again.stdout).toBe(0)
    expect(notPackaged(again), again.stdout).toBe(true)
    expect(again.outputs).toMatchObject({
      'layer-version': '1',
      published: 'false',
      'archive-path': '',
      'archive-sha256': first.outputs['archive-sha256'],
      'code-sha256': first.outputs['code-sha256'],
      'code-size': first.outputs['code-size'],
      'unzipped-size': first.outputs['unzipped-size'],
      'layer-version-arn': first.outputs['layer-version-arn']
    })
    expect(JSON.parse(again.outputs.results!)[0]).toMatchObject({
      status: 'unchanged',
      version: 1
    })
    expect(
      existsSync(join(again.runnerTemp, 'publish-layer', 'fast.zip'))
    ).toBe(false)
    const calls = await since(mark)
    expect(calls.filter((c) => c.write)).toEqual([])
    // One ranged read of the newest version's archive, and each version read once.
    expect(downloads(calls).map((c) => c.status)).toEqual([206])
    expect(
      calls.filter((c) => c.operation === 'ListLayerVersions')
    ).toHaveLength(1)
    expect(calls.filter((c) => c.operation === 'GetLayerVersion')).toHaveLength(
      1
    )
    expect(again.summary).toContain('Built | no')
  })

  it('a changed byte, executable bit or description builds and publishes', async () => {
    const ws = makeWorkspace({ 'python/a.py': 'print(1)\n' })
    expect((await aws(ws)).code).toBe(0)

    writeFileSync(join(ws, 'python', 'a.py'), 'print(2)\n')
    const byte = await aws(ws)
    expect(byte.outputs).toMatchObject({
      published: 'true',
      'layer-version': '2'
    })
    expect(byte.outputs['archive-path']).not.toBe('')
    expect(notPackaged(byte)).toBe(false)

    chmodSync(join(ws, 'python', 'a.py'), 0o755)
    const mode = await aws(ws)
    expect(mode.outputs).toMatchObject({
      published: 'true',
      'layer-version': '3'
    })

    const mark = (await emu.calls()).length
    const described = await aws(ws, { description: 'other' })
    expect(described.outputs).toMatchObject({
      published: 'true',
      'layer-version': '4'
    })
    // Other settings: no need to look at the archive at all.
    expect(downloads(await since(mark))).toEqual([])
  })

  it('when the archive cannot be read, it packages and still finds the version unchanged', async () => {
    const ws = makeWorkspace({ 'python/a.py': 'print(1)\n' })
    expect((await aws(ws)).code).toBe(0)
    await emu.fault({
      service: 'lambda',
      operation: 'DownloadLayerContent',
      kind: 'reset'
    })
    const mark = (await emu.calls()).length
    const again = await aws(ws)
    expect(again.code, again.stdout).toBe(0)
    expect(notPackaged(again)).toBe(false)
    expect(again.outputs).toMatchObject({
      published: 'false',
      'layer-version': '1'
    })
    expect(existsSync(again.outputs['archive-path']!)).toBe(true)
    const calls = await since(mark)
    expect(downloads(calls).map((c) => c.fault)).toEqual(['reset'])
    expect(calls.filter((c) => c.write)).toEqual([])
  })

  it('an archive of a zip-file or from another tool has no fingerprint: it packages and compares SHA-256s', async () => {
    const ws = makeWorkspace({ 'python/a.py': 'print(1)\n' })
    const first = await aws(ws)
    // The same bytes without the comment, as another tool would publish them.
    const zip = readFileSync(first.outputs['archive-path']!)
    const commentLength = zip.readUInt16LE(zip.length - 22 - 93 + 20)
    expect(commentLength).toBe(93)
    const plain = Buffer.from(zip.subarray(0, zip.length - 93))
    plain.writeUInt16LE(0, plain.length - 2)
    writeFileSync(join(ws, 'plain.zip'), plain)
    const other = await aws(ws, {
      'layer-name': 'other',
      path: '',
      'zip-file': 'plain.zip'
    })
    expect(other.code, other.stdout).toBe(0)
    const again = await aws(ws, { 'layer-name': 'other' })
    expect(again.code, again.stdout).toBe(0)
    expect(notPackaged(again)).toBe(false)
    // Our archive has the comment, theirs not: different bytes, a new version.
    expect(again.outputs).toMatchObject({
      published: 'true',
      'layer-version': '2'
    })
  })

  it('above 8 MiB through S3: the tail is enough, nothing is uploaded again', async () => {
    await emu.createBucket('fast-us-east-1', 'us-east-1')
    const ws = makeWorkspace({
      'python/blob.bin': seededBytes(9 * 1024 * 1024, 'fast-skip'),
      'python/a.py': 'print(1)\n'
    })
    const inputs = { bucket: 'fast-{region}', upload: 'always' }
    const first = await aws(ws, inputs)
    expect(first.code, first.stdout).toBe(0)
    const mark = (await emu.calls()).length
    const again = await aws(ws, inputs)
    expect(again.code, again.stdout).toBe(0)
    expect(notPackaged(again), again.stdout).toBe(true)
    expect(again.outputs).toMatchObject({
      published: 'false',
      'code-size': first.outputs['code-size'],
      'archive-sha256': first.outputs['archive-sha256']
    })
    const calls = await since(mark)
    expect(calls.filter((c) => c.service === 's3')).toEqual([])
    expect(downloads(calls).map((c) => c.status)).toEqual([206])
  })

  it('many regions: packaging is skipped only when every region already has the files', async () => {
    const ws = makeWorkspace({ 'python/a.py': 'print(1)\n' })
    expect((await aws(ws, { region: 'us-east-1, eu-west-1' })).code).toBe(0)
    const both = await aws(ws, { region: 'us-east-1, eu-west-1' })
    expect(notPackaged(both), both.stdout).toBe(true)
    expect(
      JSON.parse(both.outputs.results!).map((r: { status: string }) => r.status)
    ).toEqual(['unchanged', 'unchanged'])

    const three = await aws(ws, {
      region: 'us-east-1, eu-west-1, ap-southeast-2'
    })
    expect(three.code, three.stdout).toBe(0)
    expect(notPackaged(three)).toBe(false)
    expect(
      JSON.parse(three.outputs.results!).map(
        (r: { status: string }) => r.status
      )
    ).toEqual(['unchanged', 'unchanged', 'published'])
  })

  it('sharing and retention still run when packaging is skipped', async () => {
    const ws = makeWorkspace({ 'python/a.py': 'print(1)\n' })
    expect((await aws(ws, { description: 'old' })).code).toBe(0)
    expect((await aws(ws)).code).toBe(0)
    const again = await aws(ws, {
      'share-with': '111122223333',
      'keep-versions': '1'
    })
    expect(again.code, again.stdout).toBe(0)
    expect(notPackaged(again), again.stdout).toBe(true)
    expect(JSON.parse(again.outputs.results!)[0]).toMatchObject({
      status: 'unchanged',
      version: 2,
      sharedWith: ['111122223333'],
      deletedVersions: [1]
    })
  })

  it('a dry run skips packaging the same way and writes nothing', async () => {
    const ws = makeWorkspace({ 'python/a.py': 'print(1)\n' })
    expect((await aws(ws)).code).toBe(0)
    const mark = (await emu.calls()).length
    const dry = await aws(ws, { 'dry-run': 'true' })
    expect(dry.code, dry.stdout).toBe(0)
    expect(notPackaged(dry)).toBe(true)
    expect(JSON.parse(dry.outputs.results!)[0]).toMatchObject({
      status: 'unchanged'
    })
    expect((await since(mark)).filter((c) => c.write)).toEqual([])
  })
})

describe('the emulators serve archive downloads as S3 and COS do', () => {
  it('answers suffix, open and closed ranges with 206, past the end with 416, and keeps only the tail of a large archive', async () => {
    await emu.createBucket('fast-us-east-1', 'us-east-1')
    const ws = makeWorkspace({ 'python/a.py': 'print(1)\n' })
    const small = await aws(ws)
    const big = makeWorkspace({
      'python/blob.bin': seededBytes(9 * 1024 * 1024, 'range')
    })
    const large = await aws(big, {
      'layer-name': 'large',
      bucket: 'fast-{region}'
    })
    expect(large.code, large.stdout).toBe(0)
    const url = (layer: string) =>
      `${emu.info.aws.endpoint}/_emulator/aws/layer-content/us-east-1/${layer}/1`
    const zip = readFileSync(small.outputs['archive-path']!)
    const get = (u: string, range?: string) =>
      fetch(u, range ? { headers: { range } } : {})

    const whole = await get(url('fast'))
    expect(whole.status).toBe(200)
    expect(Buffer.from(await whole.arrayBuffer())).toEqual(zip)
    const suffix = await get(url('fast'), 'bytes=-10')
    expect(suffix.status).toBe(206)
    expect(suffix.headers.get('content-range')).toBe(
      `bytes ${zip.length - 10}-${zip.length - 1}/${zip.length}`
    )
    expect(Buffer.from(await suffix.arrayBuffer())).toEqual(zip.subarray(-10))
    const closed = await get(url('fast'), 'bytes=0-3')
    expect(Buffer.from(await closed.arrayBuffer()).toString('latin1')).toBe(
      'PK\x03\x04'
    )
    const open = await get(url('fast'), `bytes=${zip.length - 5}-`)
    expect(open.status).toBe(206)
    expect((await open.arrayBuffer()).byteLength).toBe(5)
    const past = await get(url('fast'), `bytes=${zip.length}-`)
    expect(past.status).toBe(416)
    expect(past.headers.get('content-range')).toBe(`bytes */${zip.length}`)
    await past.arrayBuffer()

    const size = Number(large.outputs['code-size'])
    const tail = await get(url('large'), 'bytes=-100')
    expect(tail.status).toBe(206)
    expect(tail.headers.get('content-range')).toBe(
      `bytes ${size - 100}-${size - 1}/${size}`
    )
    await tail.arrayBuffer()
    const gone = await get(url('large'))
    expect(gone.status).toBe(410)
    await gone.arrayBuffer()
    const missing = await get(url('nope'))
    expect(missing.status).toBe(404)
    await missing.arrayBuffer()
  })
})

describe('skip unchanged without packaging, Tencent', () => {
  it('reads the tail of the SCF download URL and returns the same version', async () => {
    const ws = makeWorkspace({
      'node_modules/x/index.js': 'module.exports=1\n'
    })
    const first = await tencent(ws)
    expect(first.code, first.stdout).toBe(0)
    const mark = (await emu.calls()).length
    const again = await tencent(ws)
    expect(again.code, again.stdout).toBe(0)
    expect(notPackaged(again), again.stdout).toBe(true)
    expect(again.outputs).toMatchObject({
      published: 'false',
      'layer-version': first.outputs['layer-version'],
      'code-sha256': first.outputs['code-sha256'],
      'code-size': first.outputs['code-size'],
      'archive-path': ''
    })
    const calls = await since(mark)
    expect(calls.filter((c) => c.write)).toEqual([])
    expect(downloads(calls).map((c) => [c.service, c.status])).toEqual([
      ['scf', 206]
    ])

    writeFileSync(
      join(ws, 'node_modules', 'x', 'index.js'),
      'module.exports=2\n'
    )
    const changed = await tencent(ws)
    expect(changed.outputs).toMatchObject({ published: 'true' })
    expect(changed.outputs['layer-version']).not.toBe(
      first.outputs['layer-version']
    )
  })
})
