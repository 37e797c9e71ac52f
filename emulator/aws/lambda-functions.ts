/**
 * Lambda functions (`/2015-03-31/functions`), per region: enough of the
 * service for a real client to set the scene the action works in — create,
 * read, update the configuration (layers above all), list every version,
 * publish versions and point aliases (lambda-aliases.ts). Rules, shapes and
 * error texts follow the service (botocore's lambda model, AWS's docs).
 */
import { createHash, randomUUID } from 'node:crypto'
import { PerRegion } from '../core/per-region.js'
import {
  invalid,
  LambdaFailure,
  lambdaError,
  notFound,
  ok,
  optString,
  parseJson,
  Validation
} from './lambda-wire.js'
import {
  checkRuntime,
  configMembers,
  optArchitectures,
  functionCode,
  type LayerSizes,
  resolveLayers
} from './lambda-function-input.js'
import type { Reply, RequestContext } from './types.js'

/** The path parameters of a function operation. */
export interface FunctionParams {
  functionName?: string
  aliasName?: string
}

/** What a version (or $LATEST) is configured with. */
export interface FunctionConfig {
  runtime?: string
  role: string
  handler?: string
  description: string
  timeout: number
  memorySize: number
  layers: Array<{ Arn: string; CodeSize: number }>
  architectures: string[]
  codeSha256: string
  codeSize: number
}

export interface FunctionRevision {
  config: FunctionConfig
  revisionId: string
  lastModified: string
}

export interface Alias {
  name: string
  functionVersion: string
  description: string
  revisionId: string
}

export interface LambdaFunction {
  name: string
  latest: FunctionRevision
  /** Until then (ms), $LATEST is being created or updated. */
  busyUntil: number
  busy: 'creating' | 'updating' | undefined
  lastVersion: number
  versions: Map<number, FunctionRevision>
  /** $LATEST's configuration when the last version was published. */
  publishedFrom?: FunctionConfig
  aliases: Map<string, Alias>
}

/**
 * Functions per region. How long an update stays InProgress is the setting
 * `lambdaUpdateDelayMs` (default DEFAULT_UPDATE_DELAY_MS); the clock is
 * injected so the state can be driven without waiting.
 */
export class FunctionState extends PerRegion<LambdaFunction> {
  constructor(readonly now: () => number = Date.now) {
    super()
  }

  snapshot(): unknown {
    return this.view((f) => ({
      name: f.name,
      layers: f.latest.config.layers.map((l) => l.Arn),
      versions: [...f.versions.keys()],
      aliases: Object.fromEntries(
        [...f.aliases.values()].map((a) => [a.name, a.functionVersion])
      )
    }))
  }
}

export const DEFAULT_UPDATE_DELAY_MS = 50

const FUNCTION_NAME_PATTERN =
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?'

export function lastModified(now: number): string {
  return new Date(now).toISOString().replace('Z', '+0000')
}

export function functionArn(ctx: RequestContext, name: string): string {
  return `arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${name}`
}

/** The delay an update (or a creation) stays in progress. */
export function updateDelay(ctx: RequestContext): number {
  const setting = ctx.hub.settings.lambdaUpdateDelayMs
  return typeof setting === 'number' && setting >= 0
    ? setting
    : DEFAULT_UPDATE_DELAY_MS
}

/**
 * Ends a finished creation or update. The revision changes then too, as
 * Lambda's does: a RevisionId read while InProgress is stale afterwards.
 */
export function settle(fns: FunctionState, fn: LambdaFunction): void {
  if (fn.busy === undefined || fns.now() < fn.busyUntil) return
  fn.busy = undefined
  fn.latest = { ...fn.latest, revisionId: randomUUID() }
}

