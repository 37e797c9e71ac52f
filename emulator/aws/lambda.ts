/**
 * Lambda layer API (restJson1, `/2018-10-31/layers`), per region. Shapes,
 * status codes, limits and error texts follow the service (see
 * /work/shared/reference/api-facts.md section A and the README).
 */
import { createHash, randomUUID } from 'node:crypto'
import { Runtime } from '@aws-sdk/client-lambda'
import type { KeptArchive } from '../core.js'
import type { Operation, Reply, RequestContext } from './types.js'
import { NotAZipError, readZipInfo } from './zipinfo.js'

/** Inline request bodies above this get 413 (50 MiB raw zip, base64 in JSON). */
export const LAMBDA_PUBLISH_BODY_LIMIT = 69_905_067
export const LAMBDA_UNZIPPED_LIMIT = 262_144_000
/** Archives up to this size are kept so Content.Location can serve them. */
const KEEP_BYTES_LIMIT = 8 * 1024 * 1024
/** Of a larger archive only the end is kept: ranged reads of it still work. */
const TAIL_BYTES = 64 * 1024
const BASE = '/2018-10-31/layers'

const RUNTIMES = Object.values(Runtime) as string[]
const ARCHITECTURES = ['x86_64', 'arm64']
const LAYER_NAME_PATTERN =
  '(arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+'
const LAYER_VERSION_ARN_PATTERN =
  'arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+'
const S3_BUCKET_PATTERN = '^[0-9A-Za-z\\.\\-_]*(?<!\\.)$'
const STATEMENT_ID_PATTERN = '([a-zA-Z0-9-_]+)'
const PRINCIPAL_PATTERN = '\\d{12}|\\*|arn:(aws[a-zA-Z-]*):iam::\\d{12}:root'
const ORGANIZATION_PATTERN = 'o-[a-z0-9]{10,32}'

interface Statement {
  Sid: string
  Effect: 'Allow'
  Principal: '*' | { AWS: string }
  Action: string
  Resource: string
  Condition?: { StringEquals: { 'aws:PrincipalOrgID': string } }
}

interface LayerVersion {
  version: number
  description?: string
  licenseInfo?: string
  runtimes?: string[]
  architectures?: string[]
  createdDate: string
  codeSha256: string
  codeSize: number
  unzippedSize: number
  entries: number
  /** Kept only for small archives. */
  bytes?: Buffer
  /** The last TAIL_BYTES of a larger one (its end records and comment). */
  tail?: Buffer
  source: string
  policy?: { revisionId: string; statements: Statement[] }
}

interface Layer {
  name: string
  /** Highest version ever published: numbers are never reused. */
  lastVersion: number
  versions: Map<number, LayerVersion>
}

export class LambdaState {
  /** region → layer name → layer */
  readonly regions = new Map<string, Map<string, Layer>>()

  layers(region: string): Map<string, Layer> {
    let map = this.regions.get(region)
    if (!map) {
      map = new Map()
      this.regions.set(region, map)
    }
    return map
  }

  snapshot(): unknown {
    const out: Record<string, unknown> = {}
    for (const [region, layers] of this.regions) {
      out[region] = [...layers.values()].map((l) => ({
        name: l.name,
        lastVersion: l.lastVersion,
        versions: [...l.versions.values()].map((v) => ({
          version: v.version,
          codeSha256: v.codeSha256,
          codeSize: v.codeSize,
          unzippedSize: v.unzippedSize,
          entries: v.entries,
          source: v.source,
          compatibleRuntimes: v.runtimes ?? [],
          compatibleArchitectures: v.architectures ?? [],
          statements: v.policy?.statements.map((s) => s.Sid) ?? []
        }))
      }))
    }
    return out
  }
}

// ---------------------------------------------------------------- routing

