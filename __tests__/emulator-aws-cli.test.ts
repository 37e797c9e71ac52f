/**
 * Conformance of the AWS emulator against a client nobody here wrote: the
 * AWS CLI (botocore), pointed at it with --endpoint-url and environment
 * credentials, isolated from any local AWS configuration. The CLI must be
 * installed (CI installs it); without it this test fails, it does not skip.
 */
import { execFile, spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import AdmZip from 'adm-zip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulators, type RunningEmulators } from '../emulator/index.js'
import type { CallRecord } from '../emulator/core.js'

let em: RunningEmulators
let dir: string

interface CliResult {
  code: number
  stdout: string
  stderr: string
  json: Record<string, unknown>
}

function cliEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('AWS_')) env[k] = v
  }
  return {
    ...env,
    AWS_ACCESS_KEY_ID: em.info.aws.accessKeyId,
    AWS_SECRET_ACCESS_KEY: em.info.aws.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(dir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    ...overrides
  }
}

/** Runs `aws` asynchronously (the emulator serves from this same process). */
function aws(
  args: string[],
  env: Record<string, string> = {}
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      'aws',
      ['--endpoint-url', em.info.aws.endpoint, '--output', 'json', ...args],
      { env: cliEnv(env), maxBuffer: 16 * 1024 * 1024, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code =
          error === null ? 0 : typeof error.code === 'number' ? error.code : -1
        let json: Record<string, unknown> = {}
        if (stdout.trim().startsWith('{')) {
          json = JSON.parse(stdout) as Record<string, unknown>
        }
        resolve({ code, stdout, stderr, json })
      }
    )
  })
}

async function ok(args: string[]): Promise<Record<string, unknown>> {
  const r = await aws(args)
  if (r.code !== 0) {
    throw new Error(`aws ${args.join(' ')} failed (${r.code}): ${r.stderr}`)
  }
  return r.json
}

async function calls(): Promise<CallRecord[]> {
  const res = await fetch(`${em.info.aws.endpoint}/_emulator/calls`)
  return (await res.json()) as CallRecord[]
}

