import { beforeEach, describe, expect, it } from 'vitest'
import { mockClient } from 'aws-sdk-client-mock'
import {
  AddLayerVersionPermissionCommand,
  LambdaClient,
  ListLayerVersionsCommand,
  PublishLayerVersionCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  TooManyRequestsException
} from '@aws-sdk/client-lambda'
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand
} from '@aws-sdk/client-s3'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  AwsLayerProvider,
  toProviderError
} from '../src/providers/aws/index.js'
import { CancelledError, ProviderError } from '../src/errors.js'
import {
  missingProfile,
  profileMiddleware,
  profileNames
} from '../src/providers/aws/profile.js'
import {
  AWS_PUBLISH_ACCEPTED_RUNTIMES,
  runtimeRefusalMessage
} from '../src/checks/aws-runtimes.js'
import { silentLogger } from '../src/log.js'

const lambdaMock = mockClient(LambdaClient)
const s3Mock = mockClient(S3Client)
const SHA_HEX = 'ab'.repeat(32)
const SHA_B64 = Buffer.from(SHA_HEX, 'hex').toString('base64')
const settings = {
  layerName: 'lyr',
  compatibleRuntimes: ['python3.12'],
  compatibleArchitectures: ['arm64'],
  description: 'd',
  licenseInfo: 'MIT',
  tags: {}
}

function provider(): AwsLayerProvider {
  return new AwsLayerProvider(
    'us-east-1',
    new LambdaClient({ region: 'us-east-1' }),
    async () => new S3Client({ region: 'us-east-1' }),
    silentLogger
  )
}

const published = {
  Version: 4,
  LayerArn: 'arn:aws:lambda:us-east-1:123456789012:layer:lyr',
  LayerVersionArn: 'arn:aws:lambda:us-east-1:123456789012:layer:lyr:4',
  Content: { CodeSha256: SHA_B64, CodeSize: 10 },
  CompatibleRuntimes: ['python3.12' as const],
  Description: 'd',
  $metadata: { requestId: 'req-1' }
}

beforeEach(() => {
  lambdaMock.reset()
  s3Mock.reset()
})

describe('AwsLayerProvider.publishLayer', () => {
  it('sends inline bytes as ZipFile with every setting', async () => {
    lambdaMock.on(PublishLayerVersionCommand).resolves(published)
    const v = await provider().publishLayer(
      settings,
      { kind: 'inline', zip: new Uint8Array([1, 2]) },
      SHA_HEX
    )
    const input = lambdaMock.commandCalls(PublishLayerVersionCommand)[0]!
      .args[0].input
    expect(input).toEqual({
      LayerName: 'lyr',
      Content: { ZipFile: new Uint8Array([1, 2]) },
      Description: 'd',
      LicenseInfo: 'MIT',
      CompatibleRuntimes: ['python3.12'],
      CompatibleArchitectures: ['arm64']
    })
    expect(v).toMatchObject({
      version: 4,
      layerVersionArn: published.LayerVersionArn,
      codeSha256: SHA_B64,
      sha256Hex: SHA_HEX
    })
  })
  it('sends S3Bucket/S3Key for an uploaded archive, and omits empty settings', async () => {
    lambdaMock.on(PublishLayerVersionCommand).resolves(published)
    await provider().publishLayer(
      {
        ...settings,
        description: '',
        licenseInfo: '',
        compatibleArchitectures: [],
        compatibleRuntimes: []
      },
      {
        kind: 'object',
        location: { bucket: 'b', key: 'k.zip', region: 'us-east-1' }
      },
      SHA_HEX
    )
    expect(
      lambdaMock.commandCalls(PublishLayerVersionCommand)[0]!.args[0].input
    ).toEqual({
      LayerName: 'lyr',
      Content: { S3Bucket: 'b', S3Key: 'k.zip' }
    })
  })
  it('rejects a CodeSha256 that is not the archive', async () => {
    lambdaMock.on(PublishLayerVersionCommand).resolves({
      ...published,
      Content: { CodeSha256: Buffer.alloc(32).toString('base64') }
    })
    await expect(
      provider().publishLayer(
        settings,
        { kind: 'inline', zip: new Uint8Array([1]) },
        SHA_HEX
      )
    ).rejects.toThrow(/CodeSha256Mismatch.*not the archive that was built/)
  })
  it('maps throttling to a ProviderError with code, region and request id', async () => {
    lambdaMock.on(PublishLayerVersionCommand).rejects(
      new TooManyRequestsException({
        message: 'Rate exceeded',
        $metadata: { httpStatusCode: 429, requestId: 'req-9', attempts: 5 }
      })
    )
    const err = await provider()
      .publishLayer(
        settings,
        { kind: 'inline', zip: new Uint8Array([1]) },
        SHA_HEX
      )
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ProviderError)
    expect((err as ProviderError).message).toBe(
      "lambda:PublishLayerVersion failed in us-east-1: TooManyRequestsException: throttled by AWS after 5 attempts; raise 'max-attempts' or publish to fewer regions at once. Rate exceeded (request id req-9)"
    )
    expect((err as ProviderError).retryable).toBe(true)
  })
})

