/**
 * The Tencent adapter with injected fakes for SCF and COS and a fake clock:
 * request shapes, polling, retries, error mapping, multipart and abort.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { ProviderError } from '../src/errors.js'
import type { Logger } from '../src/log.js'
import {
  cosBucketName,
  cosEndpointOptions,
  type CosApi,
  isRetryableTencentError,
  scfEndpoint,
  type ScfApi,
  TencentLayerProvider,
  type TencentProviderConfig,
  toProviderError
} from '../src/providers/tencent/index.js'
import type { LayerSettings } from '../src/providers/types.js'

const SHA = 'ab'.repeat(32)
const config: TencentProviderConfig = {
  region: 'ap-guangzhou',
  secretId: 'AKIDunit-secret-id',
  secretKey: 'unit-secret-key-value',
  sessionToken: 'unit-session-token',
  maxAttempts: 3,
  waitTimeoutSeconds: 30
}
const settings: LayerSettings = {
  layerName: 'deps',
  compatibleRuntimes: ['Nodejs18.15', 'Nodejs16.13'],
  compatibleArchitectures: [],
  description: 'my deps',
  licenseInfo: '',
  tags: { team: 'infra', env: 'prod' }
}

/** An SDK exception as tencentcloud-sdk-nodejs-common throws it. */
function sdkError(
  code: string | undefined,
  message: string,
  extra: Record<string, unknown> = {}
): Error {
  return Object.assign(new Error(message), {
    requestId: 'req-1',
    traceId: 't',
    ...(code !== undefined && { code }),
    ...extra
  })
}

class FakeClock {
  t = 0
  sleeps: number[] = []
  now = () => this.t
  sleep = async (ms: number) => {
    this.sleeps.push(ms)
    this.t += ms
  }
}

type Step<T> = T | Error
class FakeScf {
  requests: Array<{ action: string; req: unknown }> = []
  publish: Array<Step<{ LayerVersion?: number; RequestId?: string }>> = []
  get: Array<Step<Record<string, unknown>>> = []
  list: Array<Step<Record<string, unknown>>> = []
  del: Array<Step<Record<string, unknown>>> = []
  private take<T>(queue: Array<Step<T>>, action: string): Promise<T> {
    const next = queue.length > 1 ? queue.shift() : queue[0]
    if (next === undefined) throw new Error(`no fake answer for ${action}`)
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next)
  }
  api(): ScfApi {
    const rec =
      (action: string, queue: () => Array<Step<never>>) =>
      async (req: unknown) => {
        this.requests.push({ action, req })
        return this.take(queue(), action)
      }
    return {
      PublishLayerVersion: rec('Publish', () => this.publish as never),
      GetLayerVersion: rec('Get', () => this.get as never),
      ListLayerVersions: rec('List', () => this.list as never),
      DeleteLayerVersion: rec('Delete', () => this.del as never)
    } as unknown as ScfApi
  }
}

const active = (extra: Record<string, unknown> = {}) => ({
  LayerVersion: 7,
  LayerName: 'deps',
  Status: 'Active',
  CodeSha256: SHA,
  CompatibleRuntimes: ['Nodejs18.15', 'Nodejs16.13'],
  Description: 'my deps',
  LicenseInfo: '',
  AddTime: '2026-11-23 10:00:00',
  RequestId: 'get-1',
  ...extra
})

function recorder(): Logger & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    info: (m) => lines.push(`info ${m}`),
    warning: (m) => lines.push(`warning ${m}`),
    debug: (m) => lines.push(`debug ${m}`)
  }
}

function make(
  scf: FakeScf,
  cos: Partial<CosApi> = {},
  clock = new FakeClock(),
  log: Logger = recorder()
) {
  const provider = new TencentLayerProvider(
    scf.api(),
    cos as CosApi,
    config,
    log,
    clock
  )
  return { provider, clock }
}

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  try {
    await p
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError)
    return error as ProviderError
  }
  throw new Error('expected a failure')
}