interface Route extends Operation {
  layerName?: string
  versionNumber?: string
  statementId?: string
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/** Names the operation from method and path; undefined when none matches. */
export function lambdaRoute(
  method: string,
  rawPath: string,
  query: URLSearchParams
): Route | undefined {
  if (!rawPath.startsWith(BASE)) return undefined
  const rest = rawPath.slice(BASE.length)
  const parts = rest
    .split('/')
    .filter((p) => p !== '')
    .map(decode)
  const [name, versions, number, policy, sid] = parts
  if (parts.length === 0) {
    if (method !== 'GET') return undefined
    if (query.get('find') === 'LayerVersion') {
      return { operation: 'GetLayerVersionByArn', write: false }
    }
    return { operation: 'ListLayers', write: false }
  }
  if (versions !== 'versions') return undefined
  if (parts.length === 2) {
    if (method === 'POST') {
      return {
        operation: 'PublishLayerVersion',
        write: true,
        bodyLimit: LAMBDA_PUBLISH_BODY_LIMIT,
        layerName: name!
      }
    }
    if (method === 'GET') {
      return { operation: 'ListLayerVersions', write: false, layerName: name! }
    }
    return undefined
  }
  if (parts.length === 3) {
    const base = { layerName: name!, versionNumber: number! }
    if (method === 'GET')
      return { operation: 'GetLayerVersion', write: false, ...base }
    if (method === 'DELETE')
      return { operation: 'DeleteLayerVersion', write: true, ...base }
    return undefined
  }
  if (policy !== 'policy') return undefined
  const base = { layerName: name!, versionNumber: number! }
  if (parts.length === 4) {
    if (method === 'POST')
      return { operation: 'AddLayerVersionPermission', write: true, ...base }
    if (method === 'GET')
      return { operation: 'GetLayerVersionPolicy', write: false, ...base }
    return undefined
  }
  if (parts.length === 5 && method === 'DELETE') {
    return {
      operation: 'RemoveLayerVersionPermission',
      write: true,
      ...base,
      statementId: sid!
    }
  }
  return undefined
}

// ---------------------------------------------------------------- errors

/**
 * Lambda's error wire form: `x-amzn-ErrorType` header and a JSON body. The
 * member is `Message` for ResourceNotFound and ServiceException, `message`
 * for the modeled user errors; framework errors (validation, signing) carry
 * only `message`.
 */
export function lambdaError(
  ctx: { requestId: string },
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {}
): Reply {
  let body: Record<string, unknown>
  if (code === 'ResourceNotFoundException') {
    body = { Type: 'User', Message: message }
  } else if (code === 'ServiceException') {
    body = { Type: 'Service', Message: message }
  } else if (
    code === 'ValidationException' ||
    code === 'InvalidSignatureException' ||
    code === 'UnrecognizedClientException' ||
    code === 'MissingAuthenticationTokenException' ||
    code === 'UnknownOperationException' ||
    code === 'IncompleteSignatureException'
  ) {
    body = { message }
  } else {
    body = { Type: 'User', message }
  }
  return {
    status,
    headers: {
      'content-type': 'application/json',
      'x-amzn-requestid': ctx.requestId,
      'x-amzn-errortype': code,
      ...headers
    },
    body: JSON.stringify({ ...extra, ...body }),
    errorCode: code
  }
}

function ok(ctx: RequestContext, status: number, value?: unknown): Reply {
  if (value === undefined) {
    return { status, headers: { 'x-amzn-requestid': ctx.requestId } }
  }
  return {
    status,
    headers: {
      'content-type': 'application/json',
      'x-amzn-requestid': ctx.requestId
    },
    body: JSON.stringify(value)
  }
}

class LambdaFailure extends Error {
  constructor(readonly reply: Reply) {
    super(reply.errorCode)
  }
}

/** Collects constraint violations into Lambda's "N validation errors detected" text. */
class Validation {
  readonly problems: string[] = []
  add(value: unknown, member: string, constraint: string): void {
    const shown =
      value === null || value === undefined
        ? 'null'
        : Array.isArray(value)
          ? `'[${value.map(String).join(', ')}]'`
          : `'${String(value)}'`
    this.problems.push(
      `Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`
    )
  }
  length(
    value: string | undefined,
    member: string,
    min: number,
    max: number
  ): void {
    if (value === undefined) return
    if (value.length > max) {
      this.add(
        value,
        member,
        `Member must have length less than or equal to ${max}`
      )
    } else if (value.length < min) {
      this.add(
        value,
        member,
        `Member must have length greater than or equal to ${min}`
      )
    }
  }
  pattern(value: string | undefined, member: string, pattern: string): void {
    if (value === undefined) return
    if (!new RegExp(`^(?:${pattern})$`).test(value)) {
      this.add(
        value,
        member,
        `Member must satisfy regular expression pattern: ${pattern}`
      )
    }
  }
  throwIfAny(ctx: { requestId: string }): void {
    const n = this.problems.length
    if (n === 0) return
    const head =
      n === 1
        ? '1 validation error detected: '
        : `${n} validation errors detected: `
    throw new LambdaFailure(
      lambdaError(
        ctx,
        400,
        'ValidationException',
        head + this.problems.join('; ')
      )
    )
  }
}

function notFound(
  ctx: RequestContext,
  message = 'The resource you requested does not exist.'
): never {
  throw new LambdaFailure(
    lambdaError(ctx, 404, 'ResourceNotFoundException', message)
  )
}

function invalid(ctx: RequestContext, message: string): never {
  throw new LambdaFailure(
    lambdaError(ctx, 400, 'InvalidParameterValueException', message)
  )
}

// ---------------------------------------------------------------- helpers

function createdDate(): string {
  return new Date().toISOString().replace('Z', '+0000')
}

function layerArn(ctx: RequestContext, name: string): string {
  return `arn:aws:lambda:${ctx.region}:${ctx.accountId}:layer:${name}`
}

/** Plain name from a name or a layer ARN. */
function plainName(nameOrArn: string): string {
  const m = /:layer:([a-zA-Z0-9-_]+)$/.exec(nameOrArn)
  return m ? m[1]! : nameOrArn
}

function validateLayerName(v: Validation, name: string): void {
  v.length(name, 'layerName', 1, 140)
  v.pattern(name, 'layerName', LAYER_NAME_PATTERN)
}

function parseVersion(ctx: RequestContext, raw: string | undefined): number {
  if (raw === undefined || !/^-?\d+$/.test(raw)) {
    invalid(ctx, `Invalid version number: ${raw ?? ''}`)
  }
  return Number(raw)
}

function listItem(
  ctx: RequestContext,
  layer: Layer,
  v: LayerVersion
): Record<string, unknown> {
  const item: Record<string, unknown> = {
    LayerVersionArn: `${layerArn(ctx, layer.name)}:${v.version}`,
    Version: v.version,
    CreatedDate: v.createdDate
  }
  if (v.description !== undefined) item.Description = v.description
  if (v.runtimes) item.CompatibleRuntimes = v.runtimes
  if (v.licenseInfo !== undefined) item.LicenseInfo = v.licenseInfo
  if (v.architectures) item.CompatibleArchitectures = v.architectures
  return item
}

function versionResponse(
  ctx: RequestContext,
  layer: Layer,
  v: LayerVersion
): Record<string, unknown> {
  const location = `http://${ctx.host}/_emulator/aws/layer-content/${encodeURIComponent(ctx.region)}/${encodeURIComponent(layer.name)}/${v.version}`
  const out: Record<string, unknown> = {
    Content: {
      Location: location,
      CodeSha256: v.codeSha256,
      CodeSize: v.codeSize
    },
    LayerArn: layerArn(ctx, layer.name),
    LayerVersionArn: `${layerArn(ctx, layer.name)}:${v.version}`,
    CreatedDate: v.createdDate,
    Version: v.version
  }
  if (v.description !== undefined) out.Description = v.description
  if (v.runtimes) out.CompatibleRuntimes = v.runtimes
  if (v.licenseInfo !== undefined) out.LicenseInfo = v.licenseInfo
  if (v.architectures) out.CompatibleArchitectures = v.architectures
  return out
}

function encodeMarker(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64url')
}
function decodeMarker(ctx: RequestContext, marker: string): string {
  const text = Buffer.from(marker, 'base64url').toString('utf8')
  if (!text.startsWith('m:')) invalid(ctx, `Invalid marker: ${marker}`)
  return text.slice(2)
}

function maxItems(
  ctx: RequestContext,
  v: Validation,
  raw: string | null
): number {
  if (raw === null) return 50
  if (!/^\d+$/.test(raw)) invalid(ctx, `Invalid MaxItems: ${raw}`)
  const n = Number(raw)
  if (n < 1)
    v.add(raw, 'maxItems', 'Member must have value greater than or equal to 1')
  if (n > 50)
    v.add(raw, 'maxItems', 'Member must have value less than or equal to 50')
  return n
}

function filters(
  ctx: RequestContext,
  v: Validation
): { runtime?: string; arch?: string } {
  const runtime = ctx.url.searchParams.get('CompatibleRuntime') ?? undefined
  const arch = ctx.url.searchParams.get('CompatibleArchitecture') ?? undefined
  if (runtime !== undefined && !RUNTIMES.includes(runtime)) {
    v.add(
      runtime,
      'compatibleRuntime',
      `Member must satisfy enum value set: [${RUNTIMES.join(', ')}]`
    )
  }
  if (arch !== undefined && !ARCHITECTURES.includes(arch)) {
    v.add(
      arch,
      'compatibleArchitecture',
      `Member must satisfy enum value set: [${ARCHITECTURES.join(', ')}]`
    )
  }
  return {
    ...(runtime !== undefined && { runtime }),
    ...(arch !== undefined && { arch })
  }
}

function matches(
  v: LayerVersion,
  f: { runtime?: string; arch?: string }
): boolean {
  if (f.runtime !== undefined && !(v.runtimes ?? []).includes(f.runtime))
    return false
  if (f.arch !== undefined && !(v.architectures ?? []).includes(f.arch))
    return false
  return true
}

function findVersion(
  ctx: RequestContext,
  state: LambdaState,
  route: Route
): { layer: Layer; version: LayerVersion } {
  const v = new Validation()
  validateLayerName(v, route.layerName ?? '')
  v.throwIfAny(ctx)
  const number = parseVersion(ctx, route.versionNumber)
  const layer = state.layers(ctx.region).get(plainName(route.layerName ?? ''))
  const version = layer?.versions.get(number)
  if (!layer || !version) notFound(ctx)
  return { layer, version }
}

function parseJson(ctx: RequestContext): Record<string, unknown> {
  if (ctx.body.length === 0) return {}
  try {
    const value = JSON.parse(ctx.body.toString('utf8')) as unknown
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return value as Record<string, unknown>
    }
  } catch {
    // fall through
  }
  throw new LambdaFailure(
    lambdaError(
      ctx,
      400,
      'InvalidRequestContentException',
      'Could not parse request body into json: Could not parse payload into json'
    )
  )
}

