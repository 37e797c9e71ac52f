/**
 * The Lambda side of update-functions and keep-versions: reading and
 * updating a function's layers, publishing a function version, moving an
 * alias, and finding which functions use a layer's versions.
 */
import {
  CreateAliasCommand,
  GetAliasCommand,
  GetFunctionConfigurationCommand,
  type FunctionConfiguration,
  type LambdaClient,
  ListFunctionsCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionConfigurationCommand
} from '@aws-sdk/client-lambda'
import type {
  FunctionRef,
  FunctionState,
  FunctionsApi,
  LayerUse
} from '../functions.js'
import { toProviderError, type AwsLikeError } from './errors.js'

/** `arn:…:layer:name:3` → {layer: `arn:…:layer:name`, version: 3}. */
export function parseLayerVersionArn(arn: string): LayerUse | undefined {
  const cut = arn.lastIndexOf(':')
  const version = Number(arn.slice(cut + 1))
  if (cut <= 0 || !Number.isInteger(version) || version < 1) return undefined
  return { layer: arn.slice(0, cut), version }
}

function layersOf(config: FunctionConfiguration): LayerUse[] {
  const out: LayerUse[] = []
  for (const layer of config.Layers ?? []) {
    const use = layer.Arn !== undefined && parseLayerVersionArn(layer.Arn)
    if (use) out.push(use)
  }
  return out
}

/** Maps Lambda's State and LastUpdateStatus onto ready / updating / failed. */
export function functionState(config: FunctionConfiguration): FunctionState {
  const base = {
    layers: layersOf(config),
    ...(config.RevisionId !== undefined && { revisionId: config.RevisionId })
  }
  if (config.LastUpdateStatus === 'InProgress' || config.State === 'Pending') {
    return { ...base, state: 'updating' }
  }
  if (config.State === 'Failed') {
    return failed(base, config.StateReason)
  }
  if (config.LastUpdateStatus === 'Failed') {
    return failed(base, config.LastUpdateStatusReason)
  }
  return { ...base, state: 'ready' }
}

function failed(
  base: Omit<FunctionState, 'state'>,
  reason: string | undefined
): FunctionState {
  return { ...base, state: 'failed', ...(reason && { reason }) }
}

/**
 * Whether `arn` (a layer ARN without version) is `layer`; a bare layer name
 * matches any account's layer of that name, which can only keep more.
 */
function sameLayer(arn: string, layer: string): boolean {
  if (arn === layer) return true
  return !layer.includes(':') && arn.endsWith(`:layer:${layer}`)
}

export class AwsFunctions implements FunctionsApi {
  constructor(
    private readonly region: string,
    /** The retrying client: every call here is safe to repeat (see updateLayers). */
    private readonly lambda: LambdaClient
  ) {}

  async getFunction(fn: FunctionRef): Promise<FunctionState> {
    try {
      const config = await this.lambda.send(
        new GetFunctionConfigurationCommand({ FunctionName: fn.name })
      )
      return functionState(config)
    } catch (error) {
      throw toProviderError(error, 'GetFunctionConfiguration', this.region)
    }
  }

  /**
   * With RevisionId, a repeat of an update whose answer was lost is refused
   * as a conflict (the first one changed the revision), never applied twice.
   */
  async updateLayers(
    fn: FunctionRef,
    layers: LayerUse[],
    revisionId?: string
  ): Promise<void> {
    try {
      await this.lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: fn.name,
          Layers: layers.map((l) => `${l.layer}:${l.version}`),
          ...(revisionId !== undefined && { RevisionId: revisionId })
        })
      )
    } catch (error) {
      throw toProviderError(error, 'UpdateFunctionConfiguration', this.region)
    }
  }

  /** Lambda answers the existing version when nothing changed since it. */
  async publishVersion(fn: FunctionRef, revisionId?: string): Promise<string> {
    try {
      const out = await this.lambda.send(
        new PublishVersionCommand({
          FunctionName: fn.name,
          ...(revisionId !== undefined && { RevisionId: revisionId })
        })
      )
      if (out.Version === undefined) {
        throw new Error('PublishVersion answered without a Version')
      }
      return out.Version
    } catch (error) {
      throw toProviderError(error, 'PublishVersion', this.region)
    }
  }

  /** A concurrent run that created the alias first makes this an update. */
  async pointAlias(
    fn: FunctionRef,
    alias: string,
    version: string
  ): Promise<void> {
    const input = {
      FunctionName: fn.name,
      Name: alias,
      FunctionVersion: version
    }
    if (!(await this.aliasExists(fn, alias))) {
      try {
        await this.lambda.send(new CreateAliasCommand(input))
        return
      } catch (error) {
        if ((error as AwsLikeError).name !== 'ResourceConflictException') {
          throw toProviderError(error, 'CreateAlias', this.region)
        }
      }
    }
    try {
      await this.lambda.send(new UpdateAliasCommand(input))
    } catch (error) {
      throw toProviderError(error, 'UpdateAlias', this.region)
    }
  }

  private async aliasExists(fn: FunctionRef, alias: string): Promise<boolean> {
    try {
      await this.lambda.send(
        new GetAliasCommand({ FunctionName: fn.name, Name: alias })
      )
      return true
    } catch (error) {
      if ((error as AwsLikeError).name === 'ResourceNotFoundException') {
        return false
      }
      throw toProviderError(error, 'GetAlias', this.region)
    }
  }

  /** Every function and published function version, every page. */
  async layerUsers(layer: string): Promise<Map<number, string[]>> {
    const users = new Map<number, string[]>()
    let marker: string | undefined
    try {
      do {
        const page = await this.lambda.send(
          new ListFunctionsCommand({
            FunctionVersion: 'ALL',
            MaxItems: 50,
            ...(marker !== undefined && { Marker: marker })
          })
        )
        for (const config of page.Functions ?? []) {
          for (const use of layersOf(config)) {
            if (!sameLayer(use.layer, layer)) continue
            const list = users.get(use.version) ?? []
            list.push(userName(config))
            users.set(use.version, list)
          }
        }
        marker = page.NextMarker
      } while (marker)
    } catch (error) {
      throw toProviderError(error, 'ListFunctions', this.region)
    }
    return users
  }
}

/** `name` for $LATEST, `name:3` for a published version. */
function userName(config: FunctionConfiguration): string {
  const name = config.FunctionName ?? config.FunctionArn ?? '?'
  const version = config.Version
  return version === undefined || version === '$LATEST'
    ? name
    : `${name}:${version}`
}
