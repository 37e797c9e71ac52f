/**
 * The Lambda API on the AWS endpoint: its operation table (method, path
 * template, handler) and what the shared pipeline needs from it. Adding an
 * operation is adding one row to OPERATIONS. Layer versions live in
 * lambda-layers.ts, functions in lambda-functions.ts and lambda-aliases.ts.
 */
import { randomUUID } from 'node:crypto'
import { decodeOr } from '../core/body.js'
import {
  createAlias,
  getAlias,
  publishVersion,
  updateAlias
} from './lambda-aliases.js'
import {
  createFunction,
  type FunctionParams,
  getConfiguration,
  getFunction,
  listFunctions,
  updateConfiguration
} from './lambda-functions.js'
import {
  acceptedRuntimes,
  deleteVersion,
  getVersion,
  getVersionByArn,
  LAMBDA_PUBLISH_BODY_LIMIT,
  type LambdaState,
  type LayerParams,
  listLayers,
  listVersions,
  publish
} from './lambda-layers.js'
import { addPermission, getPolicy, removePermission } from './lambda-policy.js'
import {
  LambdaFailure,
  lambdaAuthErrors,
  lambdaError,
  lambdaFaultReply
} from './lambda-wire.js'
import { sha256Hex } from './sigv4.js'
import type { AwsApi, AwsRoute, Reply, RequestContext } from './types.js'
import type { SigV4Profile } from './verify.js'

export {
  LAMBDA_PUBLISH_BODY_LIMIT,
  LAMBDA_UNZIPPED_LIMIT
} from './lambda-layers.js'
export { LambdaState, layerContent } from './lambda-layers.js'

interface LambdaOperation {
  operation: string
  method: string
  /** Path under `base`; `{name}` segments become parameters. */
  path: string
  /** A query parameter the operation is recognised by. */
  query?: [name: string, value: string]
  write: boolean
  bodyLimit?: number
  handle(ctx: RequestContext, state: LambdaState, params: Params): Reply
}

type Params = LayerParams & FunctionParams

const LAYERS = '/2018-10-31/layers'
const FUNCTIONS = '/2015-03-31/functions'

const layerSizes = (state: LambdaState) => state.layerSize.bind(state)

/** Function operations: the paths botocore's lambda model gives, 201 where it says. */
const FUNCTION_OPERATIONS: Array<LambdaOperation & { base: string }> = [
  {
    base: FUNCTIONS,
    operation: 'ListFunctions',
    method: 'GET',
    path: '',
    write: false,
    handle: (ctx, state) => listFunctions(ctx, state.functions)
  },
  {
    base: FUNCTIONS,
    operation: 'CreateFunction',
    method: 'POST',
    path: '',
    write: true,
    bodyLimit: LAMBDA_PUBLISH_BODY_LIMIT,
    handle: (ctx, state) =>
      createFunction(
        ctx,
        state.functions,
        layerSizes(state),
        acceptedRuntimes(ctx)
      )
  },
  {
    base: FUNCTIONS,
    operation: 'GetFunction',
    method: 'GET',
    path: '{functionName}',
    write: false,
    handle: (ctx, state, p) => getFunction(ctx, state.functions, p)
  },
  {
    base: FUNCTIONS,
    operation: 'GetFunctionConfiguration',
    method: 'GET',
    path: '{functionName}/configuration',
    write: false,
    handle: (ctx, state, p) => getConfiguration(ctx, state.functions, p)
  },
  {
    base: FUNCTIONS,
    operation: 'UpdateFunctionConfiguration',
    method: 'PUT',
    path: '{functionName}/configuration',
    write: true,
    handle: (ctx, state, p) =>
      updateConfiguration(
        ctx,
        state.functions,
        p,
        layerSizes(state),
        acceptedRuntimes(ctx)
      )
  },
  {
    base: FUNCTIONS,
    operation: 'PublishVersion',
    method: 'POST',
    path: '{functionName}/versions',
    write: true,
    handle: (ctx, state, p) => publishVersion(ctx, state.functions, p)
  },
  {
    base: FUNCTIONS,
    operation: 'CreateAlias',
    method: 'POST',
    path: '{functionName}/aliases',
    write: true,
    handle: (ctx, state, p) => createAlias(ctx, state.functions, p)
  },
  {
    base: FUNCTIONS,
    operation: 'GetAlias',
    method: 'GET',
    path: '{functionName}/aliases/{aliasName}',
    write: false,
    handle: (ctx, state, p) => getAlias(ctx, state.functions, p)
  },
  {
    base: FUNCTIONS,
    operation: 'UpdateAlias',
    method: 'PUT',
    path: '{functionName}/aliases/{aliasName}',
    write: true,
    handle: (ctx, state, p) => updateAlias(ctx, state.functions, p)
  }
]