describe('publishLayer', () => {
  it('sends an inline zip as base64 with tags, then polls until Active', async () => {
    const scf = new FakeScf()
    scf.publish = [{ LayerVersion: 7, RequestId: 'p-1' }]
    scf.get = [
      active({ Status: 'Publishing' }),
      active({ Status: 'Publishing' }),
      active()
    ]
    const { provider, clock } = make(scf)
    const zip = Buffer.from('PK\u0003\u0004 fake zip bytes')
    const v = await provider.publishLayer(
      settings,
      { kind: 'inline', zip },
      SHA.toUpperCase()
    )
    expect(scf.requests[0]).toEqual({
      action: 'Publish',
      req: {
        LayerName: 'deps',
        CompatibleRuntimes: ['Nodejs18.15', 'Nodejs16.13'],
        Content: { ZipFile: zip.toString('base64') },
        Description: 'my deps',
        Tags: [
          { Key: 'team', Value: 'infra' },
          { Key: 'env', Value: 'prod' }
        ]
      }
    })
    expect(scf.requests.slice(1).map((r) => r.req)).toEqual([
      { LayerName: 'deps', LayerVersion: 7 },
      { LayerName: 'deps', LayerVersion: 7 },
      { LayerName: 'deps', LayerVersion: 7 }
    ])
    expect(clock.sleeps).toEqual([1000, 1500])
    expect(v).toEqual({
      version: 7,
      codeSha256: SHA,
      sha256Hex: SHA,
      compatibleRuntimes: ['Nodejs18.15', 'Nodejs16.13'],
      compatibleArchitectures: [],
      description: 'my deps',
      licenseInfo: '',
      createdDate: '2026-11-23T10:00:00+08:00',
      status: 'Active'
    })
    expect(v.layerArn).toBeUndefined()
    expect(v.layerVersionArn).toBeUndefined()
  })

  it('names a COS archive as SCF wants it: no -appid, leading /, region', async () => {
    const scf = new FakeScf()
    scf.publish = [{ LayerVersion: 7 }]
    scf.get = [active()]
    const { provider } = make(scf)
    await provider.publishLayer(
      { ...settings, tags: {}, description: '', licenseInfo: 'MIT' },
      {
        kind: 'object',
        location: {
          bucket: 'my-layers-1250000000',
          key: 'publish-layer/deps/abc.zip',
          region: 'ap-guangzhou'
        }
      },
      SHA
    )
    expect(scf.requests[0]?.req).toEqual({
      LayerName: 'deps',
      CompatibleRuntimes: ['Nodejs18.15', 'Nodejs16.13'],
      Content: {
        CosBucketName: 'my-layers',
        CosObjectName: '/publish-layer/deps/abc.zip',
        CosBucketRegion: 'ap-guangzhou'
      },
      LicenseInfo: 'MIT'
    })
  })

  it('fails with the status when the version ends PublishFailed', async () => {
    const scf = new FakeScf()
    scf.publish = [{ LayerVersion: 7 }]
    scf.get = [
      active({ Status: 'Publishing' }),
      active({ Status: 'PublishFailed' })
    ]
    const { provider } = make(scf)
    const e = await failure(
      provider.publishLayer(
        settings,
        { kind: 'inline', zip: Buffer.from('x') },
        SHA
      )
    )
    expect(e.code).toBe('PublishFailed')
    expect(e.message).toMatch(/PublishFailed/)
    expect(e.message).toMatch(/ap-guangzhou/)
    expect(e.retryable).toBe(false)
  })

  it('gives up after wait-timeout with the fake clock', async () => {
    const scf = new FakeScf()
    scf.publish = [{ LayerVersion: 7 }]
    scf.get = [active({ Status: 'Publishing' })]
    const { provider, clock } = make(scf)
    const e = await failure(
      provider.publishLayer(
        settings,
        { kind: 'inline', zip: Buffer.from('x') },
        SHA
      )
    )
    expect(e.code).toBe('WaitTimeout')
    expect(e.message).toMatch(/wait-timeout/)
    expect(e.message).toMatch(/30 s/)
    expect(clock.t).toBe(30_000)
    // Backoff grows to 5 s and the last wait is cut to the deadline.
    expect(Math.max(...clock.sleeps)).toBe(5000)
  })

  it('retries a throttled publish, then succeeds', async () => {
    const scf = new FakeScf()
    scf.publish = [
      sdkError(
        'RequestLimitExceeded',
        'Your current request times equals to `21`'
      ),
      { LayerVersion: 7 }
    ]
    scf.get = [active()]
    const log = recorder()
    const { provider } = make(scf, {}, new FakeClock(), log)
    const v = await provider.publishLayer(
      settings,
      { kind: 'inline', zip: Buffer.from('x') },
      SHA
    )
    expect(v.version).toBe(7)
    expect(scf.requests.filter((r) => r.action === 'Publish')).toHaveLength(2)
    expect(log.lines.some((l) => /attempt 1 of 3 failed/.test(l))).toBe(true)
  })

  it('leaves network errors on publish to the caller, marked retryable', async () => {
    const scf = new FakeScf()
    scf.publish = [
      sdkError(
        undefined,
        'request to http://x/ failed, reason: socket hang up',
        {
          requestId: ''
        }
      )
    ]
    const { provider } = make(scf)
    const e = await failure(
      provider.publishLayer(
        settings,
        { kind: 'inline', zip: Buffer.from('x') },
        SHA
      )
    )
    expect(scf.requests).toHaveLength(1)
    expect(e.retryable).toBe(true)
    expect(e.operation).toBe('scf:PublishLayerVersion')
  })

  it('does not mark exhausted throttling retryable again', async () => {
    const scf = new FakeScf()
    scf.publish = [sdkError('RequestLimitExceeded', 'slow down')]
    const { provider } = make(scf)
    const e = await failure(
      provider.publishLayer(
        settings,
        { kind: 'inline', zip: Buffer.from('x') },
        SHA
      )
    )
    expect(scf.requests).toHaveLength(3)
    expect(e.retryable).toBe(false)
    expect(e.message).toMatch(/throttled by SCF after 3 attempts/)
  })

  it('passes a non-retryable error through with code and request id', async () => {
    const scf = new FakeScf()
    scf.publish = [
      sdkError('UnauthorizedOperation.CAM', 'CAM鉴权失败', {
        requestId: 'req-9'
      })
    ]
    const { provider } = make(scf)
    const e = await failure(
      provider.publishLayer(
        settings,
        { kind: 'inline', zip: Buffer.from('x') },
        SHA
      )
    )
    expect(scf.requests).toHaveLength(1)
    expect(e).toMatchObject({
      provider: 'tencent',
      operation: 'scf:PublishLayerVersion',
      region: 'ap-guangzhou',
      code: 'UnauthorizedOperation.CAM',
      requestId: 'req-9',
      retryable: false
    })
    expect(e.message).toContain('name/scf:PublishLayerVersion')
    expect(e.message).toContain('(request id req-9)')
  })

  it('explains the 200-version cap and points at keep-versions', async () => {
    const scf = new FakeScf()
    scf.publish = [
      sdkError('LimitExceeded.LayerVersions', 'layer版本数量超出最大限制')
    ]
    const { provider } = make(scf)
    const e = await failure(
      provider.publishLayer(
        settings,
        { kind: 'inline', zip: Buffer.from('x') },
        SHA
      )
    )
    expect(e.code).toBe('LimitExceeded.LayerVersions')
    expect(e.message).toMatch(/200/)
    expect(e.message).toMatch(/keep-versions/)
  })

  it('refuses a version whose CodeSha256 is not the archive', async () => {
    const scf = new FakeScf()
    scf.publish = [{ LayerVersion: 7 }]
    scf.get = [active({ CodeSha256: 'cd'.repeat(32) })]
    const { provider } = make(scf)
    const e = await failure(
      provider.publishLayer(
        settings,
        { kind: 'inline', zip: Buffer.from('x') },
        SHA
      )
    )
    expect(e.code).toBe('CodeSha256Mismatch')
    expect(e.message).toContain(SHA)
  })

  it('does not offer a retry when the status of a published version is unreadable', async () => {
    const scf = new FakeScf()
    scf.publish = [{ LayerVersion: 7 }]
    scf.get = [sdkError('InternalError', 'oops')]
    const { provider } = make(scf)
    const e = await failure(
      provider.publishLayer(
        settings,
        { kind: 'inline', zip: Buffer.from('x') },
        SHA
      )
    )
    expect(scf.requests.filter((r) => r.action === 'Get')).toHaveLength(3)
    expect(e.retryable).toBe(false)
    expect(e.message).toMatch(/version 7 of deps was published/)
  })
})

