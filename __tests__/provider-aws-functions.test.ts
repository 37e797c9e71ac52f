import { beforeEach, describe, expect, it } from 'vitest'
import { mockClient } from 'aws-sdk-client-mock'
import {
  CreateAliasCommand,
  GetAliasCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  ListFunctionsCommand,
  PreconditionFailedException,
  PublishVersionCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  UpdateAliasCommand,
  UpdateFunctionConfigurationCommand
} from '@aws-sdk/client-lambda'
import { S3Client } from '@aws-sdk/client-s3'
import {
  AwsFunctions,
  functionState,
  parseLayerVersionArn
} from '../src/providers/aws/functions.js'
import { AwsLayerProvider } from '../src/providers/aws/index.js'
import { ProviderError } from '../src/errors.js'
import { silentLogger } from '../src/log.js'

const lambdaMock = mockClient(LambdaClient)
const ARN = 'arn:aws:lambda:us-east-1:123456789012:layer:lyr'
const OTHER = 'arn:aws:lambda:us-east-1:123456789012:layer:other'
const fn = { label: 'f', name: 'f' }

function api(): AwsFunctions {
  return new AwsFunctions(
    'us-east-1',
    new LambdaClient({ region: 'us-east-1' })
  )
}

beforeEach(() => lambdaMock.reset())

describe('reading a function', () => {
  it('splits each layer ARN into layer and version, in order', async () => {
    lambdaMock.on(GetFunctionConfigurationCommand).resolves({
      FunctionName: 'f',
      Layers: [{ Arn: `${OTHER}:2` }, { Arn: `${ARN}:11` }],
      RevisionId: 'rev-1',
      State: 'Active',
      LastUpdateStatus: 'Successful'
    })
    expect(await api().getFunction({ label: 'f', name: 'arn:fn' })).toEqual({
      layers: [
        { layer: OTHER, version: 2 },
        { layer: ARN, version: 11 }
      ],
      state: 'ready',
      revisionId: 'rev-1'
    })
    expect(
      lambdaMock.commandCalls(GetFunctionConfigurationCommand)[0]!.args[0].input
    ).toEqual({ FunctionName: 'arn:fn' })
  })

  it('maps State and LastUpdateStatus', () => {
    expect(functionState({}).state).toBe('ready')
    expect(functionState({ LastUpdateStatus: 'InProgress' }).state).toBe(
      'updating'
    )
    expect(functionState({ State: 'Pending' }).state).toBe('updating')
    expect(
      functionState({
        LastUpdateStatus: 'Failed',
        LastUpdateStatusReason: 'layer too big'
      })
    ).toEqual({ layers: [], state: 'failed', reason: 'layer too big' })
    expect(
      functionState({ State: 'Failed', StateReason: 'role gone' })
    ).toEqual({ layers: [], state: 'failed', reason: 'role gone' })
  })

  it('parses layer version ARNs and refuses ones without a version', () => {
    expect(parseLayerVersionArn(`${ARN}:3`)).toEqual({ layer: ARN, version: 3 })
    expect(parseLayerVersionArn(ARN)).toBeUndefined()
  })
})

describe('updating layers', () => {
  it('sends every layer as ARN:version with the RevisionId', async () => {
    lambdaMock.on(UpdateFunctionConfigurationCommand).resolves({})
    await api().updateLayers(
      fn,
      [
        { layer: OTHER, version: 2 },
        { layer: ARN, version: 12 }
      ],
      'rev-1'
    )
    expect(
      lambdaMock.commandCalls(UpdateFunctionConfigurationCommand)[0]!.args[0]
        .input
    ).toEqual({
      FunctionName: 'f',
      Layers: [`${OTHER}:2`, `${ARN}:12`],
      RevisionId: 'rev-1'
    })
  })

  it.each([
    new PreconditionFailedException({
      message:
        'The Revision Id provided does not match the latest Revision Id.',
      $metadata: { httpStatusCode: 412 }
    }),
    new ResourceConflictException({
      message: 'An update is in progress for resource',
      $metadata: { httpStatusCode: 409 }
    })
  ])(
    'a concurrent change is kind conflict and not retryable (%#)',
    async (e) => {
      lambdaMock.on(UpdateFunctionConfigurationCommand).rejects(e)
      const err = await api()
        .updateLayers(fn, [{ layer: ARN, version: 2 }], 'rev-0')
        .catch((x: unknown) => x)
      expect(err).toBeInstanceOf(ProviderError)
      expect((err as ProviderError).kind).toBe('conflict')
      expect((err as ProviderError).retryable).toBe(false)
      expect((err as ProviderError).operation).toBe(
        'lambda:UpdateFunctionConfiguration'
      )
    }
  )
})

