/**
 * The AWS emulator driven by the real SDK v3 clients (default checksum
 * settings; `forcePathStyle` for S3), the way the action talks to AWS.
 */
import { createHash, randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import { crc32, createDeflateRaw } from 'node:zlib'
import AdmZip from 'adm-zip'
import {
  AddLayerVersionPermissionCommand,
  DeleteLayerVersionCommand,
  GetLayerVersionByArnCommand,
  GetLayerVersionCommand,
  GetLayerVersionPolicyCommand,
  LambdaClient,
  ListLayersCommand,
  ListLayerVersionsCommand,
  PublishLayerVersionCommand,
  RemoveLayerVersionPermissionCommand
} from '@aws-sdk/client-lambda'
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand
} from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startEmulators, type RunningEmulators } from '../index.js'
import type { CallRecord } from '../core.js'

let em: RunningEmulators
let endpoint: string
let credentials: { accessKeyId: string; secretAccessKey: string }

function lambda(
  region = 'us-east-1',
  extra: Partial<ConstructorParameters<typeof LambdaClient>[0]> = {}
) {
  return new LambdaClient({ region, endpoint, credentials, ...extra })
}
function s3(
  region = 'us-east-1',
  extra: Partial<ConstructorParameters<typeof S3Client>[0]> = {}
) {
  return new S3Client({
    region,
    endpoint,
    credentials,
    forcePathStyle: true,
    ...extra
  })
}

interface AwsError extends Error {
  $metadata: { httpStatusCode?: number; requestId?: string }
  [key: string]: unknown
}

async function failure(promise: Promise<unknown>): Promise<AwsError> {
  try {
    await promise
  } catch (error) {
    return error as AwsError
  }
  throw new Error('expected the call to fail')
}

function smallZip(text = 'print(1)'): Buffer {
  const zip = new AdmZip()
  zip.addFile('python/mod.py', Buffer.from(text))
  return zip.toBuffer()
}

function sha256b64(data: Buffer): string {
  return createHash('sha256').update(data).digest('base64')
}

async function control(path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${endpoint}/_emulator/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body !== undefined && {
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' }
    })
  })
  return res.json()
}

async function calls(): Promise<CallRecord[]> {
  return (await control('calls')) as CallRecord[]
}

/** A real zip of one entry of `size` zeros, deflated (~1000:1). */
async function zerosZip(size: number): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 9 })
  const out: Buffer[] = []
  deflate.on('data', (c: Buffer) => out.push(c))
  const done = new Promise((r) => deflate.on('end', r))
  const block = Buffer.alloc(1024 * 1024)
  let crc = 0
  for (let left = size; left > 0; left -= block.length) {
    const piece = left >= block.length ? block : block.subarray(0, left)
    crc = crc32(piece, crc)
    if (!deflate.write(piece))
      await new Promise((r) => deflate.once('drain', r))
  }
  deflate.end()
  await done
  const data = Buffer.concat(out)
  const name = Buffer.from('zeros.bin')
  const local = Buffer.alloc(30)
  local.writeUInt32LE(0x04034b50, 0)
  local.writeUInt16LE(20, 4)
  local.writeUInt16LE(8, 8)
  local.writeUInt32LE(crc >>> 0, 14)
  local.writeUInt32LE(data.length, 18)
  local.writeUInt32LE(size, 22)
  local.writeUInt16LE(name.length, 26)
  const central = Buffer.alloc(46)
  central.writeUInt32LE(0x02014b50, 0)
  central.writeUInt16LE(20, 4)
  central.writeUInt16LE(20, 6)
  central.writeUInt16LE(8, 10)
  central.writeUInt32LE(crc >>> 0, 16)
  central.writeUInt32LE(data.length, 20)
  central.writeUInt32LE(size, 24)
  central.writeUInt16LE(name.length, 28)
  const cdOffset = local.length + name.length + data.length
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(1, 8)
  end.writeUInt16LE(1, 10)
  end.writeUInt32LE(central.length + name.length, 12)
  end.writeUInt32LE(cdOffset, 16)
  return Buffer.concat([local, name, data, central, name, end])
}

beforeAll(async () => {
  em = await startEmulators()
  endpoint = em.info.aws.endpoint
  credentials = {
    accessKeyId: em.info.aws.accessKeyId,
    secretAccessKey: em.info.aws.secretAccessKey
  }
})
afterAll(async () => {
  await em?.close()
})
beforeEach(async () => {
  await control('reset', {})
})