describe('list, get and delete', () => {
  it('lists newest first and treats a missing layer as empty', async () => {
    const scf = new FakeScf()
    scf.list = [
      {
        LayerVersions: [
          { LayerVersion: 2, Description: 'b', AddTime: '2026-11-23 10:00:00' },
          { LayerVersion: 5, Description: 'e' },
          { LayerVersion: 3 }
        ]
      }
    ]
    const { provider } = make(scf)
    expect(await provider.listVersions('deps')).toEqual([
      { version: 5, description: 'e' },
      { version: 3, description: '' },
      {
        version: 2,
        description: 'b',
        createdDate: '2026-11-23T10:00:00+08:00'
      }
    ])
    scf.list = [sdkError('ResourceNotFound.Layer', 'layer不存在')]
    expect(await provider.listVersions('deps')).toEqual([])
  })

  it('retries reads on InternalError and 5xx', async () => {
    const scf = new FakeScf()
    scf.get = [
      sdkError('InternalError.System', 'busy'),
      sdkError(undefined, 'Service Unavailable', {
        httpCode: 503,
        requestId: ''
      }),
      active()
    ]
    const { provider } = make(scf)
    expect((await provider.getVersion('deps', 7)).version).toBe(7)
    expect(scf.requests).toHaveLength(3)
  })

  it('deletes, and counts an already deleted version as done', async () => {
    const scf = new FakeScf()
    scf.del = [{}]
    const { provider } = make(scf)
    await provider.deleteVersion('deps', 3)
    expect(scf.requests[0]?.req).toEqual({ LayerName: 'deps', LayerVersion: 3 })
    scf.del = [sdkError('ResourceNotFound.LayerVersion', 'gone')]
    await provider.deleteVersion('deps', 3)
  })
})