describe('versions and aliases', () => {
  it('publishes a version with the RevisionId', async () => {
    lambdaMock.on(PublishVersionCommand).resolves({ Version: '7' })
    expect(await api().publishVersion(fn, 'rev-2')).toBe('7')
    expect(
      lambdaMock.commandCalls(PublishVersionCommand)[0]!.args[0].input
    ).toEqual({ FunctionName: 'f', RevisionId: 'rev-2' })
  })

  it('updates an alias that exists', async () => {
    lambdaMock.on(GetAliasCommand).resolves({ Name: 'live' })
    lambdaMock.on(UpdateAliasCommand).resolves({})
    await api().pointAlias(fn, 'live', '7')
    expect(
      lambdaMock.commandCalls(UpdateAliasCommand)[0]!.args[0].input
    ).toEqual({ FunctionName: 'f', Name: 'live', FunctionVersion: '7' })
    expect(lambdaMock.commandCalls(CreateAliasCommand)).toHaveLength(0)
  })

  it('creates an alias that does not exist', async () => {
    lambdaMock
      .on(GetAliasCommand)
      .rejects(
        new ResourceNotFoundException({ message: 'no alias', $metadata: {} })
      )
    lambdaMock.on(CreateAliasCommand).resolves({})
    await api().pointAlias(fn, 'live', '7')
    expect(
      lambdaMock.commandCalls(CreateAliasCommand)[0]!.args[0].input
    ).toEqual({ FunctionName: 'f', Name: 'live', FunctionVersion: '7' })
    expect(lambdaMock.commandCalls(UpdateAliasCommand)).toHaveLength(0)
  })

  it('updates the alias a concurrent run created first', async () => {
    lambdaMock
      .on(GetAliasCommand)
      .rejects(
        new ResourceNotFoundException({ message: 'no alias', $metadata: {} })
      )
    lambdaMock
      .on(CreateAliasCommand)
      .rejects(
        new ResourceConflictException({ message: 'exists', $metadata: {} })
      )
    lambdaMock.on(UpdateAliasCommand).resolves({})
    await api().pointAlias(fn, 'live', '7')
    expect(lambdaMock.commandCalls(UpdateAliasCommand)).toHaveLength(1)
  })
})

describe('layer users', () => {
  it('lists every page of every version and maps layer versions to users', async () => {
    lambdaMock
      .on(ListFunctionsCommand)
      .resolvesOnce({
        Functions: [
          {
            FunctionName: 'a',
            Version: '$LATEST',
            Layers: [{ Arn: `${OTHER}:1` }, { Arn: `${ARN}:3` }]
          },
          { FunctionName: 'a', Version: '2', Layers: [{ Arn: `${ARN}:2` }] }
        ],
        NextMarker: 'm1'
      })
      .resolvesOnce({
        Functions: [
          { FunctionName: 'b', Version: '$LATEST', Layers: [] },
          { FunctionName: 'c', Version: '5', Layers: [{ Arn: `${ARN}:3` }] },
          { FunctionName: 'd', Layers: [{ Arn: `${OTHER}:3` }] }
        ]
      })
    const users = await api().layerUsers(ARN)
    expect([...users.entries()].sort()).toEqual([
      [2, ['a:2']],
      [3, ['a', 'c:5']]
    ])
    const inputs = lambdaMock
      .commandCalls(ListFunctionsCommand)
      .map((c) => c.args[0].input)
    expect(inputs).toEqual([
      { FunctionVersion: 'ALL', MaxItems: 50 },
      { FunctionVersion: 'ALL', MaxItems: 50, Marker: 'm1' }
    ])
  })

  it('fails rather than answering a partial list', async () => {
    lambdaMock
      .on(ListFunctionsCommand)
      .resolvesOnce({ Functions: [], NextMarker: 'm1' })
      .rejectsOnce(
        Object.assign(new Error('not authorized'), {
          name: 'AccessDeniedException',
          $metadata: { httpStatusCode: 403 }
        })
      )
    await expect(api().layerUsers(ARN)).rejects.toThrow(
      /need lambda:ListFunctions on this region's functions/
    )
  })
})

describe('the provider', () => {
  it('exposes its functions API on the retrying client', async () => {
    const provider = new AwsLayerProvider(
      'eu-west-1',
      new LambdaClient({ region: 'eu-west-1' }),
      async () => new S3Client({ region: 'eu-west-1' }),
      silentLogger
    )
    lambdaMock.on(GetFunctionConfigurationCommand).resolves({})
    expect((await provider.functions.getFunction(fn)).state).toBe('ready')
  })
})