describe('AwsLayerProvider reads', () => {
  it('lists every page, newest first; a missing layer is an empty list', async () => {
    lambdaMock
      .on(ListLayerVersionsCommand)
      .resolvesOnce({
        LayerVersions: [{ Version: 1 }, { Version: 3 }],
        NextMarker: 'm'
      })
      .resolvesOnce({ LayerVersions: [{ Version: 2, Description: 'two' }] })
    expect(
      (await provider().listVersions('lyr')).map((v) => v.version)
    ).toEqual([3, 2, 1])
    lambdaMock.reset()
    lambdaMock
      .on(ListLayerVersionsCommand)
      .rejects(
        new ResourceNotFoundException({ message: 'nope', $metadata: {} })
      )
    expect(await provider().listVersions('lyr')).toEqual([])
  })
  it('treats an existing permission statement as already shared', async () => {
    lambdaMock
      .on(AddLayerVersionPermissionCommand)
      .rejects(
        new ResourceConflictException({ message: 'exists', $metadata: {} })
      )
    expect(
      await provider().addPermission(
        'lyr',
        1,
        'publish-layer-123456789012',
        '123456789012'
      )
    ).toBe(false)
  })
})

describe('AwsLayerProvider.uploadArchive', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pl-aws-'))
  const file = join(dir, 'big.zip')
  writeFileSync(file, Buffer.alloc(12 * 1024 * 1024, 1))
  const target = {
    bucket: 'b',
    key: 'publish-layer/lyr/x.zip',
    region: 'us-east-1'
  }
  const notFound = new S3ServiceException({
    name: 'NotFound',
    $fault: 'client',
    $metadata: { httpStatusCode: 404 }
  })

  it('uploads in 8 MiB parts when the object is not there', async () => {
    s3Mock.on(HeadObjectCommand).rejects(notFound)
    s3Mock.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u1' })
    s3Mock.on(UploadPartCommand).resolves({ ETag: '"e"' })
    s3Mock.on(CompleteMultipartUploadCommand).resolves({})
    const progress: number[] = []
    await provider().uploadArchive(file, target, (loaded) =>
      progress.push(loaded)
    )
    expect(s3Mock.commandCalls(UploadPartCommand)).toHaveLength(2)
    expect(
      s3Mock.commandCalls(CreateMultipartUploadCommand)[0]!.args[0].input
    ).toMatchObject({
      Bucket: 'b',
      Key: target.key,
      ContentType: 'application/zip'
    })
    expect(progress.at(-1)).toBe(12 * 1024 * 1024)
  })
  it('skips the upload when the content-addressed object exists', async () => {
    s3Mock.on(HeadObjectCommand).resolves({ ContentLength: 1 })
    await provider().uploadArchive(file, target)
    expect(s3Mock.commandCalls(CreateMultipartUploadCommand)).toHaveLength(0)
  })
  it('explains a missing bucket', async () => {
    s3Mock.on(HeadObjectCommand).rejects(
      new S3ServiceException({
        name: 'NoSuchBucket',
        $fault: 'client',
        $metadata: { httpStatusCode: 404, requestId: 'r3' }
      })
    )
    s3Mock.on(CreateMultipartUploadCommand).rejects(
      new S3ServiceException({
        name: 'NoSuchBucket',
        $fault: 'client',
        $metadata: { httpStatusCode: 404, requestId: 'r3' }
      })
    )
    await expect(provider().uploadArchive(file, target)).rejects.toThrow(
      /bucket 'b' does not exist\. Create it in us-east-1/
    )
  })
})