const OPERATIONS: Array<LambdaOperation & { base: string }> = [
  {
    base: LAYERS,
    operation: 'GetLayerVersionByArn',
    method: 'GET',
    path: '',
    query: ['find', 'LayerVersion'],
    write: false,
    handle: (ctx, state) => getVersionByArn(ctx, state)
  },
  {
    base: LAYERS,
    operation: 'ListLayers',
    method: 'GET',
    path: '',
    write: false,
    handle: (ctx, state) => listLayers(ctx, state)
  },
  {
    base: LAYERS,
    operation: 'PublishLayerVersion',
    method: 'POST',
    path: '{layerName}/versions',
    write: true,
    bodyLimit: LAMBDA_PUBLISH_BODY_LIMIT,
    handle: publish
  },
  {
    base: LAYERS,
    operation: 'ListLayerVersions',
    method: 'GET',
    path: '{layerName}/versions',
    write: false,
    handle: listVersions
  },
  {
    base: LAYERS,
    operation: 'GetLayerVersion',
    method: 'GET',
    path: '{layerName}/versions/{versionNumber}',
    write: false,
    handle: getVersion
  },
  {
    base: LAYERS,
    operation: 'DeleteLayerVersion',
    method: 'DELETE',
    path: '{layerName}/versions/{versionNumber}',
    write: true,
    handle: deleteVersion
  },
  {
    base: LAYERS,
    operation: 'AddLayerVersionPermission',
    method: 'POST',
    path: '{layerName}/versions/{versionNumber}/policy',
    write: true,
    handle: addPermission
  },
  {
    base: LAYERS,
    operation: 'GetLayerVersionPolicy',
    method: 'GET',
    path: '{layerName}/versions/{versionNumber}/policy',
    write: false,
    handle: getPolicy
  },
  {
    base: LAYERS,
    operation: 'RemoveLayerVersionPermission',
    method: 'DELETE',
    path: '{layerName}/versions/{versionNumber}/policy/{statementId}',
    write: true,
    handle: removePermission
  },
  ...FUNCTION_OPERATIONS
]

/** Matches the decoded, non-empty segments against a template. */
function matchPath(
  template: string,
  segments: string[]
): Record<string, string> | undefined {
  const parts = template.split('/').filter((p) => p !== '')
  if (parts.length !== segments.length) return undefined
  const params: Record<string, string> = {}
  for (const [i, part] of parts.entries()) {
    const segment = segments[i] ?? ''
    const name = /^\{(\w+)\}$/.exec(part)?.[1]
    if (name !== undefined) params[name] = segment
    else if (part !== segment) return undefined
  }
  return params
}

function lambdaRoute(
  state: LambdaState,
  method: string,
  rawPath: string,
  query: URLSearchParams
): AwsRoute | undefined {
  for (const op of OPERATIONS) {
    if (op.method !== method || !rawPath.startsWith(op.base)) continue
    if (op.query && query.get(op.query[0]) !== op.query[1]) continue
    const segments = rawPath
      .slice(op.base.length)
      .split('/')
      .filter((p) => p !== '')
      .map(decodeOr)
    const params = matchPath(op.path, segments)
    if (!params) continue
    return {
      operation: op.operation,
      write: op.write,
      ...(op.bodyLimit !== undefined && { bodyLimit: op.bodyLimit }),
      handle: (ctx) => {
        try {
          return op.handle(ctx, state, params)
        } catch (error) {
          if (error instanceof LambdaFailure) return error.reply
          throw error
        }
      }
    }
  }
  return undefined
}

/** Lambda hashes the body itself; a sent x-amz-content-sha256 must agree (it is signed). */
function lambdaProfile(base: {
  requestId: string
  method: string
}): SigV4Profile {
  return {
    service: 'lambda',
    errors: lambdaAuthErrors(base),
    signAllAmzHeaders: false,
    payloadHash: (_req, _auth, raw) => sha256Hex(raw),
    payload: (_req, raw) => ({ body: raw, trailers: new Map() })
  }
}

export function lambdaApi(state: LambdaState): AwsApi {
  return {
    service: 'lambda',
    profile: lambdaProfile,
    requestId: () => randomUUID(),
    route: (method, rawPath, query) =>
      lambdaRoute(state, method, rawPath, query),
    tooLarge: (base, route) =>
      lambdaError(
        base,
        413,
        'RequestEntityTooLargeException',
        `Request must be smaller than ${route?.bodyLimit ?? 0} bytes for the ${route?.operation ?? 'Unknown'} operation`
      ),
    unknown: (base) =>
      lambdaError(base, 404, 'UnknownOperationException', 'Unknown operation'),
    faultReply: lambdaFaultReply
  }
}