/** Name (and qualifier) from a name, `name:qualifier`, a partial or full ARN. */
export function parseFunctionName(
  ctx: RequestContext,
  raw: string | undefined
): { name: string; qualifier?: string } {
  const v = new Validation()
  if (raw === undefined || raw === '') {
    v.add(null, 'functionName', 'Member must not be null')
  }
  v.length(raw, 'functionName', 1, 140)
  v.pattern(raw, 'functionName', FUNCTION_NAME_PATTERN)
  v.throwIfAny(ctx)
  const m = new RegExp(`^(?:${FUNCTION_NAME_PATTERN})$`).exec(raw!)!
  const region = m[3]?.slice(0, -1)
  const account = m[8]?.slice(0, -1)
  const name = m[10]!
  const foreign =
    (region !== undefined && region !== ctx.region) ||
    (account !== undefined && account !== ctx.accountId)
  // Another region's or account's function is not found in this one.
  if (foreign) functionNotFound(ctx, raw!)
  return { name, ...(m[12] !== undefined && { qualifier: m[12] }) }
}

export function functionNotFound(ctx: RequestContext, what: string): never {
  const arn = what.startsWith('arn:') ? what : functionArn(ctx, what)
  notFound(ctx, `Function not found: ${arn}`)
}

/** The function named by the path, settled; 404 when absent. */
export function findFunction(
  ctx: RequestContext,
  fns: FunctionState,
  params: FunctionParams
): { fn: LambdaFunction; qualifier?: string } {
  const { name, qualifier } = parseFunctionName(ctx, params.functionName)
  const fn = fns.of(ctx.region).get(name)
  if (!fn) functionNotFound(ctx, name)
  settle(fns, fn)
  return { fn, ...(qualifier !== undefined && { qualifier }) }
}

export function conflict(ctx: RequestContext, message: string): never {
  throw new LambdaFailure(
    lambdaError(ctx, 409, 'ResourceConflictException', message)
  )
}

export function preconditionFailed(ctx: RequestContext): never {
  throw new LambdaFailure(
    lambdaError(
      ctx,
      412,
      'PreconditionFailedException',
      'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id'
    )
  )
}

/** Refuses a change while a creation or an update is still in progress. */
export function refuseWhileBusy(ctx: RequestContext, fn: LambdaFunction): void {
  if (fn.busy === 'creating') {
    conflict(
      ctx,
      'The operation cannot be performed at this time. The function is currently in the following state: Pending'
    )
  }
  if (fn.busy === 'updating') {
    conflict(
      ctx,
      `The operation cannot be performed at this time. An update is in progress for resource: ${functionArn(ctx, fn.name)}`
    )
  }
}