describe('Lambda layers', () => {
  it('publishes inline with the real shapes, versions and sha', async () => {
    const zip = smallZip()
    const client = lambda()
    const out = await client.send(
      new PublishLayerVersionCommand({
        LayerName: 'my-layer',
        Content: { ZipFile: zip },
        CompatibleRuntimes: ['python3.12', 'python3.13'],
        CompatibleArchitectures: ['x86_64', 'arm64'],
        Description: 'first',
        LicenseInfo: 'MIT'
      })
    )
    expect(out.$metadata.httpStatusCode).toBe(201)
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(out.Version).toBe(1)
    expect(out.LayerArn).toBe(
      'arn:aws:lambda:us-east-1:123456789012:layer:my-layer'
    )
    expect(out.LayerVersionArn).toBe(`${out.LayerArn}:1`)
    expect(out.Content?.CodeSha256).toBe(sha256b64(zip))
    expect(out.Content?.CodeSize).toBe(zip.length)
    expect(out.CreatedDate).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/
    )
    expect(out.CompatibleRuntimes).toEqual(['python3.12', 'python3.13'])
    expect(out.CompatibleArchitectures).toEqual(['x86_64', 'arm64'])
    expect(out.Description).toBe('first')
    expect(out.LicenseInfo).toBe('MIT')
    const download = await fetch(out.Content!.Location!)
    expect(Buffer.from(await download.arrayBuffer()).equals(zip)).toBe(true)

    const second = await client.send(
      new PublishLayerVersionCommand({
        LayerName: 'my-layer',
        Content: { ZipFile: smallZip('2') }
      })
    )
    expect(second.Version).toBe(2)
    // Another region has its own numbering.
    const eu = await lambda('eu-west-1').send(
      new PublishLayerVersionCommand({
        LayerName: 'my-layer',
        Content: { ZipFile: zip }
      })
    )
    expect(eu.Version).toBe(1)
    expect(eu.LayerVersionArn).toBe(
      'arn:aws:lambda:eu-west-1:123456789012:layer:my-layer:1'
    )
  })

  it('gets, lists (newest first, paged), deletes and never reuses numbers', async () => {
    const client = lambda()
    for (let i = 0; i < 3; i++) {
      await client.send(
        new PublishLayerVersionCommand({
          LayerName: 'paged',
          Content: { ZipFile: smallZip(String(i)) },
          CompatibleRuntimes: i === 1 ? ['nodejs22.x'] : ['python3.12']
        })
      )
    }
    const got = await client.send(
      new GetLayerVersionCommand({ LayerName: 'paged', VersionNumber: 2 })
    )
    expect(got.Version).toBe(2)
    expect(got.CompatibleRuntimes).toEqual(['nodejs22.x'])
    const byArn = await client.send(
      new GetLayerVersionByArnCommand({ Arn: got.LayerVersionArn! })
    )
    expect(byArn.Content?.CodeSha256).toBe(got.Content?.CodeSha256)
    const viaArnName = await client.send(
      new GetLayerVersionCommand({ LayerName: got.LayerArn!, VersionNumber: 2 })
    )
    expect(viaArnName.Version).toBe(2)

    const seen: number[] = []
    let marker: string | undefined
    do {
      const page = await client.send(
        new ListLayerVersionsCommand({
          LayerName: 'paged',
          MaxItems: 1,
          ...(marker !== undefined && { Marker: marker })
        })
      )
      seen.push(...(page.LayerVersions ?? []).map((v) => v.Version!))
      marker = page.NextMarker
    } while (marker)
    expect(seen).toEqual([3, 2, 1])
    const filtered = await client.send(
      new ListLayerVersionsCommand({
        LayerName: 'paged',
        CompatibleRuntime: 'python3.12'
      })
    )
    expect(filtered.LayerVersions?.map((v) => v.Version)).toEqual([3, 1])
    const layers = await client.send(new ListLayersCommand({}))
    expect(layers.Layers?.[0]?.LayerName).toBe('paged')
    expect(layers.Layers?.[0]?.LatestMatchingVersion?.Version).toBe(3)

    const del = await client.send(
      new DeleteLayerVersionCommand({ LayerName: 'paged', VersionNumber: 3 })
    )
    expect(del.$metadata.httpStatusCode).toBe(204)
    const missing = await failure(
      client.send(
        new GetLayerVersionCommand({ LayerName: 'paged', VersionNumber: 3 })
      )
    )
    expect(missing.name).toBe('ResourceNotFoundException')
    expect(missing.$metadata.httpStatusCode).toBe(404)
    expect(missing.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(missing.message).toBe('The resource you requested does not exist.')
    const next = await client.send(
      new PublishLayerVersionCommand({
        LayerName: 'paged',
        Content: { ZipFile: smallZip('again') }
      })
    )
    expect(next.Version).toBe(4)
  })

  it('validates like Lambda', async () => {
    const client = lambda()
    const zip = smallZip()
    const long = await failure(
      client.send(
        new PublishLayerVersionCommand({
          LayerName: 'v',
          Content: { ZipFile: zip },
          Description: 'x'.repeat(257)
        })
      )
    )
    expect(long.name).toBe('ValidationException')
    expect(long.$metadata.httpStatusCode).toBe(400)
    expect(long.message).toMatch(
      /^1 validation error detected: Value 'x+' at 'description' failed to satisfy constraint: Member must have length less than or equal to 256$/
    )
    const several = await failure(
      client.send(
        new PublishLayerVersionCommand({
          LayerName: 'v',
          Content: { ZipFile: zip },
          LicenseInfo: 'y'.repeat(513),
          CompatibleRuntimes: ['python9.9'] as never,
          CompatibleArchitectures: ['x86_64', 'arm64', 'x86_64']
        })
      )
    )
    expect(several.name).toBe('ValidationException')
    expect(several.message).toMatch(/^3 validation errors detected: /)
    expect(several.message).toContain("at 'licenseInfo'")
    expect(several.message).toContain("at 'compatibleRuntimes'")
    expect(several.message).toContain(
      "at 'compatibleArchitectures' failed to satisfy constraint: Member must have length less than or equal to 2"
    )
    const badName = await failure(
      client.send(
        new PublishLayerVersionCommand({
          LayerName: 'a'.repeat(141),
          Content: { ZipFile: zip }
        })
      )
    )
    expect(badName.name).toBe('ValidationException')
    const notZip = await failure(
      client.send(
        new PublishLayerVersionCommand({
          LayerName: 'v',
          Content: { ZipFile: Buffer.from('definitely not a zip archive') }
        })
      )
    )
    expect(notZip.name).toBe('InvalidParameterValueException')
    expect(notZip.$metadata.httpStatusCode).toBe(400)
    expect(notZip.message).toContain('Could not unzip uploaded file')
  })

  it('rejects an unzipped total above 262144000 bytes', async () => {
    const zip = await zerosZip(262_144_001)
    expect(zip.length).toBeLessThan(1_000_000)
    const error = await failure(
      lambda().send(
        new PublishLayerVersionCommand({
          LayerName: 'huge',
          Content: { ZipFile: zip }
        })
      )
    )
    expect(error.name).toBe('InvalidParameterValueException')
    expect(error.message).toBe(
      'Unzipped size must be smaller than 262144000 bytes'
    )
    // Right at the limit is fine.
    const ok = await lambda().send(
      new PublishLayerVersionCommand({
        LayerName: 'huge',
        Content: { ZipFile: await zerosZip(262_144_000) }
      })
    )
    expect(ok.Version).toBe(1)
  })

  it('answers 413 to an inline body above 69905067 bytes', async () => {
    const error = await failure(
      lambda('us-east-1', { maxAttempts: 1 }).send(
        new PublishLayerVersionCommand({
          LayerName: 'big',
          Content: { ZipFile: Buffer.alloc(50 * 1024 * 1024 + 1) }
        })
      )
    )
    expect(error.name).toBe('RequestEntityTooLargeException')
    expect(error.$metadata.httpStatusCode).toBe(413)
    expect(error.message).toBe(
      'Request must be smaller than 69905067 bytes for the PublishLayerVersion operation'
    )
    const [call] = await calls()
    expect(call).toMatchObject({
      operation: 'PublishLayerVersion',
      status: 413,
      errorCode: 'RequestEntityTooLargeException'
    })
    expect(call!.requestBytes).toBeGreaterThan(69_905_067)
  })

  it('checks signatures: wrong secret, unknown key, session tokens', async () => {
    const wrong = await failure(
      new LambdaClient({
        region: 'us-east-1',
        endpoint,
        credentials: { ...credentials, secretAccessKey: 'not-the-secret' }
      }).send(new ListLayersCommand({}))
    )
    expect(wrong.name).toBe('InvalidSignatureException')
    expect(wrong.$metadata.httpStatusCode).toBe(403)
    expect(wrong.message).toBe(
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'
    )
    const unknown = await failure(
      new LambdaClient({
        region: 'us-east-1',
        endpoint,
        credentials: { ...credentials, accessKeyId: 'AKIDSOMEONEELSE' }
      }).send(new ListLayersCommand({}))
    )
    expect(unknown.name).toBe('UnrecognizedClientException')
    expect(unknown.message).toBe(
      'The security token included in the request is invalid.'
    )
    const s3Wrong = await failure(
      new S3Client({
        region: 'us-east-1',
        endpoint,
        forcePathStyle: true,
        credentials: { ...credentials, secretAccessKey: 'nope' }
      }).send(new CreateBucketCommand({ Bucket: 'sig-bucket' }))
    )
    expect(s3Wrong.name).toBe('SignatureDoesNotMatch')
    expect(s3Wrong.$metadata.httpStatusCode).toBe(403)
    const s3Unknown = await failure(
      new S3Client({
        region: 'us-east-1',
        endpoint,
        forcePathStyle: true,
        credentials: { ...credentials, accessKeyId: 'AKIDNOBODY' }
      }).send(new CreateBucketCommand({ Bucket: 'sig-bucket' }))
    )
    expect(s3Unknown.name).toBe('InvalidAccessKeyId')
    const withToken = await new LambdaClient({
      region: 'us-east-1',
      endpoint,
      credentials: { ...credentials, sessionToken: 'any-session-token' }
    }).send(new ListLayersCommand({}))
    expect(withToken.Layers).toEqual([])
    const anonymous = await fetch(`${endpoint}/2018-10-31/layers`)
    expect(anonymous.status).toBe(403)
    expect(anonymous.headers.get('x-amzn-errortype')).toBe(
      'MissingAuthenticationTokenException'
    )
  })

  it('manages layer version permissions', async () => {
    const client = lambda()
    await client.send(
      new PublishLayerVersionCommand({
        LayerName: 'shared',
        Content: { ZipFile: smallZip() }
      })
    )
    const noPolicy = await failure(
      client.send(
        new GetLayerVersionPolicyCommand({
          LayerName: 'shared',
          VersionNumber: 1
        })
      )
    )
    expect(noPolicy.name).toBe('ResourceNotFoundException')
    const added = await client.send(
      new AddLayerVersionPermissionCommand({
        LayerName: 'shared',
        VersionNumber: 1,
        StatementId: 'account-111122223333',
        Action: 'lambda:GetLayerVersion',
        Principal: '111122223333'
      })
    )
    expect(added.$metadata.httpStatusCode).toBe(201)
    expect(JSON.parse(added.Statement!)).toEqual({
      Sid: 'account-111122223333',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:root' },
      Action: 'lambda:GetLayerVersion',
      Resource: 'arn:aws:lambda:us-east-1:123456789012:layer:shared:1'
    })
    const org = await client.send(
      new AddLayerVersionPermissionCommand({
        LayerName: 'shared',
        VersionNumber: 1,
        StatementId: 'org',
        Action: 'lambda:GetLayerVersion',
        Principal: '*',
        OrganizationId: 'o-abcdefghij',
        RevisionId: added.RevisionId!
      })
    )
    expect(JSON.parse(org.Statement!)).toMatchObject({
      Principal: '*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } }
    })
    const duplicate = await failure(
      client.send(
        new AddLayerVersionPermissionCommand({
          LayerName: 'shared',
          VersionNumber: 1,
          StatementId: 'org',
          Action: 'lambda:GetLayerVersion',
          Principal: '*'
        })
      )
    )
    expect(duplicate.name).toBe('ResourceConflictException')
    expect(duplicate.$metadata.httpStatusCode).toBe(409)
    expect(duplicate.message).toBe(
      'The statement id (org) provided already exists. Please provide a new statement id, or remove the existing statement.'
    )
    const stale = await failure(
      client.send(
        new AddLayerVersionPermissionCommand({
          LayerName: 'shared',
          VersionNumber: 1,
          StatementId: 'late',
          Action: 'lambda:GetLayerVersion',
          Principal: '*',
          RevisionId: added.RevisionId!
        })
      )
    )
    expect(stale.name).toBe('PreconditionFailedException')
    expect(stale.$metadata.httpStatusCode).toBe(412)
    const badPrincipal = await failure(
      client.send(
        new AddLayerVersionPermissionCommand({
          LayerName: 'shared',
          VersionNumber: 1,
          StatementId: 'bad',
          Action: 'lambda:GetLayerVersion',
          Principal: '12345'
        })
      )
    )
    expect(badPrincipal.name).toBe('ValidationException')
    const policy = await client.send(
      new GetLayerVersionPolicyCommand({
        LayerName: 'shared',
        VersionNumber: 1
      })
    )
    const doc = JSON.parse(policy.Policy!) as {
      Version: string
      Id: string
      Statement: Array<{ Sid: string }>
    }
    expect(doc.Version).toBe('2012-10-17')
    expect(doc.Id).toBe('default')
    expect(doc.Statement.map((s) => s.Sid)).toEqual([
      'account-111122223333',
      'org'
    ])
    expect(policy.RevisionId).toBe(org.RevisionId)
    const removed = await client.send(
      new RemoveLayerVersionPermissionCommand({
        LayerName: 'shared',
        VersionNumber: 1,
        StatementId: 'org'
      })
    )
    expect(removed.$metadata.httpStatusCode).toBe(204)
    const gone = await failure(
      client.send(
        new RemoveLayerVersionPermissionCommand({
          LayerName: 'shared',
          VersionNumber: 1,
          StatementId: 'org'
        })
      )
    )
    expect(gone.name).toBe('ResourceNotFoundException')
  })
})