describe('uploadArchive', () => {
  const target = {
    bucket: 'my-layers-1250000000',
    key: 'publish-layer/deps/abc.zip',
    region: 'ap-guangzhou'
  }
  const where = {
    Bucket: 'my-layers-1250000000',
    Region: 'ap-guangzhou',
    Key: 'publish-layer/deps/abc.zip'
  }
  function archive(size: number): { path: string; data: Buffer } {
    const dir = mkdtempSync(join(tmpdir(), 'tc-unit-'))
    const data = Buffer.alloc(size)
    for (let i = 0; i < size; i++) data[i] = (i * 31) % 251
    const path = join(dir, 'a.zip')
    writeFileSync(path, data)
    return { path, data }
  }
  async function read(stream: Readable): Promise<Buffer> {
    const chunks: Buffer[] = []
    for await (const c of stream) chunks.push(c as Buffer)
    return Buffer.concat(chunks)
  }
  const notFound = () =>
    Object.assign(new Error('Not Found'), { code: '404', statusCode: 404 })

  function fakeCos(
    uploadPart?: (n: number, body: Buffer) => Promise<{ ETag: string }>
  ) {
    const log: string[] = []
    const parts = new Map<number, Buffer>()
    const api: CosApi = {
      headObject: async () => {
        log.push('head')
        throw notFound()
      },
      multipartInit: async (p) => {
        log.push(`init ${p.Key}`)
        return { UploadId: 'up-1' }
      },
      multipartUpload: async (p) => {
        const body = await read(p.Body)
        expect(body.length).toBe(p.ContentLength)
        log.push(`part ${p.PartNumber}`)
        if (uploadPart) return uploadPart(p.PartNumber, body)
        parts.set(p.PartNumber, body)
        p.onProgress?.({ loaded: body.length, total: body.length })
        return {
          ETag: `"${createHash('md5').update(body).digest('hex')}"`
        }
      },
      multipartComplete: async (p) => {
        log.push(`complete ${p.Parts.map((x) => x.PartNumber).join(',')}`)
        return {}
      },
      multipartAbort: async (p) => {
        log.push(`abort ${p.UploadId}`)
        return {}
      },
      multipartList: async (p) => {
        log.push(`list ${p.Prefix}`)
        return { Upload: [] }
      },
      deleteObject: async (p) => {
        log.push(`delete ${p.Key}`)
        return {}
      }
    }
    return { api, log, parts }
  }

  it('uploads in parts, reports progress, completes in order', async () => {
    const { path, data } = archive(2500)
    const cos = fakeCos()
    const { provider } = make(new FakeScf(), cos.api)
    provider.partSize = 1000
    const progress: Array<[number, number]> = []
    const out = await provider.uploadArchive(path, target, (l, t) =>
      progress.push([l, t])
    )
    expect(out).toEqual(target)
    expect(cos.log[0]).toBe('head')
    expect(cos.log[1]).toBe(`init ${where.Key}`)
    expect(cos.log.filter((l) => l.startsWith('part'))).toHaveLength(3)
    expect(cos.log.at(-2)).toBe('complete 1,2,3')
    expect(cos.log.at(-1)).toBe(`list ${where.Key}`)
    expect(Buffer.concat([1, 2, 3].map((n) => cos.parts.get(n)!))).toEqual(data)
    expect(progress.at(-1)).toEqual([2500, 2500])
  })

  it('aborts stale uploads of the same key once the object exists', async () => {
    const { path } = archive(10)
    const cos = fakeCos()
    cos.api.multipartList = async () => ({
      Upload: [
        { Key: where.Key, UploadId: 'up-1' },
        { Key: where.Key, UploadId: 'lost-init' },
        { Key: `${where.Key}.other`, UploadId: 'someone-else' }
      ]
    })
    const { provider } = make(new FakeScf(), cos.api)
    await provider.uploadArchive(path, target)
    expect(cos.log.filter((l) => l.startsWith('abort'))).toEqual([
      'abort lost-init'
    ])
  })

  it('sweeps the key again at the end only when an Initiate attempt went unanswered', async () => {
    const { path } = archive(10)
    const fast = fakeCos()
    const quick = make(new FakeScf(), fast.api)
    await quick.provider.uploadArchive(path, target)
    const before = fast.log.length
    await quick.provider.sweepUploads(target)
    expect(fast.log.slice(before)).toEqual([])

    // The SDK gave up on an attempt after the request timeout, then retried.
    const slow = fakeCos()
    const clock = new FakeClock()
    slow.api.multipartInit = async (p) => {
      clock.t += 60_000
      slow.log.push(`init ${p.Key}`)
      return { UploadId: 'up-1' }
    }
    const late = make(new FakeScf(), slow.api, clock)
    await late.provider.uploadArchive(path, target)
    // The lost attempt's upload appears only now.
    slow.api.multipartList = async (p) => {
      slow.log.push(`list ${p.Prefix}`)
      return { Upload: [{ Key: where.Key, UploadId: 'ghost' }] }
    }
    const mark = slow.log.length
    await late.provider.sweepUploads(target)
    expect(slow.log.slice(mark)).toEqual([`list ${where.Key}`, 'abort ghost'])
  })

  it('succeeds when another run completed the same key meanwhile', async () => {
    const { path } = archive(10)
    let heads = 0
    const cos = fakeCos(async () => {
      throw Object.assign(new Error('The specified upload does not exist.'), {
        code: 'NoSuchUpload',
        statusCode: 404,
        error: { Code: 'NoSuchUpload', RequestId: 'r' }
      })
    })
    cos.api.headObject = async () => {
      heads++
      if (heads === 1) throw notFound()
      return { statusCode: 200 }
    }
    const { provider } = make(new FakeScf(), cos.api)
    await provider.uploadArchive(path, target)
    expect(cos.log.filter((l) => l.startsWith('abort'))).toEqual([])
  })

  it('uploads again, once, when another run swept our upload and then deleted the object', async () => {
    const { path } = archive(10)
    const cos = fakeCos()
    let completes = 0
    const complete = cos.api.multipartComplete
    cos.api.multipartComplete = async (p) => {
      if (++completes === 1) {
        throw Object.assign(new Error('The specified upload does not exist.'), {
          code: 'NoSuchUpload',
          statusCode: 404,
          error: { Code: 'NoSuchUpload', RequestId: 'r' }
        })
      }
      return complete(p)
    }
    const { provider } = make(new FakeScf(), cos.api)
    await provider.uploadArchive(path, target)
    expect(cos.log.filter((l) => l.startsWith('init'))).toHaveLength(2)
    expect(completes).toBe(2)
  })

  it('skips the upload when the content-addressed key exists', async () => {
    const { path } = archive(10)
    const cos = fakeCos()
    cos.api.headObject = async () => ({ statusCode: 200 })
    const { provider } = make(new FakeScf(), cos.api)
    await provider.uploadArchive(path, target)
    expect(cos.log).toEqual([])
  })

  it('retries a part, and aborts the upload when a part keeps failing', async () => {
    const { path } = archive(2500)
    let calls = 0
    const cos = fakeCos(async (n, body) => {
      calls++
      if (n === 2) {
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
      }
      return { ETag: `"${createHash('md5').update(body).digest('hex')}"` }
    })
    const { provider } = make(new FakeScf(), cos.api)
    provider.partSize = 1000
    const e = await failure(provider.uploadArchive(path, target))
    expect(e.operation).toBe('cos:UploadPart')
    expect(e.retryable).toBe(true)
    expect(cos.log.filter((l) => l === 'part 2')).toHaveLength(3)
    expect(cos.log.at(-1)).toBe('abort up-1')
    expect(cos.log).not.toContain('complete 1,2,3')
    expect(calls).toBeGreaterThanOrEqual(3)
  })

  it('rejects a part whose ETag is not its MD5, then aborts', async () => {
    const { path } = archive(500)
    const cos = fakeCos(async () => ({
      ETag: '"00000000000000000000000000000000"'
    }))
    const { provider } = make(new FakeScf(), cos.api)
    const e = await failure(provider.uploadArchive(path, target))
    expect(e.code).toBe('BadDigest')
    expect(cos.log.at(-1)).toBe('abort up-1')
  })

  it('turns NoSuchBucket into a message naming bucket and region', async () => {
    const { path } = archive(10)
    const cos = fakeCos()
    cos.api.multipartInit = async () => {
      throw Object.assign(new Error('The specified bucket does not exist.'), {
        code: 'NoSuchBucket',
        statusCode: 404,
        error: { Code: 'NoSuchBucket', RequestId: 'cos-req-1' }
      })
    }
    const { provider } = make(new FakeScf(), cos.api)
    const e = await failure(provider.uploadArchive(path, target))
    expect(e).toMatchObject({
      operation: 'cos:InitiateMultipartUpload',
      code: 'NoSuchBucket',
      requestId: 'cos-req-1',
      httpStatus: 404,
      retryable: false
    })
    expect(e.message).toContain("'my-layers-1250000000'")
    expect(e.message).toContain('ap-guangzhou')
  })

  it('deletes the object', async () => {
    const cos = fakeCos()
    const { provider } = make(new FakeScf(), cos.api)
    await provider.deleteObject(target)
    expect(cos.log).toEqual([`delete ${where.Key}`])
  })
})