function optString(
  ctx: RequestContext,
  body: Record<string, unknown>,
  key: string
): string | undefined {
  const value = body[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') {
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

function optList(
  ctx: RequestContext,
  body: Record<string, unknown>,
  key: string
): string[] | undefined {
  const value = body[key]
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value) || value.some((x) => typeof x !== 'string')) {
    throw new LambdaFailure(
      lambdaError(
        ctx,
        400,
        'InvalidRequestContentException',
        `Could not parse request body into json: Could not parse payload into json: Unexpected value for ${key}`
      )
    )
  }
  return value as string[]
}

// ---------------------------------------------------------------- operations

function publish(ctx: RequestContext, state: LambdaState, route: Route): Reply {
  const body = parseJson(ctx)
  const v = new Validation()
  const nameOrArn = route.layerName ?? ''
  validateLayerName(v, nameOrArn)
  const description = optString(ctx, body, 'Description')
  const licenseInfo = optString(ctx, body, 'LicenseInfo')
  const runtimes = optList(ctx, body, 'CompatibleRuntimes')
  const architectures = optList(ctx, body, 'CompatibleArchitectures')
  v.length(description, 'description', 0, 256)
  v.length(licenseInfo, 'licenseInfo', 0, 512)
  if (runtimes) {
    if (runtimes.length > 15) {
      v.add(
        runtimes,
        'compatibleRuntimes',
        'Member must have length less than or equal to 15'
      )
    }
    if (runtimes.some((r) => !RUNTIMES.includes(r))) {
      v.add(
        runtimes,
        'compatibleRuntimes',
        `Member must satisfy constraint: [Member must satisfy enum value set: [${RUNTIMES.join(', ')}]]`
      )
    }
  }
  if (architectures) {
    if (architectures.length > 2) {
      v.add(
        architectures,
        'compatibleArchitectures',
        'Member must have length less than or equal to 2'
      )
    }
    if (architectures.some((a) => !ARCHITECTURES.includes(a))) {
      v.add(
        architectures,
        'compatibleArchitectures',
        `Member must satisfy constraint: [Member must satisfy enum value set: [${ARCHITECTURES.join(', ')}]]`
      )
    }
  }
  const content = body.Content as Record<string, unknown> | undefined | null
  if (
    content === undefined ||
    content === null ||
    typeof content !== 'object'
  ) {
    v.add(null, 'content', 'Member must not be null')
    v.throwIfAny(ctx)
    throw new Error('unreachable')
  }
  const s3Bucket = optString(ctx, content, 'S3Bucket')
  const s3Key = optString(ctx, content, 'S3Key')
  const zipFile = optString(ctx, content, 'ZipFile')
  v.length(s3Bucket, 'content.s3Bucket', 3, 63)
  v.pattern(s3Bucket, 'content.s3Bucket', S3_BUCKET_PATTERN.slice(1, -1))
  v.length(s3Key, 'content.s3Key', 1, 1024)
  v.throwIfAny(ctx)

  let bytes: Buffer
  let source: string
  if (zipFile !== undefined) {
    if (s3Bucket !== undefined || s3Key !== undefined) {
      invalid(
        ctx,
        'Please do not provide other FunctionCode parameters when providing a ZipFile.'
      )
    }
    bytes = Buffer.from(zipFile, 'base64')
    source = 'inline'
  } else if (s3Bucket !== undefined && s3Key !== undefined) {
    const bucket = ctx.hub.getBucket('s3', s3Bucket)
    if (!bucket) {
      invalid(
        ctx,
        'Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist'
      )
    }
    if (bucket.region !== ctx.region) {
      invalid(
        ctx,
        `Error occurred while GetObject. S3 Error Code: PermanentRedirect. S3 Error Message: The bucket is in this region: ${bucket.region}. Please use this region to retry the request`
      )
    }
    const object = bucket.objects.get(s3Key)
    if (!object) {
      invalid(
        ctx,
        'Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.'
      )
    }
    bytes = object.body
    source = `${s3Bucket}/${s3Key}`
  } else {
    invalid(
      ctx,
      'Please provide a source for layer code: ZipFile, or both S3Bucket and S3Key.'
    )
  }

  let info
  try {
    info = readZipInfo(bytes, 0)
  } catch (error) {
    if (error instanceof NotAZipError) {
      invalid(
        ctx,
        'Could not unzip uploaded file. Please check your file, then try to upload again.'
      )
    }
    throw error
  }
  if (info.unzippedSize > LAMBDA_UNZIPPED_LIMIT) {
    invalid(
      ctx,
      `Unzipped size must be smaller than ${LAMBDA_UNZIPPED_LIMIT} bytes`
    )
  }

  const layers = state.layers(ctx.region)
  const name = plainName(nameOrArn)
  let layer = layers.get(name)
  if (!layer) {
    layer = { name, lastVersion: 0, versions: new Map() }
    layers.set(name, layer)
  }
  const version: LayerVersion = {
    version: ++layer.lastVersion,
    createdDate: createdDate(),
    codeSha256: createHash('sha256').update(bytes).digest('base64'),
    codeSize: bytes.length,
    unzippedSize: info.unzippedSize,
    entries: info.entries,
    source,
    ...(bytes.length <= KEEP_BYTES_LIMIT
      ? { bytes: Buffer.from(bytes) }
      : { tail: Buffer.from(bytes.subarray(bytes.length - TAIL_BYTES)) }),
    ...(description !== undefined && { description }),
    ...(licenseInfo !== undefined && { licenseInfo }),
    ...(runtimes !== undefined && { runtimes }),
    ...(architectures !== undefined && { architectures })
  }
  layer.versions.set(version.version, version)
  return ok(ctx, 201, versionResponse(ctx, layer, version))
}

