/**
 * End to end, AWS: the bundled dist/index.js, run as the runner runs it,
 * with the real AWS SDK talking over HTTP to the project's emulator.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { readFileSync, statSync, writeFileSync, mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { GetLayerVersionCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { runAction } from './helpers/action.js'
import { startTestEmulators, type EmulatorHandle } from './helpers/emulator.js'
import { makeWorkspace, seededBytes, sha256Hex } from './helpers/workspace.js'

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

function awsInputs(extra: Record<string, string>): Record<string, string> {
  return {
    'endpoint-url': emu.info.aws.endpoint,
    'storage-endpoint-url': emu.info.aws.endpoint,
    region: 'us-east-1',
    ...extra
  }
}

function lambda(region = 'us-east-1'): LambdaClient {
  return new LambdaClient({
    region,
    endpoint: emu.info.aws.endpoint,
    credentials: {
      accessKeyId: emu.info.aws.accessKeyId,
      secretAccessKey: emu.info.aws.secretAccessKey
    }
  })
}

describe('AWS end to end', () => {
  it('publishes a small layer inline, keeping modes and excluding __pycache__', async () => {
    const ws = makeWorkspace(
      {
        'python/mylib/__init__.py': 'VALUE = 1\n',
        'python/mylib/__pycache__/__init__.cpython-312.pyc': 'junk',
        'python/.hidden-config': 'hidden = true\n',
        'python/bin/tool': '#!/bin/sh\necho tool\n',
        'README.md': 'not packaged'
      },
      ['python/bin/tool']
    )
    const run = await runAction({
      workspace: ws,
      env: emu.awsEnv(),
      inputs: awsInputs({
        'layer-name': 'my-deps',
        path: 'python/**\n!**/__pycache__/**',
        'compatible-runtimes': 'python3.12, python3.13',
        'compatible-architectures': 'arm64',
        description: 'e2e inline'
      })
    })
    expect(run.errors, run.stdout + run.stderr).toEqual([])
    expect(run.code).toBe(0)

    const zip = readFileSync(run.outputs['archive-path']!)
    const sha = sha256Hex(zip)
    expect(run.outputs).toMatchObject({
      'layer-version': '1',
      'layer-arn': 'arn:aws:lambda:us-east-1:123456789012:layer:my-deps',
      'layer-version-arn':
        'arn:aws:lambda:us-east-1:123456789012:layer:my-deps:1',
      'archive-sha256': sha,
      'code-sha256': Buffer.from(sha, 'hex').toString('base64'),
      'code-size': String(zip.length),
      published: 'true'
    })
    expect(run.outputs['archive-path']!.startsWith(run.runnerTemp)).toBe(true)
    const results = JSON.parse(run.outputs.results!)
    expect(results).toEqual([
      expect.objectContaining({
        region: 'us-east-1',
        layerName: 'my-deps',
        version: 1,
        status: 'published',
        storage: 'inline',
        published: true,
        error: ''
      })
    ])

    // The archive: exactly the selected files, modes kept.
    const listing = execFileSync('zipinfo', [
      run.outputs['archive-path']!
    ]).toString()
    expect(listing).toMatch(/-rwxr-xr-x .* python\/bin\/tool/)
    expect(listing).toMatch(/-rw-r--r-- .* python\/mylib\/__init__.py/)
    expect(listing).toContain('python/.hidden-config')
    expect(listing).not.toContain('__pycache__')
    expect(listing).not.toContain('README.md')
    expect(Number(run.outputs['unzipped-size'])).toBe(
      'VALUE = 1\n'.length +
        'hidden = true\n'.length +
        '#!/bin/sh\necho tool\n'.length
    )

    // What the emulator served: one publish, inline, no S3.
    const calls = await emu.calls()
    expect(calls.filter((c) => c.write).map((c) => c.operation)).toEqual([
      'PublishLayerVersion'
    ])
    expect(calls.some((c) => c.service === 's3')).toBe(false)

    // Lambda's own view agrees with the outputs.
    const got = await lambda().send(
      new GetLayerVersionCommand({ LayerName: 'my-deps', VersionNumber: 1 })
    )
    expect(got.Content?.CodeSha256).toBe(run.outputs['code-sha256'])
    expect(got.CompatibleRuntimes).toEqual(['python3.12', 'python3.13'])
    expect(got.CompatibleArchitectures).toEqual(['arm64'])
    expect(got.Description).toBe('e2e inline')

    // The job summary has the region row and the archive's facts.
    expect(run.summary).toContain('| us-east-1 | 1 |')
    expect(run.summary).toContain(
      'arn:aws:lambda:us-east-1:123456789012:layer:my-deps:1'
    )
    expect(run.summary).toContain(sha)
  })

  it('sends an archive above 50 MiB through an S3 multipart upload', async () => {
    const ws = makeWorkspace({
      'python/blob-a.bin': seededBytes(27 * 1024 * 1024, 'a'),
      'python/blob-b.bin': seededBytes(26 * 1024 * 1024, 'b')
    })
    await emu.createBucket('layers-us-east-1', 'us-east-1')
    const run = await runAction({
      workspace: ws,
      env: emu.awsEnv(),
      inputs: awsInputs({
        'layer-name': 'big-layer',
        path: 'python/**',
        bucket: 'layers-{region}'
      })
    })
    expect(run.errors, run.stdout + run.stderr).toEqual([])
    expect(run.code).toBe(0)
    const size = Number(run.outputs['code-size'])
    expect(size).toBeGreaterThan(50 * 1024 * 1024)
    const sha = run.outputs['archive-sha256']!
    const key = `publish-layer/big-layer/${sha}.zip`
    const results = JSON.parse(run.outputs.results!)
    expect(results[0]).toMatchObject({
      status: 'published',
      version: 1,
      storage: `layers-us-east-1/${key}`
    })
    const ops = (await emu.writes()).map((c) => c.operation)
    expect(ops[0]).toBe('CreateMultipartUpload')
    expect(ops.filter((o) => o === 'UploadPart').length).toBeGreaterThanOrEqual(
      Math.ceil(size / (8 * 1024 * 1024))
    )
    expect(ops.slice(-2)).toEqual([
      'CompleteMultipartUpload',
      'PublishLayerVersion'
    ])
    expect(run.stdout).toMatch(/upload: 100% /)
    const state = (await emu.state()) as {
      buckets: Array<{
        name: string
        service: string
        objects: Array<{ key: string; size: number }>
        uploads: unknown[]
      }>
    }
    const bucket = state.buckets.find(
      (b) => b.name === 'layers-us-east-1' && b.service === 's3'
    )!
    expect(bucket.objects).toEqual([expect.objectContaining({ key, size })])
    expect(bucket.uploads).toEqual([])
    const got = await lambda().send(
      new GetLayerVersionCommand({ LayerName: 'big-layer', VersionNumber: 1 })
    )
    expect(got.Content?.CodeSha256).toBe(
      Buffer.from(sha, 'hex').toString('base64')
    )
    expect(got.Content?.CodeSize).toBe(size)
  })

  it('refuses a large archive with no bucket before any call', async () => {
    const ws = makeWorkspace({
      'python/blob.bin': seededBytes(51 * 1024 * 1024, 'c')
    })
    const run = await runAction({
      workspace: ws,
      env: emu.awsEnv(),
      inputs: awsInputs({ 'layer-name': 'big-layer', path: 'python/**' })
    })
    expect(run.code).toBe(1)
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toMatch(/'bucket'.*inline limit of 50\.0 MiB/)
    expect(await emu.calls()).toEqual([])
  })

  it('publishes a prebuilt zip-file as is', async () => {
    const src = mkdtempSync(join(tmpdir(), 'pl-zip-'))
    writeFileSync(join(src, 'handler.py'), 'print(1)\n')
    const ws = makeWorkspace({ 'placeholder.txt': '' })
    execFileSync('zip', ['-q', '-X', join(ws, 'prebuilt.zip'), 'handler.py'], {
      cwd: src
    })
    const bytes = readFileSync(join(ws, 'prebuilt.zip'))
    const run = await runAction({
      workspace: ws,
      env: emu.awsEnv(),
      inputs: awsInputs({
        'layer-name': 'prebuilt',
        'zip-file': 'prebuilt.zip'
      })
    })
    expect(run.errors, run.stdout + run.stderr).toEqual([])
    expect(run.code).toBe(0)
    expect(run.outputs['archive-sha256']).toBe(sha256Hex(bytes))
    expect(run.outputs['code-size']).toBe(
      String(statSync(join(ws, 'prebuilt.zip')).size)
    )
    expect(run.outputs['layer-version']).toBe('1')
  })

  it('fails a bad input with one error naming it, and calls nothing', async () => {
    const ws = makeWorkspace({ 'python/a.py': 'a' })
    const run = await runAction({
      workspace: ws,
      env: emu.awsEnv(),
      inputs: awsInputs({ 'layer-name': 'bad name!', path: 'python/**' })
    })
    expect(run.code).toBe(1)
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toMatch(
      /^Input 'layer-name': must be 1-140 characters/
    )
    expect(await emu.calls()).toEqual([])
  })
})

describe('AWS bucket problems are explained', () => {
  it('a bucket in another region says so, and nothing is published', async () => {
    await emu.createBucket('layers-eu', 'eu-west-1')
    const ws = makeWorkspace({ 'python/a.py': 'a' })
    const run = await runAction({
      workspace: ws,
      env: emu.awsEnv(),
      inputs: awsInputs({
        'layer-name': 'wrong-region',
        path: 'python/**',
        upload: 'always',
        bucket: 'layers-eu'
      })
    })
    expect(run.code).toBe(1)
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toMatch(
      /bucket 'layers-eu' is in eu-west-1, not us-east-1/
    )
    expect(
      (await emu.calls()).filter((c) => c.operation === 'PublishLayerVersion')
    ).toEqual([])
  })
  it('a missing bucket says so', async () => {
    const ws = makeWorkspace({ 'python/a.py': 'a' })
    const run = await runAction({
      workspace: ws,
      env: emu.awsEnv(),
      inputs: awsInputs({
        'layer-name': 'no-bucket',
        path: 'python/**',
        upload: 'always',
        bucket: 'does-not-exist'
      })
    })
    expect(run.code).toBe(1)
    expect(run.errors[0]).toMatch(
      /bucket 'does-not-exist' does not exist\. Create it in us-east-1/
    )
  })
  it('a layout that cannot work at runtime is a warning, not an error', async () => {
    const ws = makeWorkspace({ 'mylib/__init__.py': 'x' })
    const run = await runAction({
      workspace: ws,
      env: emu.awsEnv(),
      inputs: awsInputs({
        'layer-name': 'flat',
        path: 'mylib/**',
        'compatible-runtimes': 'python3.12'
      })
    })
    expect(run.code).toBe(0)
    expect(run.warnings.join('\n')).toMatch(
      /no top-level python\/ folder; set 'prefix: python'/
    )
  })
})
