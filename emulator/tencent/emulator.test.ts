/**
 * The Tencent emulator driven by the real SDKs: tencentcloud-sdk-nodejs-scf
 * for SCF and cos-nodejs-sdk-v5 for COS, the way the action talks to them.
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import AdmZip from 'adm-zip'
import COS from 'cos-nodejs-sdk-v5'
import { scf } from 'tencentcloud-sdk-nodejs-scf'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { CallRecord, FaultRule } from '../core.js'
import { startEmulators, type RunningEmulators } from '../index.js'
import { canonicalRequest, stringToSign, tc3Date, tc3Signature } from './tc3.js'

// Both SDKs honour proxy variables, which would capture loopback traffic.
for (const name of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY']) {
  delete process.env[name]
}

type Tencent = NonNullable<RunningEmulators['info']['tencent']>
type ScfClient = InstanceType<typeof scf.v20180416.Client>
interface SdkError {
  code?: string
  requestId?: string
  httpCode?: number
  message: string
}
interface CosSdkError {
  code?: string
  statusCode?: number
  message?: string
  headers?: Record<string, string>
  error?: { Code?: string; RequestId?: string }
}

let em: RunningEmulators
let t: Tencent
let confDir: string
const BUCKET = 'layers-1250000000'

function client(
  region = 'ap-guangzhou',
  credential: { secretId: string; secretKey: string } = t
): ScfClient {
  return new scf.v20180416.Client({
    credential: {
      secretId: credential.secretId,
      secretKey: credential.secretKey
    },
    region,
    profile: {
      httpProfile: {
        endpoint: t.endpoint.replace(/^http:\/\//, ''),
        protocol: 'http://',
        reqTimeout: 10
      }
    }
  })
}

function cos(extra: Partial<COS.COSOptions> = {}): COS {
  return new COS({
    SecretId: t.secretId,
    SecretKey: t.secretKey,
    Protocol: 'http:',
    Ip: t.storageEndpoint.replace(/^http:\/\//, ''),
    AutoSwitchHost: false,
    ConfCwd: confDir,
    ...extra
  })
}

async function control(
  path: string,
  method = 'GET',
  body?: unknown
): Promise<unknown> {
  const res = await fetch(`${t.endpoint}/_emulator/${path}`, {
    method,
    ...(body !== undefined && {
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' }
    })
  })
  if (!res.ok) throw new Error(`${path}: ${res.status}`)
  return res.json()
}
const calls = async () => (await control('calls')) as CallRecord[]
const fault = (rule: Partial<FaultRule>) => control('faults', 'POST', rule)
const settings = (values: Record<string, unknown>) =>
  control('settings', 'POST', values)
const bucket = (name: string, region: string) =>
  control('buckets', 'POST', { name, region, service: 'cos' })

function zipOf(files: Record<string, string | Buffer>): Buffer {
  const z = new AdmZip()
  for (const [name, body] of Object.entries(files)) {
    z.addFile(name, Buffer.isBuffer(body) ? body : Buffer.from(body))
  }
  return z.toBuffer()
}
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')

async function rejection(p: Promise<unknown>): Promise<SdkError> {
  try {
    await p
  } catch (error) {
    return error as SdkError
  }
  throw new Error('expected a rejection')
}
async function cosRejection(p: Promise<unknown>): Promise<CosSdkError> {
  try {
    await p
  } catch (error) {
    return error as CosSdkError
  }
  throw new Error('expected a rejection')
}

async function waitStatus(
  c: ScfClient,
  name: string,
  version: number,
  until: string[]
): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const r = await c.GetLayerVersion({
      LayerName: name,
      LayerVersion: version
    })
    if (until.includes(r.Status ?? '')) return r.Status ?? ''
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error('status did not settle')
}

beforeAll(async () => {
  em = await startEmulators()
  if (!em.info.tencent) throw new Error('the Tencent emulator did not start')
  t = em.info.tencent
  confDir = mkdtempSync(join(tmpdir(), 'cos-conf-'))
})
afterAll(async () => {
  await em?.close()
  rmSync(confDir, { recursive: true, force: true })
})
beforeEach(async () => {
  await control('reset', 'POST')
  await settings({ tencentActivationDelayMs: 50 })
})

describe('SCF layers', () => {
  it('publishes inline: Publishing, then Active, with the hex SHA-256', async () => {
    await settings({ tencentActivationDelayMs: 300 })
    const zip = zipOf({ 'node_modules/a/index.js': 'module.exports = 1' })
    const c = client()
    const r = await c.PublishLayerVersion({
      LayerName: 'demo',
      CompatibleRuntimes: ['Nodejs18.15', 'Nodejs16.13'],
      Content: { ZipFile: zip.toString('base64') },
      Description: 'first',
      LicenseInfo: 'MIT',
      Tags: [{ Key: 'team', Value: 'infra' }]
    })
    expect(r.LayerVersion).toBe(1)
    expect(r.RequestId).toMatch(/^[0-9a-f-]{36}$/)
    const first = await c.GetLayerVersion({
      LayerName: 'demo',
      LayerVersion: 1
    })
    expect(first.Status).toBe('Publishing')
    expect(await waitStatus(c, 'demo', 1, ['Active'])).toBe('Active')
    const got = await c.GetLayerVersion({ LayerName: 'demo', LayerVersion: 1 })
    expect(got).toMatchObject({
      CodeSha256: sha(zip),
      CompatibleRuntimes: ['Nodejs18.15', 'Nodejs16.13'],
      Description: 'first',
      LicenseInfo: 'MIT',
      LayerName: 'demo',
      LayerVersion: 1,
      Status: 'Active'
    })
    expect(got.AddTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
    const download = await fetch(got.Location ?? '')
    expect(Buffer.from(await download.arrayBuffer()).equals(zip)).toBe(true)

    const list = await c.ListLayerVersions({ LayerName: 'demo' })
    expect(list.LayerVersions?.[0]).toMatchObject({
      LayerVersion: 1,
      Status: 'Active',
      Tags: [{ Key: 'team', Value: 'infra' }]
    })
    const layers = await c.ListLayers({})
    expect(layers.TotalCount).toBe(1)
    expect(layers.Layers?.[0]?.LayerName).toBe('demo')
  })

  it('marks a body that is not a zip PublishFailed', async () => {
    const c = client()
    const r = await c.PublishLayerVersion({
      LayerName: 'broken',
      CompatibleRuntimes: ['Python3.9'],
      Content: { ZipFile: Buffer.from('not a zip at all').toString('base64') }
    })
    expect(
      await waitStatus(c, 'broken', r.LayerVersion ?? 0, [
        'Active',
        'PublishFailed'
      ])
    ).toBe('PublishFailed')
  })

  it('marks an archive above 500 MiB unzipped PublishFailed', async () => {
    const zip = zipOf({ 'big.bin': 'x' })
    // Declare a huge uncompressed size in the central directory entry.
    const cd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]))
    zip.writeUInt32LE(600 * 1024 * 1024, cd + 24)
    const c = client()
    const r = await c.PublishLayerVersion({
      LayerName: 'huge',
      CompatibleRuntimes: ['Python3.9'],
      Content: { ZipFile: zip.toString('base64') }
    })
    expect(
      await waitStatus(c, 'huge', r.LayerVersion ?? 0, [
        'Active',
        'PublishFailed'
      ])
    ).toBe('PublishFailed')
  })

  it('publishes from COS (bucket without -appid, key with a leading /)', async () => {
    const zip = zipOf({ 'python/mod.py': 'x = 1' })
    const storage = cos()
    await storage.putBucket({ Bucket: BUCKET, Region: 'ap-guangzhou' })
    await storage.putObject({
      Bucket: BUCKET,
      Region: 'ap-guangzhou',
      Key: 'publish-layer/demo/abc.zip',
      Body: zip
    })
    const c = client()
    const r = await c.PublishLayerVersion({
      LayerName: 'demo',
      CompatibleRuntimes: ['Python3.9'],
      Content: {
        CosBucketName: 'layers',
        CosObjectName: '/publish-layer/demo/abc.zip',
        CosBucketRegion: 'ap-guangzhou'
      }
    })
    expect(r.LayerVersion).toBe(1)
    await waitStatus(c, 'demo', 1, ['Active'])
    const got = await c.GetLayerVersion({ LayerName: 'demo', LayerVersion: 1 })
    expect(got.CodeSha256).toBe(sha(zip))

    const codes = async (content: Record<string, string>, region?: string) =>
      (
        await rejection(
          client(region).PublishLayerVersion({
            LayerName: 'demo',
            CompatibleRuntimes: ['Python3.9'],
            Content: content
          })
        )
      ).code
    // The name with -appid is not the name SCF wants.
    expect(
      await codes({
        CosBucketName: BUCKET,
        CosObjectName: '/publish-layer/demo/abc.zip'
      })
    ).toBe('InvalidParameterValue.Cos')
    expect(
      await codes({ CosBucketName: 'layers', CosObjectName: '/missing.zip' })
    ).toBe('InvalidParameterValue.Cos')
    expect(
      await codes({ CosBucketName: 'nope', CosObjectName: '/a.zip' })
    ).toBe('InvalidParameterValue.Cos')
    expect(
      await codes(
        {
          CosBucketName: 'layers',
          CosObjectName: '/publish-layer/demo/abc.zip'
        },
        'ap-shanghai'
      )
    ).toBe('InvalidParameterValue.CosBucketRegion')
    expect(
      await codes({
        CosBucketName: 'layers',
        CosObjectName: '/publish-layer/demo/abc.zip',
        CosBucketRegion: 'ap-beijing'
      })
    ).toBe('InvalidParameterValue.CosBucketRegion')
  })

  it('keeps state per region and never reuses a version number', async () => {
    const zip = zipOf({ 'a.txt': 'a' })
    const publish = (region: string) =>
      client(region).PublishLayerVersion({
        LayerName: 'demo',
        CompatibleRuntimes: ['Go1'],
        Content: { ZipFile: zip.toString('base64') }
      })
    expect((await publish('ap-guangzhou')).LayerVersion).toBe(1)
    expect((await publish('ap-guangzhou')).LayerVersion).toBe(2)
    expect((await publish('ap-singapore')).LayerVersion).toBe(1)
    const gz = client('ap-guangzhou')
    await gz.DeleteLayerVersion({ LayerName: 'demo', LayerVersion: 2 })
    await gz.DeleteLayerVersion({ LayerName: 'demo', LayerVersion: 1 })
    const gone = await rejection(gz.ListLayerVersions({ LayerName: 'demo' }))
    expect(gone.code).toBe('ResourceNotFound.Layer')
    expect(
      (
        await rejection(
          gz.GetLayerVersion({ LayerName: 'demo', LayerVersion: 1 })
        )
      ).code
    ).toBe('ResourceNotFound.LayerVersion')
    expect(
      (
        await rejection(
          gz.DeleteLayerVersion({ LayerName: 'demo', LayerVersion: 1 })
        )
      ).code
    ).toBe('ResourceNotFound.LayerVersion')
    expect((await publish('ap-guangzhou')).LayerVersion).toBe(3)
    const sg = await client('ap-singapore').ListLayerVersions({
      LayerName: 'demo'
    })
    expect(sg.LayerVersions?.map((v) => v.LayerVersion)).toEqual([1])
    expect(
      (
        await rejection(
          client('ap-beijing').ListLayerVersions({ LayerName: 'demo' })
        )
      ).code
    ).toBe('ResourceNotFound.Layer')
  })

  it('validates parameters with SCF error codes, request id included', async () => {
    const c = client()
    const zip = zipOf({ 'a.txt': 'a' }).toString('base64')
    const code = async (req: Record<string, unknown>) => {
      const e = await rejection(
        c.PublishLayerVersion({
          LayerName: 'demo',
          CompatibleRuntimes: ['Nodejs18.15'],
          Content: { ZipFile: zip },
          ...req
        } as never)
      )
      expect(e.requestId).toMatch(/^[0-9a-f-]{36}$/)
      return e.code
    }
    expect(await code({ LayerName: '1abc' })).toBe(
      'InvalidParameterValue.LayerName'
    )
    expect(await code({ LayerName: 'abc-' })).toBe(
      'InvalidParameterValue.LayerName'
    )
    expect(await code({ LayerName: `a${'b'.repeat(64)}` })).toBe(
      'InvalidParameterValue.LayerName'
    )
    expect(await code({ CompatibleRuntimes: [] })).toBe(
      'InvalidParameterValue.CompatibleRuntimes'
    )
    expect(
      await code({
        CompatibleRuntimes: [
          'Go1',
          'Java8',
          'Php7',
          'Python3.9',
          'Nodejs18.15',
          'Java11'
        ]
      })
    ).toBe('InvalidParameterValue.CompatibleRuntimes')
    expect(await code({ Content: { ZipFile: 'UEsDBA' } })).toBe(
      'InvalidParameterValue.ZipFileBase64BinasciiError'
    )
    expect(
      await code({
        Content: { ZipFile: zip, CosBucketName: 'a', CosObjectName: '/a.zip' }
      })
    ).toBe('InvalidParameterValue.Content')
    expect(await code({ Description: 'x'.repeat(1001) })).toBe(
      'InvalidParameterValue.Description'
    )
    // Nothing was published by the failed calls.
    const published = (await calls()).filter(
      (x) => x.operation === 'PublishLayerVersion' && !x.errorCode
    )
    expect(published).toHaveLength(0)
  })

  it('refuses request bodies above 10 MiB with the real message', async () => {
    const big = randomBytes(8 * 1024 * 1024).toString('base64')
    const e = await rejection(
      client().PublishLayerVersion({
        LayerName: 'demo',
        CompatibleRuntimes: ['Nodejs18.15'],
        Content: { ZipFile: big }
      })
    )
    expect(e.code).toBe('RequestSizeLimitExceeded')
    expect(e.message).toMatch(
      /^Your current request size exceed {2}max 10485760B, but your \d+B\.$/
    )
  })

  it('caps a layer at 200 versions, counting live ones', async () => {
    const c = client()
    const zip = zipOf({ 'a.txt': 'a' }).toString('base64')
    const publish = () =>
      c.PublishLayerVersion({
        LayerName: 'many',
        CompatibleRuntimes: ['Go1'],
        Content: { ZipFile: zip }
      })
    for (let i = 0; i < 10; i++) {
      await Promise.all(Array.from({ length: 20 }, publish))
    }
    const e = await rejection(publish())
    expect(e.code).toBe('LimitExceeded.LayerVersions')
    await c.DeleteLayerVersion({ LayerName: 'many', LayerVersion: 1 })
    expect((await publish()).LayerVersion).toBe(201)
  })

  it('checks the signature: wrong key, unknown id, stale timestamp', async () => {
    const wrongKey = await rejection(
      client('ap-guangzhou', {
        secretId: t.secretId,
        secretKey: 'nope'
      }).ListLayers({})
    )
    expect(wrongKey.code).toBe('AuthFailure.SignatureFailure')
    const unknown = await rejection(
      client('ap-guangzhou', {
        secretId: 'AKIDother',
        secretKey: t.secretKey
      }).ListLayers({})
    )
    expect(unknown.code).toBe('AuthFailure.SecretIdNotFound')

    // A correctly signed request from ten minutes ago.
    const timestamp = Math.floor(Date.now() / 1000) - 600
    const body = '{}'
    const host = t.endpoint.replace(/^http:\/\//, '')
    const headers = new Map([
      ['content-type', 'application/json'],
      ['host', host]
    ])
    const canonical = canonicalRequest({
      method: 'POST',
      path: '/',
      query: '',
      headers,
      signedHeaders: ['content-type', 'host'],
      payload: body
    })
    const date = tc3Date(timestamp)
    const signature = tc3Signature(
      t.secretKey,
      date,
      'scf',
      stringToSign(timestamp, 'scf', canonical)
    )
    const res = await fetch(`${t.endpoint}/`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'x-tc-action': 'ListLayers',
        'x-tc-version': '2018-04-16',
        'x-tc-region': 'ap-guangzhou',
        'x-tc-timestamp': String(timestamp),
        authorization: `TC3-HMAC-SHA256 Credential=${t.secretId}/${date}/scf/tc3_request, SignedHeaders=content-type;host, Signature=${signature}`
      }
    })
    expect(res.status).toBe(200)
    const json = (await res.json()) as {
      Response: { Error: { Code: string }; RequestId: string }
    }
    expect(json.Response.Error.Code).toBe('AuthFailure.SignatureExpire')
    expect(json.Response.RequestId).toBeTruthy()
  })

  it('applies scripted faults and logs them', async () => {
    const c = client()
    const zip = zipOf({ 'a.txt': 'a' }).toString('base64')
    const publish = () =>
      c.PublishLayerVersion({
        LayerName: 'demo',
        CompatibleRuntimes: ['Go1'],
        Content: { ZipFile: zip }
      })
    await fault({
      service: 'scf',
      operation: 'PublishLayerVersion',
      kind: 'throttle',
      times: 1
    })
    expect((await rejection(publish())).code).toBe('RequestLimitExceeded')
    expect((await publish()).LayerVersion).toBe(1)

    await fault({
      service: 'scf',
      operation: 'ListLayers',
      kind: 'error500',
      times: 1
    })
    expect((await rejection(c.ListLayers({}))).httpCode).toBe(500)
    await fault({
      service: 'scf',
      operation: 'ListLayers',
      kind: 'error503',
      times: 1
    })
    expect((await rejection(c.ListLayers({}))).httpCode).toBe(503)

    await fault({
      service: 'scf',
      operation: 'ListLayers',
      kind: 'reset',
      times: 1
    })
    expect((await rejection(c.ListLayers({}))).code).toBeUndefined()

    // The version is made, the answer lost.
    await fault({
      service: 'scf',
      operation: 'PublishLayerVersion',
      kind: 'commit-then-reset',
      times: 1
    })
    await rejection(publish())
    const versions = await c.ListLayerVersions({ LayerName: 'demo' })
    expect(versions.LayerVersions?.map((v) => v.LayerVersion)).toEqual([2, 1])

    await fault({
      service: 'scf',
      operation: 'GetLayerVersion',
      kind: 'error',
      code: 'UnauthorizedOperation.CAM',
      message: 'you are not authorized',
      times: 1
    })
    const cam = await rejection(
      c.GetLayerVersion({ LayerName: 'demo', LayerVersion: 1 })
    )
    expect(cam.code).toBe('UnauthorizedOperation.CAM')

    await fault({
      service: 'scf',
      operation: 'ListLayers',
      kind: 'delay',
      delayMs: 150,
      times: 1
    })
    const started = Date.now()
    await c.ListLayers({})
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)

    const log = await calls()
    const scfCalls = log.filter((x) => x.service === 'scf')
    expect(
      scfCalls.map((x) => [
        x.operation,
        x.status,
        x.fault ?? null,
        x.errorCode ?? null
      ])
    ).toEqual([
      ['PublishLayerVersion', 200, 'throttle', 'RequestLimitExceeded'],
      ['PublishLayerVersion', 200, null, null],
      ['ListLayers', 500, 'error500', 'InternalError'],
      ['ListLayers', 503, 'error503', 'InternalError'],
      ['ListLayers', 0, 'reset', null],
      ['PublishLayerVersion', 0, 'commit-then-reset', null],
      ['ListLayerVersions', 200, null, null],
      ['GetLayerVersion', 200, 'error', 'UnauthorizedOperation.CAM'],
      ['ListLayers', 200, 'delay', null]
    ])
    expect(scfCalls.filter((x) => x.write).map((x) => x.operation)).toEqual([
      'PublishLayerVersion',
      'PublishLayerVersion',
      'PublishLayerVersion'
    ])
    expect(scfCalls.every((x) => x.region === 'ap-guangzhou')).toBe(true)
  })
})

describe('COS', () => {
  it('creates buckets with the real client, bound to a region', async () => {
    const storage = cos()
    await storage.putBucket({ Bucket: BUCKET, Region: 'ap-guangzhou' })
    const again = await cosRejection(
      storage.putBucket({ Bucket: BUCKET, Region: 'ap-guangzhou' })
    )
    expect(again.code).toBe('BucketAlreadyExists')
    // Addressed in another region, the bucket is unknown.
    const elsewhere = await cosRejection(
      storage.putObject({
        Bucket: BUCKET,
        Region: 'ap-shanghai',
        Key: 'a.zip',
        Body: Buffer.from('x')
      })
    )
    expect(elsewhere.code).toBe('NoSuchBucket')
    expect(elsewhere.statusCode).toBe(404)
    expect(elsewhere.error?.RequestId).toBeTruthy()
    expect(elsewhere.headers?.['x-cos-request-id']).toBe(
      elsewhere.error?.RequestId
    )
    const foreign = await cosRejection(
      storage.putBucket({ Bucket: 'theirs-1300000000', Region: 'ap-guangzhou' })
    )
    expect(foreign.code).toBe('AccessDenied')
  })

  it('puts, heads, gets and deletes objects; If-None-Match: * guards a key', async () => {
    await bucket(BUCKET, 'ap-guangzhou')
    const storage = cos()
    const body = randomBytes(1000)
    const loc = {
      Bucket: BUCKET,
      Region: 'ap-guangzhou',
      Key: 'publish-layer/x/a.zip'
    }
    const put = await storage.putObject({ ...loc, Body: body })
    expect(put.ETag).toBe(`"${createHash('md5').update(body).digest('hex')}"`)
    const head = await storage.headObject(loc)
    expect(head.headers?.['content-length']).toBe('1000')
    const got = await storage.getObject(loc)
    expect(Buffer.compare(got.Body as Buffer, body)).toBe(0)
    const guarded = await cosRejection(
      storage.putObject({
        ...loc,
        Body: body,
        Headers: { 'If-None-Match': '*' }
      })
    )
    expect(guarded.statusCode).toBe(412)
    await storage.deleteObject(loc)
    const missing = await cosRejection(storage.headObject(loc))
    expect(missing.statusCode).toBe(404)
  })

  it('takes a 3 MiB uploadFile as multipart in 1 MiB parts', async () => {
    await bucket(BUCKET, 'ap-guangzhou')
    const dir = mkdtempSync(join(tmpdir(), 'cos-up-'))
    try {
      const file = join(dir, 'layer.zip')
      const data = randomBytes(3 * 1024 * 1024 + 123)
      writeFileSync(file, data)
      const storage = cos()
      const progress: number[] = []
      const result = await storage.uploadFile({
        Bucket: BUCKET,
        Region: 'ap-guangzhou',
        Key: 'publish-layer/big/layer.zip',
        FilePath: file,
        SliceSize: 1024 * 1024,
        ChunkSize: 1024 * 1024,
        onProgress: (p) => progress.push(p.loaded)
      })
      expect(result.statusCode).toBe(200)
      expect(result.ETag).toMatch(/-4"$/)
      const got = await storage.getObject({
        Bucket: BUCKET,
        Region: 'ap-guangzhou',
        Key: 'publish-layer/big/layer.zip'
      })
      expect(sha(got.Body as Buffer)).toBe(sha(data))
      const ops = (await calls()).map((x) => x.operation)
      expect(ops.filter((o) => o === 'UploadPart')).toHaveLength(4)
      expect(ops).toContain('ListMultipartUploads')
      expect(ops).toContain('InitiateMultipartUpload')
      expect(ops).toContain('CompleteMultipartUpload')
      const state = (await control('state')) as {
        buckets: Array<{ name: string; uploads: unknown[] }>
      }
      expect(state.buckets.find((b) => b.name === BUCKET)?.uploads).toEqual([])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('lists and aborts multipart uploads and checks parts on complete', async () => {
    await bucket(BUCKET, 'ap-guangzhou')
    const storage = cos()
    const loc = { Bucket: BUCKET, Region: 'ap-guangzhou', Key: 'k/a.zip' }
    const init = await storage.multipartInit(loc)
    const uploadId = init.UploadId
    const small = await storage.multipartUpload({
      ...loc,
      UploadId: uploadId,
      PartNumber: 1,
      Body: Buffer.alloc(1000)
    })
    await storage.multipartUpload({
      ...loc,
      UploadId: uploadId,
      PartNumber: 2,
      Body: Buffer.alloc(1000)
    })
    const listed = await storage.multipartList({
      Bucket: BUCKET,
      Region: 'ap-guangzhou',
      Prefix: 'k/'
    } as COS.MultipartListParams)
    expect(listed.Upload).toMatchObject([
      { Key: 'k/a.zip', UploadId: uploadId }
    ])
    const parts = await storage.multipartListPart({
      ...loc,
      UploadId: uploadId
    })
    expect(parts.Part.map((p) => p.PartNumber)).toEqual(['1', '2'])
    const tooSmall = await cosRejection(
      storage.multipartComplete({
        ...loc,
        UploadId: uploadId,
        Parts: [
          { PartNumber: 1, ETag: small.ETag },
          { PartNumber: 2, ETag: small.ETag }
        ]
      })
    )
    expect(tooSmall.code).toBe('EntityTooSmall')
    const badPart = await cosRejection(
      storage.multipartComplete({
        ...loc,
        UploadId: uploadId,
        Parts: [{ PartNumber: 3, ETag: small.ETag }]
      })
    )
    expect(badPart.code).toBe('InvalidPart')
    await storage.multipartAbort({ ...loc, UploadId: uploadId })
    const after = await storage.multipartList({
      Bucket: BUCKET,
      Region: 'ap-guangzhou',
      Prefix: 'k/'
    } as COS.MultipartListParams)
    expect(after.Upload ?? []).toEqual([])
    const gone = await cosRejection(
      storage.multipartAbort({ ...loc, UploadId: uploadId })
    )
    expect(gone.code).toBe('NoSuchUpload')
  })

  it('rejects a wrong key and an unknown id', async () => {
    await bucket(BUCKET, 'ap-guangzhou')
    const loc = {
      Bucket: BUCKET,
      Region: 'ap-guangzhou',
      Key: 'a.zip',
      Body: Buffer.from('x')
    }
    const wrong = await cosRejection(cos({ SecretKey: 'nope' }).putObject(loc))
    expect(wrong.code).toBe('SignatureDoesNotMatch')
    expect(wrong.statusCode).toBe(403)
    const unknown = await cosRejection(
      cos({ SecretId: 'AKIDother' }).putObject(loc)
    )
    expect(unknown.code).toBe('InvalidAccessKeyId')
  })

  it('accepts the path-style Domain template too', async () => {
    await bucket(BUCKET, 'ap-guangzhou')
    const storage = new COS({
      SecretId: t.secretId,
      SecretKey: t.secretKey,
      Protocol: 'http:',
      Domain: `${t.storageEndpoint}/{Region}/{Bucket}`
    })
    const loc = { Bucket: BUCKET, Region: 'ap-guangzhou', Key: 'p/a b.zip' }
    await storage.putObject({ ...loc, Body: Buffer.from('hello') })
    const head = await storage.headObject(loc)
    expect(head.statusCode).toBe(200)
    const log = await calls()
    expect(log.at(-1)).toMatchObject({
      service: 'cos',
      operation: 'HeadObject',
      region: 'ap-guangzhou',
      path: '/ap-guangzhou/layers-1250000000/p/a%20b.zip'
    })
  })

  it('answers faults like COS: SlowDown 503 (the SDK retries it), reset', async () => {
    await bucket(BUCKET, 'ap-guangzhou')
    const storage = cos()
    const loc = { Bucket: BUCKET, Region: 'ap-guangzhou', Key: 'a.zip' }
    await fault({
      service: 'cos',
      operation: 'PutObject',
      kind: 'throttle',
      times: 1
    })
    await storage.putObject({ ...loc, Body: Buffer.from('x') })
    await fault({ service: 'cos', operation: 'HeadObject', kind: 'error500' })
    const e = await cosRejection(storage.headObject(loc))
    expect(e.statusCode).toBe(500)
    await control('faults', 'DELETE')
    const log = (await calls()).map((x) => [
      x.operation,
      x.status,
      x.fault ?? null
    ])
    expect(log.slice(0, 2)).toEqual([
      ['PutObject', 503, 'throttle'],
      ['PutObject', 200, null]
    ])
    // The SDK itself tries a 5xx four times.
    expect(log.filter((x) => x[0] === 'HeadObject')).toHaveLength(4)
  })
})