function getVersion(
  ctx: RequestContext,
  state: LambdaState,
  route: Route
): Reply {
  const { layer, version } = findVersion(ctx, state, route)
  return ok(ctx, 200, versionResponse(ctx, layer, version))
}

function getVersionByArn(ctx: RequestContext, state: LambdaState): Reply {
  const arn = ctx.url.searchParams.get('Arn')
  const v = new Validation()
  if (arn === null) v.add(null, 'arn', 'Member must not be null')
  else {
    v.length(arn, 'arn', 1, 140)
    v.pattern(arn, 'arn', LAYER_VERSION_ARN_PATTERN)
  }
  v.throwIfAny(ctx)
  const m =
    /^arn:[^:]*:lambda:([^:]+):(\d{12}):layer:([a-zA-Z0-9-_]+):(\d+)$/.exec(
      arn!
    )
  if (!m || m[1] !== ctx.region || m[2] !== ctx.accountId) notFound(ctx)
  const layer = state.layers(ctx.region).get(m[3]!)
  const version = layer?.versions.get(Number(m[4]))
  if (!layer || !version) notFound(ctx)
  return ok(ctx, 200, versionResponse(ctx, layer, version))
}

function listVersions(
  ctx: RequestContext,
  state: LambdaState,
  route: Route
): Reply {
  const v = new Validation()
  validateLayerName(v, route.layerName ?? '')
  const f = filters(ctx, v)
  const max = maxItems(ctx, v, ctx.url.searchParams.get('MaxItems'))
  v.throwIfAny(ctx)
  const layer = state.layers(ctx.region).get(plainName(route.layerName ?? ''))
  // Newest first, as Lambda lists them.
  let list = layer
    ? [...layer.versions.values()]
        .filter((x) => matches(x, f))
        .sort((a, b) => b.version - a.version)
    : []
  const marker = ctx.url.searchParams.get('Marker')
  if (marker !== null) {
    const after = Number(decodeMarker(ctx, marker))
    list = list.filter((x) => x.version < after)
  }
  const page = list.slice(0, max)
  const out: Record<string, unknown> = {
    LayerVersions: page.map((x) => listItem(ctx, layer!, x))
  }
  if (list.length > max)
    out.NextMarker = encodeMarker(`m:${page[page.length - 1]!.version}`)
  return ok(ctx, 200, out)
}

