/**
 * The Lambda function API of the AWS emulator driven by the real SDK v3
 * client: creation, the layer rules, updates in progress and RevisionId,
 * versions, aliases, listing; and PublishLayerVersion's runtime acceptance.
 */
import AdmZip from 'adm-zip'
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  ListFunctionsCommand,
  type ListFunctionsCommandOutput,
  PublishLayerVersionCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionConfigurationCommand
} from '@aws-sdk/client-lambda'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { CallRecord } from '../core.js'
import { startEmulators, type RunningEmulators } from '../index.js'
import { PUBLISH_LAYER_RUNTIMES } from './runtime-acceptance.js'

let em: RunningEmulators
const ACCOUNT = '123456789012'
const ROLE = `arn:aws:iam::${ACCOUNT}:role/lambda`

beforeAll(async () => {
  em = await startEmulators()
})
afterAll(async () => {
  await em?.close()
})
beforeEach(async () => {
  await control('reset', {})
  await control('settings', { lambdaUpdateDelayMs: 0 })
})

function lambda(region = 'us-east-1'): LambdaClient {
  return new LambdaClient({
    region,
    endpoint: em.info.aws.endpoint,
    credentials: {
      accessKeyId: em.info.aws.accessKeyId,
      secretAccessKey: em.info.aws.secretAccessKey
    },
    maxAttempts: 1
  })
}

async function control(path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${em.info.aws.endpoint}/_emulator/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body !== undefined && {
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' }
    })
  })
  return res.json()
}

interface AwsError extends Error {
  $metadata: { httpStatusCode?: number }
}

async function failure(promise: Promise<unknown>): Promise<AwsError> {
  try {
    await promise
  } catch (error) {
    return error as AwsError
  }
  throw new Error('expected the call to fail')
}

function zip(name: string, text: string): Uint8Array {
  const z = new AdmZip()
  z.addFile(name, Buffer.from(text))
  return z.toBuffer()
}

const layerArn = (region: string, name: string) =>
  `arn:aws:lambda:${region}:${ACCOUNT}:layer:${name}`

async function layer(name: string, region = 'us-east-1'): Promise<string> {
  const out = await lambda(region).send(
    new PublishLayerVersionCommand({
      LayerName: name,
      Content: { ZipFile: zip('python/m.py', name) },
      CompatibleRuntimes: ['python3.12']
    })
  )
  return out.LayerVersionArn!
}

function create(name: string, layers: string[] = [], region = 'us-east-1') {
  return lambda(region).send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'python3.12',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: zip('index.py', 'def handler(e, c): return 1\n') },
      Layers: layers
    })
  )
}

const config = (name: string, qualifier?: string) =>
  lambda().send(
    new GetFunctionConfigurationCommand({
      FunctionName: name,
      ...(qualifier !== undefined && { Qualifier: qualifier })
    })
  )

describe('CreateFunction and the layer rules', () => {
  it('creates a function Pending, then Active with its layers in order', async () => {
    const a = await layer('a')
    const b = await layer('b')
    const created = await create('api', [b, a])
    expect(created).toMatchObject({
      FunctionName: 'api',
      FunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:api`,
      Version: '$LATEST',
      State: 'Pending',
      Runtime: 'python3.12',
      Handler: 'index.handler',
      Role: ROLE,
      PackageType: 'Zip'
    })
    const read = await config('api')
    expect(read.State).toBe('Active')
    expect(read.LastUpdateStatus).toBe('Successful')
    expect(read.Layers?.map((l) => l.Arn)).toEqual([b, a])
    expect(read.Layers?.[0]?.CodeSize).toBeGreaterThan(0)
    const full = await lambda().send(
      new GetFunctionCommand({
        FunctionName: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:api`
      })
    )
    expect(full.Configuration?.CodeSha256).toBe(created.CodeSha256)
    const again = await failure(create('api'))
    expect(again.name).toBe('ResourceConflictException')
    expect(again.message).toBe('Function already exist: api')
  })

  it('refuses six layers, two versions of one layer, another region and a missing version', async () => {
    const arns = []
    for (const n of ['l1', 'l2', 'l3', 'l4', 'l5', 'l6'])
      arns.push(await layer(n))
    const six = await failure(create('f', arns))
    expect([six.name, six.message]).toEqual([
      'InvalidParameterValueException',
      'Cannot reference more than 5 layers.'
    ])
    await layer('l1')
    const twice = await failure(
      create('f', [
        `${layerArn('us-east-1', 'l1')}:1`,
        `${layerArn('us-east-1', 'l1')}:2`
      ])
    )
    expect(twice.message).toBe(
      'Two different versions of the same layer are not allowed.'
    )
    const elsewhere = await layer('l1', 'eu-west-1')
    const region = await failure(create('f', [elsewhere]))
    expect(region.message).toBe(
      'Layers are not in the same region as the function. Layers are expected to be in region us-east-1.'
    )
    const missing = `${layerArn('us-east-1', 'l1')}:9`
    const gone = await failure(create('f', [missing]))
    expect(gone.$metadata.httpStatusCode).toBe(400)
    expect(gone.message).toBe(`Layer version ${missing} does not exist.`)
    const none = await failure(config('f'))
    expect([none.name, none.message]).toEqual([
      'ResourceNotFoundException',
      `Function not found: arn:aws:lambda:us-east-1:${ACCOUNT}:function:f`
    ])
  })
})