describe('S3 and layers from S3', () => {
  it('uploads 12 MiB with lib-storage (multipart) and publishes from it', async () => {
    const client = s3()
    const created = await client.send(
      new CreateBucketCommand({ Bucket: 'layers-us' })
    )
    expect(created.Location).toBe('/layers-us')
    const zip = new AdmZip()
    zip.addFile('python/blob.bin', randomBytes(12 * 1024 * 1024))
    const archive = zip.toBuffer()
    expect(archive.length).toBeGreaterThan(12 * 1024 * 1024)
    const done = await new Upload({
      client,
      params: { Bucket: 'layers-us', Key: 'p/layer.zip', Body: archive }
    }).done()
    expect(done.ETag).toMatch(/^"[0-9a-f]{32}-3"$/)
    const head = await client.send(
      new HeadObjectCommand({ Bucket: 'layers-us', Key: 'p/layer.zip' })
    )
    expect(head.ContentLength).toBe(archive.length)
    expect(head.ETag).toBe(done.ETag)
    const body = await client.send(
      new GetObjectCommand({ Bucket: 'layers-us', Key: 'p/layer.zip' })
    )
    const back = Buffer.from(await body.Body!.transformToByteArray())
    expect(back.equals(archive)).toBe(true)

    const published = await lambda().send(
      new PublishLayerVersionCommand({
        LayerName: 'from-s3',
        Content: { S3Bucket: 'layers-us', S3Key: 'p/layer.zip' }
      })
    )
    expect(published.Content?.CodeSha256).toBe(sha256b64(archive))
    expect(published.Content?.CodeSize).toBe(archive.length)
    const uploadCalls = (await calls()).filter(
      (c) => c.operation === 'UploadPart'
    )
    expect(uploadCalls).toHaveLength(3)
    expect(uploadCalls.every((c) => c.write && c.status === 200)).toBe(true)
  })

  it('round-trips a streamed (aws-chunked, trailer checksum) PutObject', async () => {
    const client = s3()
    await client.send(new CreateBucketCommand({ Bucket: 'stream-bucket' }))
    const put = await client.send(
      new PutObjectCommand({
        Bucket: 'stream-bucket',
        Key: 'dir/a b+c.txt',
        Body: Readable.from([Buffer.from('hello '), Buffer.from('stream')]),
        ContentLength: 12
      })
    )
    expect(put.ETag).toBe(
      `"${createHash('md5').update('hello stream').digest('hex')}"`
    )
    const got = await client.send(
      new GetObjectCommand({ Bucket: 'stream-bucket', Key: 'dir/a b+c.txt' })
    )
    expect(await got.Body!.transformToString()).toBe('hello stream')
    const [, call] = await calls()
    expect(call?.operation).toBe('PutObject')
  })

  it('keeps buckets per region: location, wrong region, missing bucket and key', async () => {
    await control('buckets', { name: 'layers-eu', region: 'eu-west-1' })
    const eu = s3('eu-west-1')
    await eu.send(new HeadBucketCommand({ Bucket: 'layers-eu' }))
    await eu.send(
      new PutObjectCommand({
        Bucket: 'layers-eu',
        Key: 'l.zip',
        Body: smallZip()
      })
    )
    const location = await s3().send(
      new GetBucketLocationCommand({ Bucket: 'layers-eu' })
    )
    expect(location.LocationConstraint).toBe('eu-west-1')
    const wrongRegion = await failure(
      s3().send(new GetObjectCommand({ Bucket: 'layers-eu', Key: 'l.zip' }))
    )
    expect(wrongRegion.name).toBe('AuthorizationHeaderMalformed')
    expect(wrongRegion.$metadata.httpStatusCode).toBe(400)
    expect(wrongRegion.message).toBe(
      "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'"
    )
    expect(wrongRegion.Region).toBe('eu-west-1')
    const redirect = await failure(
      lambda().send(
        new PublishLayerVersionCommand({
          LayerName: 'x',
          Content: { S3Bucket: 'layers-eu', S3Key: 'l.zip' }
        })
      )
    )
    expect(redirect.name).toBe('InvalidParameterValueException')
    expect(redirect.message).toBe(
      'Error occurred while GetObject. S3 Error Code: PermanentRedirect. S3 Error Message: The bucket is in this region: eu-west-1. Please use this region to retry the request'
    )
    const fromEu = await lambda('eu-west-1').send(
      new PublishLayerVersionCommand({
        LayerName: 'x',
        Content: { S3Bucket: 'layers-eu', S3Key: 'l.zip' }
      })
    )
    expect(fromEu.Version).toBe(1)
    const noKey = await failure(
      lambda('eu-west-1').send(
        new PublishLayerVersionCommand({
          LayerName: 'x',
          Content: { S3Bucket: 'layers-eu', S3Key: 'missing.zip' }
        })
      )
    )
    expect(noKey.name).toBe('InvalidParameterValueException')
    expect(noKey.message).toContain('S3 Error Code: NoSuchKey')
    const noBucket = await failure(
      lambda().send(
        new PublishLayerVersionCommand({
          LayerName: 'x',
          Content: { S3Bucket: 'no-such-bucket', S3Key: 'l.zip' }
        })
      )
    )
    expect(noBucket.message).toContain('S3 Error Code: NoSuchBucket')
    const s3NoBucket = await failure(
      s3().send(new GetObjectCommand({ Bucket: 'no-such-bucket', Key: 'k' }))
    )
    expect(s3NoBucket.name).toBe('NoSuchBucket')
    expect(s3NoBucket.$metadata.httpStatusCode).toBe(404)
    expect(s3NoBucket.$metadata.requestId).toMatch(/^[0-9A-F]{16}$/)
    expect(s3NoBucket.BucketName).toBe('no-such-bucket')
    const s3NoKey = await failure(
      eu.send(new GetObjectCommand({ Bucket: 'layers-eu', Key: 'nope' }))
    )
    expect(s3NoKey.name).toBe('NoSuchKey')
    const headMissing = await failure(
      eu.send(new HeadObjectCommand({ Bucket: 'layers-eu', Key: 'nope' }))
    )
    expect(headMissing.$metadata.httpStatusCode).toBe(404)
    const illegal = await failure(
      s3().send(
        new CreateBucketCommand({
          Bucket: 'mismatch',
          CreateBucketConfiguration: { LocationConstraint: 'eu-central-1' }
        })
      )
    )
    expect(illegal.name).toBe('IllegalLocationConstraintException')
    const state = (await control('state')) as {
      buckets: Array<{ service: string; name: string; region: string }>
    }
    expect(state.buckets).toContainEqual(
      expect.objectContaining({
        service: 's3',
        name: 'layers-eu',
        region: 'eu-west-1'
      })
    )
  })

  it('does conditional writes and validates multipart uploads', async () => {
    const client = s3()
    await client.send(new CreateBucketCommand({ Bucket: 'cond' }))
    await client.send(
      new PutObjectCommand({
        Bucket: 'cond',
        Key: 'k',
        Body: 'one',
        IfNoneMatch: '*'
      })
    )
    const again = await failure(
      client.send(
        new PutObjectCommand({
          Bucket: 'cond',
          Key: 'k',
          Body: 'two',
          IfNoneMatch: '*'
        })
      )
    )
    expect(again.name).toBe('PreconditionFailed')
    expect(again.$metadata.httpStatusCode).toBe(412)

    const { UploadId } = await client.send(
      new CreateMultipartUploadCommand({ Bucket: 'cond', Key: 'mp' })
    )
    const p1 = await client.send(
      new UploadPartCommand({
        Bucket: 'cond',
        Key: 'mp',
        UploadId,
        PartNumber: 1,
        Body: Buffer.alloc(1024, 1)
      })
    )
    const p2 = await client.send(
      new UploadPartCommand({
        Bucket: 'cond',
        Key: 'mp',
        UploadId,
        PartNumber: 2,
        Body: Buffer.alloc(10, 2)
      })
    )
    const parts = await client.send(
      new ListPartsCommand({ Bucket: 'cond', Key: 'mp', UploadId })
    )
    expect(parts.Parts?.map((p) => [p.PartNumber, p.Size, p.ETag])).toEqual([
      [1, 1024, p1.ETag],
      [2, 10, p2.ETag]
    ])
    const uploads = await client.send(
      new ListMultipartUploadsCommand({ Bucket: 'cond' })
    )
    expect(uploads.Uploads?.map((u) => u.UploadId)).toEqual([UploadId])
    const tooSmall = await failure(
      client.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'cond',
          Key: 'mp',
          UploadId,
          MultipartUpload: {
            Parts: [
              { PartNumber: 1, ETag: p1.ETag! },
              { PartNumber: 2, ETag: p2.ETag! }
            ]
          }
        })
      )
    )
    expect(tooSmall.name).toBe('EntityTooSmall')
    const badEtag = await failure(
      client.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'cond',
          Key: 'mp',
          UploadId,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"0000"' }] }
        })
      )
    )
    expect(badEtag.name).toBe('InvalidPart')
    const single = await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'cond',
        Key: 'mp',
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 2, ETag: p2.ETag! }] }
      })
    )
    const md5 = createHash('md5')
      .update(Buffer.from(p2.ETag!.replace(/"/g, ''), 'hex'))
      .digest('hex')
    expect(single.ETag).toBe(`"${md5}-1"`)

    const second = await client.send(
      new CreateMultipartUploadCommand({ Bucket: 'cond', Key: 'k' })
    )
    const part = await client.send(
      new UploadPartCommand({
        Bucket: 'cond',
        Key: 'k',
        UploadId: second.UploadId,
        PartNumber: 1,
        Body: 'x'
      })
    )
    const exists = await failure(
      client.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'cond',
          Key: 'k',
          UploadId: second.UploadId,
          IfNoneMatch: '*',
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag! }] }
        })
      )
    )
    expect(exists.name).toBe('PreconditionFailed')
    await client.send(
      new AbortMultipartUploadCommand({
        Bucket: 'cond',
        Key: 'k',
        UploadId: second.UploadId
      })
    )
    const aborted = await failure(
      client.send(
        new ListPartsCommand({
          Bucket: 'cond',
          Key: 'k',
          UploadId: second.UploadId
        })
      )
    )
    expect(aborted.name).toBe('NoSuchUpload')
    await client.send(new DeleteObjectCommand({ Bucket: 'cond', Key: 'k' }))
    const deleted = await failure(
      client.send(new GetObjectCommand({ Bucket: 'cond', Key: 'k' }))
    )
    expect(deleted.name).toBe('NoSuchKey')
  })
})

