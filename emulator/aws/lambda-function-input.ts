/**
 * What CreateFunction and UpdateFunctionConfiguration read from a request:
 * the configuration members, the runtime, the deployment package, and
 * `Layers` under Lambda's rules.
 */
import { NotAZipError, readZipInfo } from '../core/zip-info.js'
import {
  invalid,
  LambdaFailure,
  lambdaError,
  optList,
  optString,
  Validation
} from './lambda-wire.js'
import type { RequestContext } from './types.js'

export const MAX_LAYERS = 5

const ROLE_PATTERN =
  'arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+'

const LAYER_VERSION_ARN =
  'arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+'

/**
 * Resolves `Layers` as Lambda does: at most five, one version per layer,
 * each an existing version in the function's own region.
 */
export function resolveLayers(
  ctx: RequestContext,
  arns: string[],
  codeSize: (
    region: string,
    layer: string,
    version: number
  ) => number | undefined
): Array<{ Arn: string; CodeSize: number }> {
  const v = new Validation()
  if (arns.some((a) => !new RegExp(`^(?:${LAYER_VERSION_ARN})$`).test(a))) {
    v.add(
      arns,
      'layers',
      `Member must satisfy constraint: [Member must have length less than or equal to 140, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: ${LAYER_VERSION_ARN}, Member must not be null]`
    )
  }
  v.throwIfAny(ctx)
  if (arns.length > MAX_LAYERS) {
    invalid(ctx, `Cannot reference more than ${MAX_LAYERS} layers.`)
  }
  const parsed = arns.map((arn) => {
    const m = /^arn:[^:]+:lambda:([^:]+):(\d{12}):layer:([^:]+):(\d+)$/.exec(
      arn
    )!
    return {
      arn,
      region: m[1]!,
      account: m[2]!,
      layer: arn.slice(0, arn.lastIndexOf(':')),
      name: m[3]!,
      version: Number(m[4])
    }
  })
  if (new Set(parsed.map((p) => p.layer)).size < parsed.length) {
    invalid(ctx, 'Two different versions of the same layer are not allowed.')
  }
  if (parsed.some((p) => p.region !== ctx.region)) {
    invalid(
      ctx,
      `Layers are not in the same region as the function. Layers are expected to be in region ${ctx.region}.`
    )
  }
  return parsed.map((p) => {
    // One account is emulated: another account's layer cannot exist.
    const size =
      p.account === ctx.accountId
        ? codeSize(p.region, p.name, p.version)
        : undefined
    if (size === undefined)
      invalid(ctx, `Layer version ${p.arn} does not exist.`)
    return { Arn: p.arn, CodeSize: size }
  })
}

export type LayerSizes = (
  region: string,
  layer: string,
  version: number
) => number | undefined

function optInt(
  ctx: RequestContext,
  body: Record<string, unknown>,
  key: string
): number | undefined {
  const value = body[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new LambdaFailure(
      lambdaError(
        ctx,
        400,
        'InvalidRequestContentException',
        `Could not parse request body into json: Could not parse payload into json: Unexpected value for ${key}`
      )
    )
  }
  return value
}

/** The configuration members CreateFunction and UpdateFunctionConfiguration share. */
export function configMembers(
  ctx: RequestContext,
  body: Record<string, unknown>,
  v: Validation
) {
  const out = {
    role: optString(ctx, body, 'Role'),
    handler: optString(ctx, body, 'Handler'),
    runtime: optString(ctx, body, 'Runtime'),
    description: optString(ctx, body, 'Description'),
    timeout: optInt(ctx, body, 'Timeout'),
    memorySize: optInt(ctx, body, 'MemorySize'),
    layers: optList(ctx, body, 'Layers')
  }
  v.pattern(out.role, 'role', ROLE_PATTERN)
  v.length(out.handler, 'handler', 0, 128)
  v.pattern(out.handler, 'handler', '[^\\s]+')
  v.length(out.description, 'description', 0, 256)
  if (out.timeout !== undefined && out.timeout < 1) {
    v.add(
      out.timeout,
      'timeout',
      'Member must have value greater than or equal to 1'
    )
  }
  if (out.memorySize !== undefined && out.memorySize < 128) {
    v.add(
      out.memorySize,
      'memorySize',
      'Member must have value greater than or equal to 128'
    )
  }
  if (out.memorySize !== undefined && out.memorySize > 32768) {
    v.add(
      out.memorySize,
      'memorySize',
      'Member must have value less than or equal to 32768'
    )
  }
  return out
}

export function checkRuntime(
  ctx: RequestContext,
  runtime: string | undefined,
  accepted: readonly string[]
): void {
  if (runtime === undefined || accepted.includes(runtime)) return
  const v = new Validation()
  v.add(
    runtime,
    'runtime',
    `Member must satisfy enum value set: [${accepted.join(', ')}] or be a valid ARN`
  )
  v.throwIfAny(ctx)
}

/** The deployment package: inline, or an object in a bucket of the region. */
export function functionCode(ctx: RequestContext, code: unknown): Buffer {
  if (code === undefined || code === null || typeof code !== 'object') {
    const v = new Validation()
    v.add(null, 'code', 'Member must not be null')
    v.throwIfAny(ctx)
  }
  const c = code as Record<string, unknown>
  const zipFile = optString(ctx, c, 'ZipFile')
  const s3Bucket = optString(ctx, c, 'S3Bucket')
  const s3Key = optString(ctx, c, 'S3Key')
  let bytes: Buffer
  if (zipFile !== undefined) bytes = Buffer.from(zipFile, 'base64')
  else if (s3Bucket !== undefined && s3Key !== undefined) {
    const bucket = ctx.hub.store.get('s3', s3Bucket)
    const object =
      bucket?.region === ctx.region ? bucket.objects.get(s3Key) : undefined
    if (!object) {
      invalid(
        ctx,
        `Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.`
      )
    }
    bytes = object.body
  } else {
    invalid(
      ctx,
      'Please provide a source for function code: ZipFile, or both S3Bucket and S3Key.'
    )
  }
  try {
    readZipInfo(bytes, 0)
  } catch (error) {
    if (!(error instanceof NotAZipError)) throw error
    invalid(
      ctx,
      'Could not unzip uploaded file. Please check your file, then try to upload again.'
    )
  }
  return bytes
}

export function optArchitectures(
  ctx: RequestContext,
  body: Record<string, unknown>,
  v: Validation
): string[] | undefined {
  const list = optList(ctx, body, 'Architectures')
  if (list?.some((a) => a !== 'x86_64' && a !== 'arm64')) {
    v.add(
      list,
      'architectures',
      'Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]'
    )
  }
  return list
}