/** FunctionConfiguration as Lambda shows $LATEST (version undefined) or a version. */
export function configuration(
  ctx: RequestContext,
  fn: LambdaFunction,
  revision: FunctionRevision,
  version?: number
): Record<string, unknown> {
  const c = revision.config
  const arn = functionArn(ctx, fn.name)
  const busy = version === undefined ? fn.busy : undefined
  return {
    FunctionName: fn.name,
    FunctionArn: version === undefined ? arn : `${arn}:${version}`,
    ...(c.runtime !== undefined && { Runtime: c.runtime }),
    Role: c.role,
    ...(c.handler !== undefined && { Handler: c.handler }),
    CodeSize: c.codeSize,
    Description: c.description,
    Timeout: c.timeout,
    MemorySize: c.memorySize,
    LastModified: revision.lastModified,
    CodeSha256: c.codeSha256,
    Version: version === undefined ? '$LATEST' : String(version),
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: revision.revisionId,
    ...(c.layers.length > 0 && { Layers: c.layers }),
    State: busy === 'creating' ? 'Pending' : 'Active',
    ...(busy === 'creating' && {
      StateReason: 'The function is being created.',
      StateReasonCode: 'Creating'
    }),
    LastUpdateStatus: busy === undefined ? 'Successful' : 'InProgress',
    ...(busy === 'updating' && {
      LastUpdateStatusReason: 'The function is being updated.',
      LastUpdateStatusReasonCode: 'Updating'
    }),
    PackageType: 'Zip',
    Architectures: c.architectures,
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${fn.name}` }
  }
}

export function createFunction(
  ctx: RequestContext,
  fns: FunctionState,
  layerSizes: LayerSizes,
  accepted: readonly string[]
): Reply {
  const body = parseJson(ctx)
  const v = new Validation()
  const name = optString(ctx, body, 'FunctionName')
  const m = configMembers(ctx, body, v)
  const architectures = optArchitectures(ctx, body, v)
  if (name === undefined) v.add(null, 'functionName', 'Member must not be null')
  if (m.role === undefined) v.add(null, 'role', 'Member must not be null')
  v.throwIfAny(ctx)
  const parsed = parseFunctionName(ctx, name)
  if (m.runtime === undefined || m.handler === undefined) {
    invalid(
      ctx,
      'Runtime and Handler are mandatory parameters for functions created with deployment packages.'
    )
  }
  checkRuntime(ctx, m.runtime, accepted)
  const code = functionCode(ctx, body.Code)
  const layers = resolveLayers(ctx, m.layers ?? [], layerSizes)
  const region = fns.of(ctx.region)
  if (region.has(parsed.name)) {
    conflict(ctx, `Function already exist: ${parsed.name}`)
  }
  const now = fns.now()
  const fn: LambdaFunction = {
    name: parsed.name,
    latest: {
      config: {
        runtime: m.runtime,
        role: m.role!,
        handler: m.handler,
        description: m.description ?? '',
        timeout: m.timeout ?? 3,
        memorySize: m.memorySize ?? 128,
        layers,
        architectures: architectures ?? ['x86_64'],
        codeSha256: createHash('sha256').update(code).digest('base64'),
        codeSize: code.length
      },
      revisionId: randomUUID(),
      lastModified: lastModified(now)
    },
    busy: 'creating',
    busyUntil: now + updateDelay(ctx),
    lastVersion: 0,
    versions: new Map(),
    aliases: new Map()
  }
  region.set(fn.name, fn)
  return ok(ctx, 201, configuration(ctx, fn, fn.latest))
}

export function updateConfiguration(
  ctx: RequestContext,
  fns: FunctionState,
  params: FunctionParams,
  layerSizes: LayerSizes,
  accepted: readonly string[]
): Reply {
  const { fn, qualifier } = findFunction(ctx, fns, params)
  if (qualifier !== undefined && qualifier !== '$LATEST') {
    invalid(ctx, 'Cannot update configuration of a published version or alias.')
  }
  const body = parseJson(ctx)
  const v = new Validation()
  const m = configMembers(ctx, body, v)
  const revisionId = optString(ctx, body, 'RevisionId')
  v.throwIfAny(ctx)
  checkRuntime(ctx, m.runtime, accepted)
  if (revisionId !== undefined && revisionId !== fn.latest.revisionId) {
    preconditionFailed(ctx)
  }
  refuseWhileBusy(ctx, fn)
  const layers =
    m.layers === undefined
      ? undefined
      : resolveLayers(ctx, m.layers, layerSizes)
  const c = fn.latest.config
  const now = fns.now()
  fn.latest = {
    config: {
      ...c,
      ...(m.runtime !== undefined && { runtime: m.runtime }),
      ...(m.role !== undefined && { role: m.role }),
      ...(m.handler !== undefined && { handler: m.handler }),
      ...(m.description !== undefined && { description: m.description }),
      ...(m.timeout !== undefined && { timeout: m.timeout }),
      ...(m.memorySize !== undefined && { memorySize: m.memorySize }),
      ...(layers !== undefined && { layers })
    },
    revisionId: randomUUID(),
    lastModified: lastModified(now)
  }
  fn.busy = 'updating'
  fn.busyUntil = now + updateDelay(ctx)
  return ok(ctx, 200, configuration(ctx, fn, fn.latest))
}

/** $LATEST, a version number or an alias: the revision and its version. */
export function qualified(
  ctx: RequestContext,
  fn: LambdaFunction,
  qualifier: string | undefined
): { revision: FunctionRevision; version?: number } {
  if (qualifier === undefined || qualifier === '$LATEST') {
    return { revision: fn.latest }
  }
  const alias = fn.aliases.get(qualifier)
  const target = alias ? alias.functionVersion : qualifier
  if (target === '$LATEST') return { revision: fn.latest }
  const version = /^\d+$/.test(target) ? Number(target) : NaN
  const revision = fn.versions.get(version)
  if (!revision)
    functionNotFound(ctx, `${functionArn(ctx, fn.name)}:${qualifier}`)
  return { revision, version }
}

function qualifierOf(
  ctx: RequestContext,
  fromName: string | undefined
): string | undefined {
  const param = ctx.url.searchParams.get('Qualifier') ?? undefined
  if (param !== undefined && fromName !== undefined && param !== fromName) {
    invalid(
      ctx,
      'The derived qualifier from the function name does not match the specified qualifier.'
    )
  }
  return param ?? fromName
}

export function getConfiguration(
  ctx: RequestContext,
  fns: FunctionState,
  params: FunctionParams
): Reply {
  const { fn, qualifier } = findFunction(ctx, fns, params)
  const q = qualified(ctx, fn, qualifierOf(ctx, qualifier))
  return ok(ctx, 200, configuration(ctx, fn, q.revision, q.version))
}

export function getFunction(
  ctx: RequestContext,
  fns: FunctionState,
  params: FunctionParams
): Reply {
  const { fn, qualifier } = findFunction(ctx, fns, params)
  const q = qualified(ctx, fn, qualifierOf(ctx, qualifier))
  return ok(ctx, 200, {
    Configuration: configuration(ctx, fn, q.revision, q.version),
    Code: { RepositoryType: 'S3' }
  })
}

/** An offset into the listing: a function created meanwhile may shift it, as real markers may skip. */
function encodeMarker(value: string): string {
  return Buffer.from(`f:${value}`, 'utf8').toString('base64url')
}

/**
 * $LATEST of each function by name; with FunctionVersion=ALL every
 * published version too, after its $LATEST. Marker is opaque; MaxItems is
 * 1–10000 (default 50).
 */
export function listFunctions(ctx: RequestContext, fns: FunctionState): Reply {
  const q = ctx.url.searchParams
  const v = new Validation()
  const fv = q.get('FunctionVersion')
  if (fv !== null && fv !== 'ALL') {
    v.add(fv, 'functionVersion', 'Member must satisfy enum value set: [ALL]')
  }
  const rawMax = q.get('MaxItems')
  if (rawMax !== null && !/^\d+$/.test(rawMax)) {
    invalid(ctx, `Invalid MaxItems: ${rawMax}`)
  }
  const max = rawMax === null ? 50 : Number(rawMax)
  if (max < 1)
    v.add(
      rawMax,
      'maxItems',
      'Member must have value greater than or equal to 1'
    )
  if (max > 10000)
    v.add(
      rawMax,
      'maxItems',
      'Member must have value less than or equal to 10000'
    )
  v.throwIfAny(ctx)
  const all: Array<Record<string, unknown>> = []
  const sorted = [...fns.of(ctx.region).values()].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0
  )
  for (const fn of sorted) {
    settle(fns, fn)
    all.push(configuration(ctx, fn, fn.latest))
    if (fv !== 'ALL') continue
    for (const [n, revision] of [...fn.versions].sort((a, b) => a[0] - b[0])) {
      all.push(configuration(ctx, fn, revision, n))
    }
  }
  let start = 0
  const marker = q.get('Marker')
  if (marker !== null) {
    const text = Buffer.from(marker, 'base64url').toString('utf8')
    if (!text.startsWith('f:')) invalid(ctx, `Invalid marker: ${marker}`)
    start = Number(text.slice(2))
    if (!Number.isInteger(start) || start < 0)
      invalid(ctx, `Invalid marker: ${marker}`)
  }
  const page = all.slice(start, start + max)
  return ok(ctx, 200, {
    Functions: page,
    ...(start + max < all.length && {
      NextMarker: encodeMarker(String(start + max))
    })
  })
}