describe('UpdateFunctionConfiguration', () => {
  it('is InProgress for lambdaUpdateDelayMs, refusing another update meanwhile', async () => {
    const a = await layer('a')
    await create('api')
    await control('settings', { lambdaUpdateDelayMs: 600_000 })
    const updated = await lambda().send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'api',
        Layers: [a],
        Description: 'with a'
      })
    )
    expect(updated.LastUpdateStatus).toBe('InProgress')
    expect((await config('api')).LastUpdateStatus).toBe('InProgress')
    const busy = await failure(
      lambda().send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: 'api',
          Description: 'again'
        })
      )
    )
    expect(busy.name).toBe('ResourceConflictException')
    expect(busy.$metadata.httpStatusCode).toBe(409)
    expect(busy.message).toBe(
      `The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:us-east-1:${ACCOUNT}:function:api`
    )
    const publish = await failure(
      lambda().send(new PublishVersionCommand({ FunctionName: 'api' }))
    )
    expect(publish.name).toBe('ResourceConflictException')
  })

  it('refuses a stale RevisionId; the revision changes when the update completes', async () => {
    await create('api')
    const before = await config('api')
    const updated = await lambda().send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'api',
        Description: 'one',
        RevisionId: before.RevisionId
      })
    )
    expect(updated.RevisionId).not.toBe(before.RevisionId)
    const after = await config('api')
    expect(after.LastUpdateStatus).toBe('Successful')
    expect(after.Description).toBe('one')
    expect(after.RevisionId).not.toBe(updated.RevisionId)
    const stale = await failure(
      lambda().send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: 'api',
          Description: 'two',
          RevisionId: updated.RevisionId
        })
      )
    )
    expect(stale.name).toBe('PreconditionFailedException')
    expect(stale.$metadata.httpStatusCode).toBe(412)
    expect((await config('api')).Description).toBe('one')
  })

  it('applies the layer rules to an update, leaving the function as it was', async () => {
    const a = await layer('a')
    await create('api', [a])
    const bad = await failure(
      lambda().send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: 'api',
          Layers: [a, `${layerArn('us-east-1', 'a')}:7`]
        })
      )
    )
    expect(bad.name).toBe('InvalidParameterValueException')
    expect((await config('api')).Layers?.map((l) => l.Arn)).toEqual([a])
  })
})