function listLayers(ctx: RequestContext, state: LambdaState): Reply {
  const v = new Validation()
  const f = filters(ctx, v)
  const max = maxItems(ctx, v, ctx.url.searchParams.get('MaxItems'))
  v.throwIfAny(ctx)
  let list = [...state.layers(ctx.region).values()]
    .map((layer) => {
      const latest = [...layer.versions.values()]
        .filter((x) => matches(x, f))
        .sort((a, b) => b.version - a.version)[0]
      return { layer, latest }
    })
    .filter((x) => x.latest !== undefined)
    .sort((a, b) =>
      a.layer.name < b.layer.name ? -1 : a.layer.name > b.layer.name ? 1 : 0
    )
  const marker = ctx.url.searchParams.get('Marker')
  if (marker !== null) {
    const after = decodeMarker(ctx, marker)
    list = list.filter((x) => x.layer.name > after)
  }
  const page = list.slice(0, max)
  const out: Record<string, unknown> = {
    Layers: page.map(({ layer, latest }) => ({
      LayerName: layer.name,
      LayerArn: layerArn(ctx, layer.name),
      LatestMatchingVersion: listItem(ctx, layer, latest!)
    }))
  }
  if (list.length > max)
    out.NextMarker = encodeMarker(`m:${page[page.length - 1]!.layer.name}`)
  return ok(ctx, 200, out)
}