describe('toProviderError hints', () => {
  it.each([
    [
      {
        name: 'AccessDeniedException',
        message: 'not authorized',
        $metadata: { httpStatusCode: 403 }
      },
      'PublishLayerVersion',
      /need lambda:PublishLayerVersion/
    ],
    [
      {
        name: 'AccessDenied',
        message: 'Access Denied',
        $metadata: { httpStatusCode: 403 }
      },
      'Upload',
      /need s3:PutObject on this bucket/
    ],
    [
      {
        name: 'CredentialsProviderError',
        message: 'Could not load credentials from any providers'
      },
      'ListLayerVersions',
      /no AWS credentials were found.*configure-aws-credentials/
    ],
    [
      {
        name: 'InvalidParameterValueException',
        message:
          'Error occurred while GetObject. S3 Error Code: PermanentRedirect. S3 Error Message: The bucket is in this region: eu-west-1.',
        $metadata: { httpStatusCode: 400 }
      },
      'PublishLayerVersion',
      /is in eu-west-1, not us-east-1/
    ],
    [
      {
        name: 'CodeStorageExceededException',
        message: 'full',
        $metadata: { httpStatusCode: 400 }
      },
      'PublishLayerVersion',
      /keep-versions/
    ]
  ])('%#', (error, op, expected) => {
    expect(
      toProviderError(error, op, 'us-east-1', { bucket: 'b' }).message
    ).toMatch(expected)
  })
})

describe('PublishLayerVersion refusing runtimes', () => {
  it('names compatible-runtimes and the refused values, not retryable', async () => {
    const given = ['python3.12', 'python3.99']
    lambdaMock.on(PublishLayerVersionCommand).rejects(
      Object.assign(
        new Error(runtimeRefusalMessage(given, AWS_PUBLISH_ACCEPTED_RUNTIMES)),
        {
          name: 'ValidationException',
          $fault: 'client',
          $metadata: { httpStatusCode: 400, requestId: 'req-v' }
        }
      )
    )
    const err = await provider()
      .publishLayer(
        { ...settings, compatibleRuntimes: given },
        { kind: 'inline', zip: new Uint8Array([1]) },
        SHA_HEX
      )
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ProviderError)
    const e = err as ProviderError
    expect(e.retryable).toBe(false)
    expect(e.code).toBe('ValidationException')
    expect(e.message).toMatch(
      /^lambda:PublishLayerVersion failed in us-east-1: ValidationException: Input 'compatible-runtimes': 'python3\.99' is not accepted by Lambda in us-east-1, which accepts nodejs20\.x, /
    )
    expect(e.message).not.toContain("'python3.12'")
    expect(lambdaMock.commandCalls(PublishLayerVersionCommand)).toHaveLength(1)
  })

  it('leaves other validation errors to the table', async () => {
    lambdaMock.on(PublishLayerVersionCommand).rejects(
      Object.assign(new Error('Layer name too long'), {
        name: 'ValidationException',
        $metadata: { httpStatusCode: 400 }
      })
    )
    await expect(
      provider().publishLayer(
        settings,
        { kind: 'inline', zip: new Uint8Array([1]) },
        SHA_HEX
      )
    ).rejects.toThrow(/ValidationException: Layer name too long$/)
  })
})