describe('versions, aliases and ListFunctions', () => {
  it('publishes nothing new while $LATEST is unchanged, and moves an alias', async () => {
    await create('api')
    const publish = () =>
      lambda().send(new PublishVersionCommand({ FunctionName: 'api' }))
    expect((await publish()).Version).toBe('1')
    expect((await publish()).Version).toBe('1')
    await lambda().send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'api',
        Description: 'changed'
      })
    )
    const two = await publish()
    expect(two.Version).toBe('2')
    expect(two.FunctionArn).toBe(
      `arn:aws:lambda:us-east-1:${ACCOUNT}:function:api:2`
    )
    expect((await config('api', '1')).Description).toBe('')
    expect((await config('api:2')).Description).toBe('changed')

    const alias = await lambda().send(
      new CreateAliasCommand({
        FunctionName: 'api',
        Name: 'live',
        FunctionVersion: '1'
      })
    )
    expect(alias).toMatchObject({
      AliasArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:api:live`,
      Name: 'live',
      FunctionVersion: '1'
    })
    const dup = await failure(
      lambda().send(
        new CreateAliasCommand({
          FunctionName: 'api',
          Name: 'live',
          FunctionVersion: '2'
        })
      )
    )
    expect(dup.name).toBe('ResourceConflictException')
    const noVersion = await failure(
      lambda().send(
        new UpdateAliasCommand({
          FunctionName: 'api',
          Name: 'live',
          FunctionVersion: '9'
        })
      )
    )
    expect(noVersion.name).toBe('ResourceNotFoundException')
    const stale = await failure(
      lambda().send(
        new UpdateAliasCommand({
          FunctionName: 'api',
          Name: 'live',
          FunctionVersion: '2',
          RevisionId: 'not-the-revision'
        })
      )
    )
    expect(stale.name).toBe('PreconditionFailedException')
    await lambda().send(
      new UpdateAliasCommand({
        FunctionName: 'api',
        Name: 'live',
        FunctionVersion: '2',
        RevisionId: alias.RevisionId
      })
    )
    const read = await lambda().send(
      new GetAliasCommand({ FunctionName: 'api', Name: 'live' })
    )
    expect(read.FunctionVersion).toBe('2')
    expect((await config('api', 'live')).Version).toBe('2')
    const missing = await failure(
      lambda().send(new GetAliasCommand({ FunctionName: 'api', Name: 'nope' }))
    )
    expect(missing.message).toBe(
      `Cannot find alias arn: arn:aws:lambda:us-east-1:${ACCOUNT}:function:api:nope`
    )
  })

  it('lists $LATEST only, or every version with FunctionVersion=ALL, page by page', async () => {
    await create('b')
    await create('a')
    await create('other', [], 'eu-west-1')
    await lambda().send(new PublishVersionCommand({ FunctionName: 'a' }))
    const names = (out: ListFunctionsCommandOutput) =>
      (out.Functions ?? []).map((f) => `${f.FunctionName}:${f.Version}`)
    expect(names(await lambda().send(new ListFunctionsCommand({})))).toEqual([
      'a:$LATEST',
      'b:$LATEST'
    ])
    const pages: string[][] = []
    let marker: string | undefined
    do {
      const out = await lambda().send(
        new ListFunctionsCommand({
          FunctionVersion: 'ALL',
          MaxItems: 2,
          ...(marker !== undefined && { Marker: marker })
        })
      )
      pages.push(names(out))
      marker = out.NextMarker
    } while (marker !== undefined)
    expect(pages).toEqual([['a:$LATEST', 'a:1'], ['b:$LATEST']])
  })
})

describe('the function calls in the pipeline', () => {
  it('records writes, and takes faults like every call', async () => {
    await control('faults', {
      service: 'lambda',
      operation: 'UpdateFunctionConfiguration',
      kind: 'throttle',
      times: 1
    })
    await create('api')
    const throttled = await failure(
      lambda().send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: 'api',
          Timeout: 9
        })
      )
    )
    expect(throttled.name).toBe('TooManyRequestsException')
    await lambda().send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'api',
        Timeout: 9
      })
    )
    await config('api')
    await lambda().send(new ListFunctionsCommand({}))
    const log = (await control('calls')) as CallRecord[]
    expect(log.map((c) => [c.operation, c.status, c.write, c.fault])).toEqual([
      ['CreateFunction', 201, true, undefined],
      ['UpdateFunctionConfiguration', 429, true, 'throttle'],
      ['UpdateFunctionConfiguration', 200, true, undefined],
      ['GetFunctionConfiguration', 200, false, undefined],
      ['ListFunctions', 200, false, undefined]
    ])
  })
})

describe('PublishLayerVersion runtimes', () => {
  const publish = (runtimes: string[]) =>
    lambda().send(
      new PublishLayerVersionCommand({
        LayerName: 'rt',
        Content: { ZipFile: zip('python/m.py', 'x') },
        CompatibleRuntimes: runtimes as never
      })
    )

  it('accepts the set the real service accepts and refuses others with its message', async () => {
    expect(
      (await publish([...PUBLISH_LAYER_RUNTIMES].slice(0, 15))).Version
    ).toBe(1)
    const refused = await failure(publish(['nodejs26.x', 'python3.12']))
    expect(refused.name).toBe('ValidationException')
    expect(refused.message).toBe(
      `1 validation error detected: Value '[nodejs26.x, python3.12]' at 'compatibleRuntimes' failed to satisfy constraint: Member must satisfy enum value set: [${PUBLISH_LAYER_RUNTIMES.join(', ')}]`
    )
  })

  it('accepts the set configured in acceptedRuntimes instead', async () => {
    await control('settings', {
      acceptedRuntimes: ['python3.12', 'python3.99']
    })
    expect((await publish(['python3.99'])).Version).toBe(1)
    const refused = await failure(publish(['python3.13']))
    expect(refused.message).toBe(
      "1 validation error detected: Value '[python3.13]' at 'compatibleRuntimes' failed to satisfy constraint: Member must satisfy enum value set: [python3.12, python3.99]"
    )
  })
})