function deleteVersion(
  ctx: RequestContext,
  state: LambdaState,
  route: Route
): Reply {
  const v = new Validation()
  validateLayerName(v, route.layerName ?? '')
  v.throwIfAny(ctx)
  const number = parseVersion(ctx, route.versionNumber)
  // Deleting a version that does not exist succeeds too (idempotent).
  state
    .layers(ctx.region)
    .get(plainName(route.layerName ?? ''))
    ?.versions.delete(number)
  return ok(ctx, 204)
}

function checkRevision(ctx: RequestContext, current: string | undefined): void {
  const wanted = ctx.url.searchParams.get('RevisionId')
  if (wanted !== null && wanted !== current) {
    throw new LambdaFailure(
      lambdaError(
        ctx,
        412,
        'PreconditionFailedException',
        'The Revision Id provided does not match the latest Revision Id. Call the GetLayerVersionPolicy API to retrieve the latest Revision Id'
      )
    )
  }
}

function addPermission(
  ctx: RequestContext,
  state: LambdaState,
  route: Route
): Reply {
  const body = parseJson(ctx)
  const sid = optString(ctx, body, 'StatementId')
  const action = optString(ctx, body, 'Action')
  const principal = optString(ctx, body, 'Principal')
  const organizationId = optString(ctx, body, 'OrganizationId')
  const v = new Validation()
  validateLayerName(v, route.layerName ?? '')
  if (sid === undefined) v.add(null, 'statementId', 'Member must not be null')
  v.length(sid, 'statementId', 1, 100)
  v.pattern(sid, 'statementId', STATEMENT_ID_PATTERN)
  if (action === undefined) v.add(null, 'action', 'Member must not be null')
  v.length(action, 'action', 0, 22)
  v.pattern(action, 'action', 'lambda:GetLayerVersion')
  if (principal === undefined)
    v.add(null, 'principal', 'Member must not be null')
  v.pattern(principal, 'principal', PRINCIPAL_PATTERN)
  v.length(organizationId, 'organizationId', 0, 34)
  v.pattern(organizationId, 'organizationId', ORGANIZATION_PATTERN)
  v.throwIfAny(ctx)
  const { layer, version } = findVersion(ctx, state, route)
  if (organizationId !== undefined && principal !== '*') {
    invalid(ctx, 'OrganizationId can only be specified when Principal is "*".')
  }
  checkRevision(ctx, version.policy?.revisionId)
  const policy = version.policy ?? { revisionId: '', statements: [] }
  if (policy.statements.some((s) => s.Sid === sid)) {
    throw new LambdaFailure(
      lambdaError(
        ctx,
        409,
        'ResourceConflictException',
        `The statement id (${sid!}) provided already exists. Please provide a new statement id, or remove the existing statement.`
      )
    )
  }
  const statement: Statement = {
    Sid: sid!,
    Effect: 'Allow',
    Principal:
      principal === '*'
        ? '*'
        : {
            AWS: /^\d{12}$/.test(principal!)
              ? `arn:aws:iam::${principal!}:root`
              : principal!
          },
    Action: 'lambda:GetLayerVersion',
    Resource: `${layerArn(ctx, layer.name)}:${version.version}`,
    ...(organizationId !== undefined && {
      Condition: { StringEquals: { 'aws:PrincipalOrgID': organizationId } }
    })
  }
  policy.statements.push(statement)
  policy.revisionId = randomUUID()
  version.policy = policy
  return ok(ctx, 201, {
    Statement: JSON.stringify(statement),
    RevisionId: policy.revisionId
  })
}