describe('errors and endpoints', () => {
  it('never lets a secret into a message', () => {
    const scf = new FakeScf()
    scf.get = [
      sdkError(
        'AuthFailure.SignatureFailure',
        `bad signature for ${config.secretKey} / ${config.sessionToken}`
      )
    ]
    const { provider } = make(scf)
    return failure(provider.getVersion('deps', 1)).then((e) => {
      expect(e.message).not.toContain(config.secretKey)
      expect(e.message).not.toContain(config.sessionToken)
      expect(e.message).toMatch(/tencent-secret-key/)
    })
  })

  it('classifies what is worth another attempt', () => {
    expect(isRetryableTencentError(sdkError('RequestLimitExceeded', 'x'))).toBe(
      true
    )
    expect(isRetryableTencentError(sdkError('InternalError.System', 'x'))).toBe(
      true
    )
    expect(
      isRetryableTencentError(
        sdkError(undefined, 'network timeout at: http://x/')
      )
    ).toBe(true)
    expect(
      isRetryableTencentError(sdkError('InvalidParameterValue.LayerName', 'x'))
    ).toBe(false)
    expect(
      isRetryableTencentError({
        code: 'SlowDown',
        statusCode: 503,
        message: 'x'
      })
    ).toBe(true)
    expect(
      isRetryableTencentError({
        code: 'NoSuchKey',
        statusCode: 404,
        message: 'x'
      })
    ).toBe(false)
    const e = toProviderError(
      sdkError('UnauthorizedOperation.CAM', 'denied'),
      'DeleteLayerVersion',
      'ap-shanghai'
    )
    expect(e.message).toContain('name/scf:DeleteLayerVersion')
    expect(e.operation).toBe('scf:DeleteLayerVersion')
  })

  it('turns endpoint overrides into SDK options', () => {
    expect(scfEndpoint('http://127.0.0.1:9000/')).toEqual({
      protocol: 'http://',
      endpoint: '127.0.0.1:9000'
    })
    expect(scfEndpoint('scf.ap-guangzhou.tencentcloudapi.com')).toEqual({
      protocol: 'https://',
      endpoint: 'scf.ap-guangzhou.tencentcloudapi.com'
    })
    expect(cosEndpointOptions('http://127.0.0.1:9001')).toEqual({
      Protocol: 'http:',
      Ip: '127.0.0.1:9001',
      AutoSwitchHost: false
    })
    expect(
      cosEndpointOptions('https://cos-internal.ap-guangzhou.tencentcos.cn')
    ).toEqual({
      Protocol: 'https:',
      Domain: '{Bucket}.cos-internal.ap-guangzhou.tencentcos.cn',
      AutoSwitchHost: false
    })
    expect(
      cosEndpointOptions('http://127.0.0.1:9001/{Region}/{Bucket}')
    ).toEqual({
      Protocol: 'http:',
      Domain: 'http://127.0.0.1:9001/{Region}/{Bucket}',
      AutoSwitchHost: false
    })
    expect(cosBucketName('my-layers-1250000000')).toBe('my-layers')
  })
})