beforeAll(async () => {
  const probe = spawnSync('aws', ['--version'], { encoding: 'utf8' })
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'The AWS CLI (`aws`) is required by this conformance test and was not found on PATH ' +
        `(${probe.error?.message ?? probe.stderr}). Install it (e.g. \`pip install awscli\`); the test does not skip.`
    )
  }
  em = await startEmulators()
  dir = await mkdtemp(join(tmpdir(), 'emulator-aws-cli-'))
})
afterAll(async () => {
  await em?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('AWS CLI against the emulator', () => {
  it('publishes, reads, lists, shares and deletes layer versions', async () => {
    const zip = new AdmZip()
    zip.addFile(
      'nodejs/node_modules/m/index.js',
      Buffer.from('module.exports = 1\n')
    )
    const archive = zip.toBuffer()
    const zipPath = join(dir, 'layer.zip')
    await writeFile(zipPath, archive)
    const sha = createHash('sha256').update(archive).digest('base64')

    const published = await ok([
      'lambda',
      'publish-layer-version',
      '--layer-name',
      'cli-layer',
      '--zip-file',
      `fileb://${zipPath}`,
      '--compatible-runtimes',
      'nodejs22.x',
      'nodejs24.x',
      '--compatible-architectures',
      'arm64',
      '--description',
      'from the CLI',
      '--license-info',
      'MIT'
    ])
    expect(published).toEqual({
      Content: {
        Location: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\//),
        CodeSha256: sha,
        CodeSize: archive.length
      },
      LayerArn: 'arn:aws:lambda:us-east-1:123456789012:layer:cli-layer',
      LayerVersionArn:
        'arn:aws:lambda:us-east-1:123456789012:layer:cli-layer:1',
      Description: 'from the CLI',
      CreatedDate: expect.stringMatching(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/
      ),
      Version: 1,
      CompatibleRuntimes: ['nodejs22.x', 'nodejs24.x'],
      LicenseInfo: 'MIT',
      CompatibleArchitectures: ['arm64']
    })

    const got = await ok([
      'lambda',
      'get-layer-version',
      '--layer-name',
      'cli-layer',
      '--version-number',
      '1'
    ])
    expect(got).toEqual(published)

    const second = await ok([
      'lambda',
      'publish-layer-version',
      '--layer-name',
      'cli-layer',
      '--zip-file',
      `fileb://${zipPath}`
    ])
    expect(second.Version).toBe(2)
    const listed = await ok([
      'lambda',
      'list-layer-versions',
      '--layer-name',
      'cli-layer'
    ])
    const versions = listed.LayerVersions as Array<Record<string, unknown>>
    expect(versions.map((v) => v.Version)).toEqual([2, 1])
    expect(versions[1]).toEqual({
      LayerVersionArn: published.LayerVersionArn,
      Version: 1,
      Description: 'from the CLI',
      CreatedDate: published.CreatedDate,
      CompatibleRuntimes: ['nodejs22.x', 'nodejs24.x'],
      LicenseInfo: 'MIT',
      CompatibleArchitectures: ['arm64']
    })

    const permission = await ok([
      'lambda',
      'add-layer-version-permission',
      '--layer-name',
      'cli-layer',
      '--version-number',
      '1',
      '--statement-id',
      'share-111122223333',
      '--action',
      'lambda:GetLayerVersion',
      '--principal',
      '111122223333'
    ])
    expect(permission.RevisionId).toMatch(/^[0-9a-f-]{36}$/)
    expect(JSON.parse(permission.Statement as string)).toEqual({
      Sid: 'share-111122223333',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:root' },
      Action: 'lambda:GetLayerVersion',
      Resource: published.LayerVersionArn
    })
    const policy = await ok([
      'lambda',
      'get-layer-version-policy',
      '--layer-name',
      'cli-layer',
      '--version-number',
      '1'
    ])
    expect(policy.RevisionId).toBe(permission.RevisionId)
    expect(JSON.parse(policy.Policy as string)).toEqual({
      Version: '2012-10-17',
      Id: 'default',
      Statement: [JSON.parse(permission.Statement as string)]
    })
    const again = await aws([
      'lambda',
      'add-layer-version-permission',
      '--layer-name',
      'cli-layer',
      '--version-number',
      '1',
      '--statement-id',
      'share-111122223333',
      '--action',
      'lambda:GetLayerVersion',
      '--principal',
      '111122223333'
    ])
    expect(again.code).not.toBe(0)
    expect(again.stderr).toContain('(ResourceConflictException)')

    const deleted = await aws([
      'lambda',
      'delete-layer-version',
      '--layer-name',
      'cli-layer',
      '--version-number',
      '1'
    ])
    expect(deleted.code).toBe(0)
    expect(deleted.stdout.trim()).toBe('')
    const missing = await aws([
      'lambda',
      'get-layer-version',
      '--layer-name',
      'cli-layer',
      '--version-number',
      '1'
    ])
    expect(missing.code).not.toBe(0)
    expect(missing.stderr).toContain(
      'An error occurred (ResourceNotFoundException) when calling the GetLayerVersion operation: The resource you requested does not exist.'
    )
    const wrongSecret = await aws(['lambda', 'list-layers'], {
      AWS_SECRET_ACCESS_KEY: 'wrong-secret'
    })
    expect(wrongSecret.code).not.toBe(0)
    expect(wrongSecret.stderr).toContain('(InvalidSignatureException)')

    const log = (await calls()).filter((c) => c.service === 'lambda')
    expect(log.map((c) => [c.operation, c.status, c.write])).toEqual([
      ['PublishLayerVersion', 201, true],
      ['GetLayerVersion', 200, false],
      ['PublishLayerVersion', 201, true],
      ['ListLayerVersions', 200, false],
      ['AddLayerVersionPermission', 201, true],
      ['GetLayerVersionPolicy', 200, false],
      ['AddLayerVersionPermission', 409, true],
      ['DeleteLayerVersion', 204, true],
      ['GetLayerVersion', 404, false],
      ['ListLayers', 403, false]
    ])
  })

  it('creates a bucket, copies a multipart file with `aws s3 cp`, and heads it', async () => {
    const created = await ok([
      's3api',
      'create-bucket',
      '--bucket',
      'cli-bucket',
      '--region',
      'eu-west-1',
      '--create-bucket-configuration',
      'LocationConstraint=eu-west-1'
    ])
    expect(created).toEqual({ Location: '/cli-bucket' })

    const data = randomBytes(9 * 1024 * 1024 + 123)
    const file = join(dir, 'big.zip')
    await writeFile(file, data)
    const cp = await aws([
      's3',
      'cp',
      file,
      's3://cli-bucket/layers/big file.zip',
      '--region',
      'eu-west-1',
      '--only-show-errors'
    ])
    expect(cp.stderr).toBe('')
    expect(cp.code).toBe(0)

    const head = await ok([
      's3api',
      'head-object',
      '--bucket',
      'cli-bucket',
      '--key',
      'layers/big file.zip',
      '--region',
      'eu-west-1'
    ])
    const md5 = (b: Buffer) => createHash('md5').update(b).digest()
    const partSize = 8 * 1024 * 1024
    const etag = createHash('md5')
      .update(
        Buffer.concat([
          md5(data.subarray(0, partSize)),
          md5(data.subarray(partSize))
        ])
      )
      .digest('hex')
    expect(head).toEqual({
      AcceptRanges: 'bytes',
      LastModified: expect.any(String),
      ContentLength: data.length,
      ETag: `"${etag}-2"`,
      ContentType: 'application/zip',
      Metadata: {},
      PartsCount: 2
    })
    const s3Calls = (await calls()).filter((c) => c.service === 's3')
    expect(
      s3Calls.map((c) => [c.operation, c.region, c.status, c.write])
    ).toEqual([
      ['CreateBucket', 'eu-west-1', 200, true],
      ['CreateMultipartUpload', 'eu-west-1', 200, true],
      ['UploadPart', 'eu-west-1', 200, true],
      ['UploadPart', 'eu-west-1', 200, true],
      ['CompleteMultipartUpload', 'eu-west-1', 200, true],
      ['HeadObject', 'eu-west-1', 200, false]
    ])
  })

  it('creates, updates, reads, versions, aliases and lists functions', async () => {
    const settings = (values: Record<string, unknown>) =>
      fetch(`${em.info.aws.endpoint}/_emulator/settings`, {
        method: 'POST',
        body: JSON.stringify(values)
      })
    await settings({ lambdaUpdateDelayMs: 0 })
    const layerZip = new AdmZip()
    layerZip.addFile('python/m.py', Buffer.from('M = 1\n'))
    await writeFile(join(dir, 'fn-layer.zip'), layerZip.toBuffer())
    const layerArns: string[] = []
    for (const name of ['fn-a', 'fn-b']) {
      const out = await ok([
        'lambda',
        'publish-layer-version',
        '--layer-name',
        name,
        '--zip-file',
        `fileb://${join(dir, 'fn-layer.zip')}`
      ])
      layerArns.push(out.LayerVersionArn as string)
    }
    const code = new AdmZip()
    code.addFile('index.py', Buffer.from('def handler(e, c): return 1\n'))
    await writeFile(join(dir, 'fn.zip'), code.toBuffer())
    const role = `arn:aws:iam::${em.info.aws.accountId}:role/lambda`
    for (const name of ['cli-fn', 'cli-other']) {
      const created = await ok([
        'lambda',
        'create-function',
        '--function-name',
        name,
        '--runtime',
        'python3.12',
        '--role',
        role,
        '--handler',
        'index.handler',
        '--zip-file',
        `fileb://${join(dir, 'fn.zip')}`,
        '--layers',
        layerArns[0]!
      ])
      expect(created).toMatchObject({ FunctionName: name, State: 'Pending' })
    }
    const before = await ok([
      'lambda',
      'get-function-configuration',
      '--function-name',
      'cli-fn'
    ])
    expect(before).toMatchObject({
      State: 'Active',
      LastUpdateStatus: 'Successful',
      Layers: [{ Arn: layerArns[0], CodeSize: expect.any(Number) }]
    })
    const updated = await ok([
      'lambda',
      'update-function-configuration',
      '--function-name',
      'cli-fn',
      '--layers',
      layerArns[1]!,
      layerArns[0]!,
      '--revision-id',
      before.RevisionId as string
    ])
    expect(updated.LastUpdateStatus).toBe('InProgress')
    const stale = await aws([
      'lambda',
      'update-function-configuration',
      '--function-name',
      'cli-fn',
      '--description',
      'stale',
      '--revision-id',
      before.RevisionId as string
    ])
    expect(stale.code).not.toBe(0)
    expect(stale.stderr).toMatch(/PreconditionFailedException/)
    const twice = await aws([
      'lambda',
      'update-function-configuration',
      '--function-name',
      'cli-fn',
      '--layers',
      layerArns[0]!,
      layerArns[0]!.replace(/:1$/, ':2')
    ])
    expect(twice.stderr).toMatch(
      /InvalidParameterValueException.*Two different versions of the same layer are not allowed\./
    )
    const after = await ok([
      'lambda',
      'get-function-configuration',
      '--function-name',
      'cli-fn'
    ])
    expect((after.Layers as Array<{ Arn: string }>).map((l) => l.Arn)).toEqual([
      layerArns[1],
      layerArns[0]
    ])
    const version = await ok([
      'lambda',
      'publish-version',
      '--function-name',
      'cli-fn'
    ])
    expect(version.Version).toBe('1')
    const again = await ok([
      'lambda',
      'publish-version',
      '--function-name',
      'cli-fn'
    ])
    expect(again.Version).toBe('1')
    const alias = await ok([
      'lambda',
      'create-alias',
      '--function-name',
      'cli-fn',
      '--name',
      'live',
      '--function-version',
      '1'
    ])
    expect(alias).toMatchObject({
      AliasArn: `arn:aws:lambda:us-east-1:${em.info.aws.accountId}:function:cli-fn:live`,
      FunctionVersion: '1'
    })
    // --page-size 1: the CLI follows NextMarker one function at a time.
    const listed = await ok([
      'lambda',
      'list-functions',
      '--function-version',
      'ALL',
      '--page-size',
      '1'
    ])
    expect(
      (
        listed.Functions as Array<{ FunctionName: string; Version: string }>
      ).map((f) => `${f.FunctionName}:${f.Version}`)
    ).toEqual(['cli-fn:$LATEST', 'cli-fn:1', 'cli-other:$LATEST'])
    await settings({ lambdaUpdateDelayMs: 600_000 })
    await ok([
      'lambda',
      'update-function-configuration',
      '--function-name',
      'cli-other',
      '--description',
      'first'
    ])
    const busy = await aws([
      'lambda',
      'update-function-configuration',
      '--function-name',
      'cli-other',
      '--description',
      'second'
    ])
    expect(busy.stderr).toMatch(
      /ResourceConflictException.*An update is in progress for resource/
    )
    await settings({ lambdaUpdateDelayMs: 0 })
    const fnCalls = (await calls()).filter(
      (c) => c.service === 'lambda' && !c.operation.includes('Layer')
    )
    expect(
      fnCalls.filter((c) => c.write).map((c) => [c.operation, c.status])
    ).toEqual([
      ['CreateFunction', 201],
      ['CreateFunction', 201],
      ['UpdateFunctionConfiguration', 200],
      ['UpdateFunctionConfiguration', 412],
      ['UpdateFunctionConfiguration', 400],
      ['PublishVersion', 201],
      ['PublishVersion', 201],
      ['CreateAlias', 201],
      ['UpdateFunctionConfiguration', 200],
      ['UpdateFunctionConfiguration', 409]
    ])
    expect(fnCalls.filter((c) => c.operation === 'ListFunctions')).toHaveLength(
      3
    )
  })
})