function getPolicy(
  ctx: RequestContext,
  state: LambdaState,
  route: Route
): Reply {
  const { version } = findVersion(ctx, state, route)
  const policy = version.policy
  if (!policy || policy.statements.length === 0) {
    notFound(ctx, 'No policy is associated with the given resource.')
  }
  return ok(ctx, 200, {
    Policy: JSON.stringify({
      Version: '2012-10-17',
      Id: 'default',
      Statement: policy.statements
    }),
    RevisionId: policy.revisionId
  })
}

function removePermission(
  ctx: RequestContext,
  state: LambdaState,
  route: Route
): Reply {
  const v = new Validation()
  v.length(route.statementId, 'statementId', 1, 100)
  v.pattern(route.statementId, 'statementId', STATEMENT_ID_PATTERN)
  v.throwIfAny(ctx)
  const { version } = findVersion(ctx, state, route)
  const policy = version.policy
  if (!policy || policy.statements.length === 0) {
    notFound(ctx, 'No policy is associated with the given resource.')
  }
  checkRevision(ctx, policy.revisionId)
  const index = policy.statements.findIndex((s) => s.Sid === route.statementId)
  if (index < 0) {
    notFound(
      ctx,
      `Statement ${route.statementId ?? ''} is not found in resource policy.`
    )
  }
  policy.statements.splice(index, 1)
  policy.revisionId = randomUUID()
  if (policy.statements.length === 0) delete version.policy
  return ok(ctx, 204)
}

