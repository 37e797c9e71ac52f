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
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand
} from '@aws-sdk/client-s3'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AwsLayerProvider, toProviderError } from '../src/providers/aws.js'
import { ProviderError } from '../src/errors.js'
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