describe('open multipart uploads of the key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pl-aws-stale-'))
  const file = join(dir, 'big.zip')
  writeFileSync(file, Buffer.alloc(12 * 1024 * 1024, 2))
  const target = { bucket: 'b', key: 'publish-layer/lyr/y.zip', region: 'r' }
  const aborted = () =>
    s3Mock
      .commandCalls(AbortMultipartUploadCommand)
      .map((c) => c.args[0].input.UploadId)

  it('aborts a dead run’s upload of the same key when the object is there', async () => {
    s3Mock.on(HeadObjectCommand).resolves({ ContentLength: 1 })
    s3Mock.on(ListMultipartUploadsCommand).resolves({
      Uploads: [
        { Key: target.key, UploadId: 'stale' },
        { Key: `${target.key}.other`, UploadId: 'not-this-key' }
      ]
    })
    s3Mock.on(AbortMultipartUploadCommand).resolves({})
    await provider().uploadArchive(file, target)
    expect(
      s3Mock.commandCalls(ListMultipartUploadsCommand)[0]!.args[0].input
    ).toEqual({ Bucket: 'b', Prefix: target.key })
    expect(aborted()).toEqual(['stale'])
    expect(s3Mock.commandCalls(CreateMultipartUploadCommand)).toHaveLength(0)
  })

  it('aborts every other upload of the key once its own completes', async () => {
    s3Mock.on(HeadObjectCommand).rejects(
      new S3ServiceException({
        name: 'NotFound',
        $fault: 'client',
        $metadata: { httpStatusCode: 404 }
      })
    )
    s3Mock.on(CreateMultipartUploadCommand).resolves({ UploadId: 'mine' })
    s3Mock.on(UploadPartCommand).resolves({ ETag: '"e"' })
    s3Mock.on(CompleteMultipartUploadCommand).resolves({})
    s3Mock.on(ListMultipartUploadsCommand).resolves({
      Uploads: [
        { Key: target.key, UploadId: 'mine' },
        { Key: target.key, UploadId: 'stale' }
      ]
    })
    s3Mock.on(AbortMultipartUploadCommand).resolves({})
    await provider().uploadArchive(file, target)
    expect(aborted()).toEqual(['stale'])
  })
})

describe('cancelling an upload', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pl-aws-cancel-'))
  const file = join(dir, 'big.zip')
  writeFileSync(file, Buffer.alloc(20 * 1024 * 1024, 3))
  const target = { bucket: 'b', key: 'publish-layer/lyr/z.zip', region: 'r' }
  const notFound = new S3ServiceException({
    name: 'NotFound',
    $fault: 'client',
    $metadata: { httpStatusCode: 404 }
  })

  it('aborts the multipart upload and rejects with the cancellation', async () => {
    const controller = new AbortController()
    s3Mock.on(HeadObjectCommand).rejects(notFound)
    s3Mock.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u1' })
    let partStarted: () => void = () => {}
    const started = new Promise<void>((resolve) => (partStarted = resolve))
    // Parts never answer: only the cancellation can end the upload.
    s3Mock.on(UploadPartCommand).callsFake(() => {
      partStarted()
      return new Promise(() => {})
    })
    s3Mock.on(AbortMultipartUploadCommand).resolves({})
    const upload = provider()
      .uploadArchive(file, target, undefined, controller.signal)
      .catch((e: unknown) => e)
    await started
    controller.abort(new CancelledError('SIGINT'))
    const err = await upload
    expect(err).toBeInstanceOf(CancelledError)
    expect((err as CancelledError).signal).toBe('SIGINT')
    expect(
      s3Mock.commandCalls(AbortMultipartUploadCommand)[0]!.args[0].input
    ).toEqual({ Bucket: 'b', Key: target.key, UploadId: 'u1' })
    expect(s3Mock.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0)
    // Parts in flight are tied to the signal, so they end with the cancel.
    const partCall = s3Mock.commandCalls(UploadPartCommand)[0]!
    const partOptions = (partCall.args as unknown[])[1]
    expect(partOptions).toMatchObject({ abortSignal: controller.signal })
  })

  it('aborts an upload whose CreateMultipartUpload answers after the cancel', async () => {
    const controller = new AbortController()
    s3Mock.on(HeadObjectCommand).rejects(notFound)
    let createStarted: () => void = () => {}
    const started = new Promise<void>((resolve) => (createStarted = resolve))
    let answer: () => void = () => {}
    s3Mock.on(CreateMultipartUploadCommand).callsFake(() => {
      createStarted()
      return new Promise((resolve) => {
        answer = () => resolve({ UploadId: 'late' })
      })
    })
    s3Mock.on(AbortMultipartUploadCommand).resolves({})
    const upload = provider()
      .uploadArchive(file, target, undefined, controller.signal)
      .catch((e: unknown) => e)
    await started
    controller.abort(new CancelledError('SIGTERM'))
    answer()
    expect(await upload).toBeInstanceOf(CancelledError)
    expect(
      s3Mock
        .commandCalls(AbortMultipartUploadCommand)
        .map((c) => c.args[0].input.UploadId)
    ).toContain('late')
    expect(s3Mock.commandCalls(UploadPartCommand)).toHaveLength(0)
  })

  it('starts nothing when already cancelled', async () => {
    const controller = new AbortController()
    controller.abort(new CancelledError('SIGINT'))
    await expect(
      provider().uploadArchive(file, target, undefined, controller.signal)
    ).rejects.toBeInstanceOf(CancelledError)
    expect(s3Mock.calls()).toHaveLength(0)
  })
})