describe('faults, call log and reset', () => {
  const zip = smallZip()
  const publish = (client: LambdaClient, name = 'f') =>
    client.send(
      new PublishLayerVersionCommand({
        LayerName: name,
        Content: { ZipFile: zip }
      })
    )

  it('applies every fault kind and logs it', async () => {
    const client = lambda('us-east-1', { maxAttempts: 1 })
    await control('faults', [
      {
        service: 'lambda',
        operation: 'PublishLayerVersion',
        kind: 'throttle',
        times: 1
      },
      {
        service: 'lambda',
        operation: 'ListLayers',
        kind: 'error500',
        times: 1
      },
      {
        service: 'lambda',
        operation: 'ListLayerVersions',
        kind: 'error503',
        times: 1
      },
      {
        service: 'lambda',
        operation: 'GetLayerVersion',
        kind: 'error',
        status: 400,
        code: 'CodeStorageExceededException',
        message: 'full',
        times: 1
      }
    ])
    const throttled = await failure(publish(client))
    expect(throttled.name).toBe('TooManyRequestsException')
    expect(throttled.$metadata.httpStatusCode).toBe(429)
    expect(throttled.Reason).toBe('CallerRateLimitExceeded')
    const e500 = await failure(client.send(new ListLayersCommand({})))
    expect(e500.name).toBe('ServiceException')
    expect(e500.$metadata.httpStatusCode).toBe(500)
    const e503 = await failure(
      client.send(new ListLayerVersionsCommand({ LayerName: 'f' }))
    )
    expect(e503.$metadata.httpStatusCode).toBe(503)
    const custom = await failure(
      client.send(
        new GetLayerVersionCommand({ LayerName: 'f', VersionNumber: 1 })
      )
    )
    expect(custom.name).toBe('CodeStorageExceededException')
    expect(custom.message).toBe('full')

    // Retry-After on throttling is opt-in through the settings.
    await control('settings', { awsRetryAfterSeconds: 1 })
    await control('faults', {
      service: 'lambda',
      operation: 'ListLayers',
      kind: 'throttle',
      times: 1
    })
    const withHint = await failure(client.send(new ListLayersCommand({})))
    expect(withHint.retryAfterSeconds).toBe('1')
    await control('settings', { awsRetryAfterSeconds: null })

    // The SDK retries throttling by itself (default 3 attempts).
    await control('faults', {
      service: 'lambda',
      operation: 'PublishLayerVersion',
      kind: 'throttle',
      times: 1
    })
    const retried = await publish(lambda())
    expect(retried.$metadata.attempts).toBe(2)
    expect(retried.Version).toBe(1)

    await control('faults', {
      service: 'lambda',
      operation: 'PublishLayerVersion',
      kind: 'reset',
      times: 1
    })
    const reset = await failure(publish(client))
    expect(reset.$metadata?.httpStatusCode).toBeUndefined()
    await control('faults', {
      service: 'lambda',
      operation: 'PublishLayerVersion',
      kind: 'commit-then-reset',
      times: 1
    })
    await failure(publish(client))
    // The lost response's work was done: the next version is 3, not 2.
    expect((await publish(client)).Version).toBe(3)

    await control('faults', {
      service: 'lambda',
      operation: 'ListLayers',
      kind: 'delay',
      delayMs: 1500,
      times: 1
    })
    const slow = lambda('us-east-1', {
      maxAttempts: 1,
      requestHandler: { requestTimeout: 300, throwOnRequestTimeout: true }
    })
    const timedOut = await failure(slow.send(new ListLayersCommand({})))
    expect(timedOut.name).toBe('TimeoutError')
    await control('faults', {
      service: 'lambda',
      operation: 'ListLayers',
      kind: 'delay',
      delayMs: 200,
      times: 1
    })
    const started = Date.now()
    await client.send(new ListLayersCommand({}))
    expect(Date.now() - started).toBeGreaterThanOrEqual(190)

    const s3client = s3('us-east-1', { maxAttempts: 1 })
    await s3client.send(new CreateBucketCommand({ Bucket: 'faulty' }))
    await control('faults', [
      { service: 's3', operation: 'PutObject', kind: 'throttle', times: 1 },
      { service: 's3', operation: 'PutObject', kind: 'error500', times: 1 },
      { service: 's3', operation: 'PutObject', kind: 'error503', times: 1 }
    ])
    const slowDown = await failure(
      s3client.send(
        new PutObjectCommand({ Bucket: 'faulty', Key: 'k', Body: 'x' })
      )
    )
    expect(slowDown.name).toBe('SlowDown')
    expect(slowDown.$metadata.httpStatusCode).toBe(503)
    const internal = await failure(
      s3client.send(
        new PutObjectCommand({ Bucket: 'faulty', Key: 'k', Body: 'x' })
      )
    )
    expect(internal.name).toBe('InternalError')
    const unavailable = await failure(
      s3client.send(
        new PutObjectCommand({ Bucket: 'faulty', Key: 'k', Body: 'x' })
      )
    )
    expect(unavailable.name).toBe('ServiceUnavailable')

    // Let the timed-out call's delay run out (it is logged then).
    let log = await calls()
    for (
      let i = 0;
      i < 40 && log.filter((c) => c.fault === 'delay').length < 2;
      i++
    ) {
      await new Promise((r) => setTimeout(r, 100))
      log = await calls()
    }
    const faults = log
      .filter((c) => c.fault)
      .map((c) => [c.service, c.operation, c.fault, c.status])
    expect(faults).toEqual([
      ['lambda', 'PublishLayerVersion', 'throttle', 429],
      ['lambda', 'ListLayers', 'error500', 500],
      ['lambda', 'ListLayerVersions', 'error503', 503],
      ['lambda', 'GetLayerVersion', 'error', 400],
      ['lambda', 'ListLayers', 'throttle', 429],
      ['lambda', 'PublishLayerVersion', 'throttle', 429],
      ['lambda', 'PublishLayerVersion', 'reset', 0],
      ['lambda', 'PublishLayerVersion', 'commit-then-reset', 0],
      ['lambda', 'ListLayers', 'delay', 200],
      ['s3', 'PutObject', 'throttle', 503],
      ['s3', 'PutObject', 'error500', 500],
      ['s3', 'PutObject', 'error503', 503],
      // The timed-out call is logged when its delayed work ends, unanswered.
      ['lambda', 'ListLayers', 'delay', 0]
    ])
  })

  it('logs every call with service, operation, region, status and write; reset empties all', async () => {
    await publish(lambda('ap-southeast-2'), 'logged')
    await lambda('ap-southeast-2').send(
      new ListLayerVersionsCommand({ LayerName: 'logged' })
    )
    await s3('ap-southeast-2').send(
      new CreateBucketCommand({
        Bucket: 'logged-bucket',
        CreateBucketConfiguration: { LocationConstraint: 'ap-southeast-2' }
      })
    )
    const log = await calls()
    expect(
      log.map((c) => [c.service, c.operation, c.region, c.status, c.write])
    ).toEqual([
      ['lambda', 'PublishLayerVersion', 'ap-southeast-2', 201, true],
      ['lambda', 'ListLayerVersions', 'ap-southeast-2', 200, false],
      ['s3', 'CreateBucket', 'ap-southeast-2', 200, true]
    ])
    expect(log[0]).toMatchObject({
      method: 'POST',
      path: '/2018-10-31/layers/logged/versions'
    })
    expect(log[0]!.requestBytes).toBeGreaterThan(zip.length)
    await control('reset', {})
    expect(await calls()).toEqual([])
    const gone = await failure(
      lambda('ap-southeast-2').send(
        new GetLayerVersionCommand({ LayerName: 'logged', VersionNumber: 1 })
      )
    )
    expect(gone.name).toBe('ResourceNotFoundException')
    const noBucket = await failure(
      s3('ap-southeast-2').send(
        new HeadBucketCommand({ Bucket: 'logged-bucket' })
      )
    )
    expect(noBucket.$metadata.httpStatusCode).toBe(404)
    // After a reset, numbering starts again at 1.
    expect((await publish(lambda('ap-southeast-2'), 'logged')).Version).toBe(1)
  })
})