export function handleLambda(
  ctx: RequestContext,
  state: LambdaState,
  route: Route
): Reply {
  try {
    switch (route.operation) {
      case 'PublishLayerVersion':
        return publish(ctx, state, route)
      case 'GetLayerVersion':
        return getVersion(ctx, state, route)
      case 'GetLayerVersionByArn':
        return getVersionByArn(ctx, state)
      case 'ListLayerVersions':
        return listVersions(ctx, state, route)
      case 'ListLayers':
        return listLayers(ctx, state)
      case 'DeleteLayerVersion':
        return deleteVersion(ctx, state, route)
      case 'AddLayerVersionPermission':
        return addPermission(ctx, state, route)
      case 'GetLayerVersionPolicy':
        return getPolicy(ctx, state, route)
      case 'RemoveLayerVersionPermission':
        return removePermission(ctx, state, route)
      default:
        return lambdaError(
          ctx,
          404,
          'UnknownOperationException',
          'Unknown operation'
        )
    }
  } catch (error) {
    if (error instanceof LambdaFailure) return error.reply
    throw error
  }
}

/** Content.Location: what is kept of a layer version's archive. */
export function layerContent(state: LambdaState) {
  return (
    region: string,
    name: string,
    version: number
  ): KeptArchive | undefined => {
    const v = state.layers(region).get(name)?.versions.get(version)
    if (!v) return undefined
    const kept = v.bytes ?? v.tail ?? Buffer.alloc(0)
    return { total: v.codeSize, offset: v.codeSize - kept.length, kept }
  }
}