describe('AWS_PROFILE naming a missing profile', () => {
  const files: Record<string, string> = {
    '/h/.aws/config':
      '[default]\nregion=x\n[profile dev]\nregion=y\n[sso-session s]\n',
    '/h/.aws/credentials': '[ci]\naws_access_key_id=A\n'
  }
  const read = (path: string) => {
    const text = files[path]
    if (text === undefined) throw new Error(`ENOENT ${path}`)
    return text
  }

  it('reads profile names as the shared files define them', () => {
    expect([...profileNames(files['/h/.aws/config']!, true)]).toEqual([
      'default',
      'dev'
    ])
    expect([...profileNames(files['/h/.aws/credentials']!, false)]).toEqual([
      'ci'
    ])
  })

  it('names the profile only when neither file defines it', () => {
    expect(missingProfile({}, read, '/h')).toBeUndefined()
    expect(missingProfile({ AWS_PROFILE: 'dev' }, read, '/h')).toBeUndefined()
    expect(missingProfile({ AWS_PROFILE: 'ci' }, read, '/h')).toBeUndefined()
    expect(missingProfile({ AWS_PROFILE: 's' }, read, '/h')).toEqual({
      profile: 's',
      files: ['/h/.aws/config', '/h/.aws/credentials']
    })
    expect(
      missingProfile(
        { AWS_PROFILE: 'dev', AWS_CONFIG_FILE: '/elsewhere' },
        read,
        '/h'
      )?.profile
    ).toBe('dev')
  })

  it('the credentials failure names it', async () => {
    const next = async (): Promise<never> => {
      throw Object.assign(
        new Error('Could not load credentials from any providers'),
        { name: 'CredentialsProviderError' }
      )
    }
    const handler = profileMiddleware(() =>
      missingProfile({ AWS_PROFILE: 'typo' }, read, '/h')
    )(next)
    const error = await handler({}).catch((e: unknown) => e)
    expect(toProviderError(error, 'ListLayerVersions', 'r').message).toBe(
      "lambda:ListLayerVersions failed in r: CredentialsProviderError: AWS_PROFILE names the profile 'typo', which neither /h/.aws/config nor /h/.aws/credentials defines. Fix AWS_PROFILE, or unset it and configure credentials before this step (see README, Credentials)."
    )
  })
})
