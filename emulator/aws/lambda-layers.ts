/**
 * Lambda layer versions (`/2018-10-31/layers`), per region: publish, get,
 * list and delete. Shapes, status codes, limits and error texts follow the
 * service (see the README).
 */
import { createHash } from 'node:crypto'
import type { KeptArchive } from '../core/archive.js'
import { PerRegion } from '../core/per-region.js'
import { FunctionState } from './lambda-functions.js'
import { NotAZipError, readZipInfo } from '../core/zip-info.js'
import {
  invalid,
  notFound,
  ok,
  optList,
  optString,
  parseJson,
  Validation
} from './lambda-wire.js'
import {
  LIST_FILTER_RUNTIMES,
  PUBLISH_LAYER_RUNTIMES,
  runtimeConstraint
} from './runtime-acceptance.js'
import type { Reply, RequestContext } from './types.js'

/** Inline request bodies above this get 413 (50 MiB raw zip, base64 in JSON). */
export const LAMBDA_PUBLISH_BODY_LIMIT = 69_905_067

export const LAMBDA_UNZIPPED_LIMIT = 262_144_000

/** Archives up to this size are kept so Content.Location can serve them. */
const KEEP_BYTES_LIMIT = 8 * 1024 * 1024

/** Of a larger archive only the end is kept: ranged reads of it still work. */
const TAIL_BYTES = 64 * 1024

/**
 * What PublishLayerVersion accepts: the setting `acceptedRuntimes` (an
 * array), else the set the real service accepts.
 */
export function acceptedRuntimes(ctx: RequestContext): readonly string[] {
  const setting = ctx.hub.settings.acceptedRuntimes
  return Array.isArray(setting) ? setting.map(String) : PUBLISH_LAYER_RUNTIMES
}

const ARCHITECTURES = ['x86_64', 'arm64']

const LAYER_NAME_PATTERN =
  '(arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+'

const LAYER_VERSION_ARN_PATTERN =
  'arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+'

const S3_BUCKET_PATTERN = '^[0-9A-Za-z\\.\\-_]*(?<!\\.)$'

/** The path parameters of a layer operation. */
export interface LayerParams {
  layerName?: string
  versionNumber?: string
  statementId?: string
}

export interface Statement {
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

export class LambdaState extends PerRegion<Layer> {
  /** The region's functions, which reference these layers' versions. */
  readonly functions: FunctionState

  constructor(now?: () => number) {
    super()
    this.functions = new FunctionState(now)
  }

  layers(region: string): Map<string, Layer> {
    return this.of(region)
  }

  override clear(): void {
    super.clear()
    this.functions.clear()
  }

  /** A layer version's CodeSize, or undefined when it does not exist. */
  layerSize(region: string, name: string, version: number): number | undefined {
    return this.peek(region)?.get(name)?.versions.get(version)?.codeSize
  }

  snapshot(): unknown {
    return this.view((l) => ({
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
}

function createdDate(): string {
  return new Date().toISOString().replace('Z', '+0000')
}

export function layerArn(ctx: RequestContext, name: string): string {
  return `arn:aws:lambda:${ctx.region}:${ctx.accountId}:layer:${name}`
}

/** Plain name from a name or a layer ARN. */
function plainName(nameOrArn: string): string {
  const m = /:layer:([a-zA-Z0-9-_]+)$/.exec(nameOrArn)
  return m ? m[1]! : nameOrArn
}

export function validateLayerName(v: Validation, name: string): void {
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
  return { ...item, ...optionalFields(v) }
}

/** The members Lambda shows only when the version has them. */
function optionalFields(v: LayerVersion): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (v.description !== undefined) out.Description = v.description
  if (v.runtimes) out.CompatibleRuntimes = v.runtimes
  if (v.licenseInfo !== undefined) out.LicenseInfo = v.licenseInfo
  if (v.architectures) out.CompatibleArchitectures = v.architectures
  return out
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
  return { ...out, ...optionalFields(v) }
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
  if (runtime !== undefined && !LIST_FILTER_RUNTIMES.includes(runtime)) {
    v.add(
      runtime,
      'compatibleRuntime',
      `Member must satisfy enum value set: [${LIST_FILTER_RUNTIMES.join(', ')}]`
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

export function findVersion(
  ctx: RequestContext,
  state: LambdaState,
  params: LayerParams
): { layer: Layer; version: LayerVersion } {
  const v = new Validation()
  validateLayerName(v, params.layerName ?? '')
  v.throwIfAny(ctx)
  const number = parseVersion(ctx, params.versionNumber)
  const layer = state.layers(ctx.region).get(plainName(params.layerName ?? ''))
  const version = layer?.versions.get(number)
  if (!layer || !version) notFound(ctx)
  return { layer, version }
}

interface PublishRequest {
  nameOrArn: string
  description?: string
  licenseInfo?: string
  runtimes?: string[]
  architectures?: string[]
  content: LayerContent
}

interface LayerContent {
  s3Bucket?: string
  s3Key?: string
  zipFile?: string
}

export function publish(
  ctx: RequestContext,
  state: LambdaState,
  params: LayerParams
): Reply {
  const request = publishRequest(ctx, params)
  const { bytes, source } = layerSource(ctx, request.content)
  const info = archiveInfo(ctx, bytes)
  const layers = state.layers(ctx.region)
  const name = plainName(request.nameOrArn)
  let layer = layers.get(name)
  if (!layer) {
    layer = { name, lastVersion: 0, versions: new Map() }
    layers.set(name, layer)
  }
  const { description, licenseInfo, runtimes, architectures } = request
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

/** Reads and validates the body, reporting every violation at once. */
function publishRequest(
  ctx: RequestContext,
  params: LayerParams
): PublishRequest {
  const body = parseJson(ctx)
  const v = new Validation()
  const nameOrArn = params.layerName ?? ''
  validateLayerName(v, nameOrArn)
  const description = optString(ctx, body, 'Description')
  const licenseInfo = optString(ctx, body, 'LicenseInfo')
  const runtimes = optList(ctx, body, 'CompatibleRuntimes')
  const architectures = optList(ctx, body, 'CompatibleArchitectures')
  v.length(description, 'description', 0, 256)
  v.length(licenseInfo, 'licenseInfo', 0, 512)
  validateRuntimes(v, runtimes, acceptedRuntimes(ctx))
  validateArchitectures(v, architectures)
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
  return {
    nameOrArn,
    content: {
      ...(s3Bucket !== undefined && { s3Bucket }),
      ...(s3Key !== undefined && { s3Key }),
      ...(zipFile !== undefined && { zipFile })
    },
    ...(description !== undefined && { description }),
    ...(licenseInfo !== undefined && { licenseInfo }),
    ...(runtimes !== undefined && { runtimes }),
    ...(architectures !== undefined && { architectures })
  }
}

/** As recorded from the real service: one refused id fails the whole list. */
function validateRuntimes(
  v: Validation,
  list: string[] | undefined,
  accepted: readonly string[]
): void {
  if (!list) return
  if (list.length > 15) {
    v.add(
      list,
      'compatibleRuntimes',
      'Member must have length less than or equal to 15'
    )
  }
  const constraint = runtimeConstraint(list, accepted)
  if (constraint !== undefined) v.add(list, 'compatibleRuntimes', constraint)
}

function validateArchitectures(
  v: Validation,
  list: string[] | undefined
): void {
  if (!list) return
  const member = 'compatibleArchitectures'
  if (list.length > 2) {
    v.add(list, member, 'Member must have length less than or equal to 2')
  }
  if (list.some((x) => !ARCHITECTURES.includes(x))) {
    v.add(
      list,
      member,
      `Member must satisfy constraint: [Member must satisfy enum value set: [${ARCHITECTURES.join(', ')}], Member must not be null]`
    )
  }
}

/** The archive: inline, or an object in a bucket of the same region. */
function layerSource(
  ctx: RequestContext,
  content: LayerContent
): { bytes: Buffer; source: string } {
  const { s3Bucket, s3Key, zipFile } = content
  if (zipFile !== undefined) {
    if (s3Bucket !== undefined || s3Key !== undefined) {
      invalid(
        ctx,
        'Please do not provide other FunctionCode parameters when providing a ZipFile.'
      )
    }
    return { bytes: Buffer.from(zipFile, 'base64'), source: 'inline' }
  }
  if (s3Bucket === undefined || s3Key === undefined) {
    invalid(
      ctx,
      'Please provide a source for layer code: ZipFile, or both S3Bucket and S3Key.'
    )
  }
  const bucket = ctx.hub.store.get('s3', s3Bucket)
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
  return { bytes: object.body, source: `${s3Bucket}/${s3Key}` }
}

/** Judges the archive as Lambda does before extracting it. */
function archiveInfo(
  ctx: RequestContext,
  bytes: Buffer
): { unzippedSize: number; entries: number } {
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
  return info
}

export function getVersion(
  ctx: RequestContext,
  state: LambdaState,
  params: LayerParams
): Reply {
  const { layer, version } = findVersion(ctx, state, params)
  return ok(ctx, 200, versionResponse(ctx, layer, version))
}

export function getVersionByArn(
  ctx: RequestContext,
  state: LambdaState
): Reply {
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

export function listVersions(
  ctx: RequestContext,
  state: LambdaState,
  params: LayerParams
): Reply {
  const v = new Validation()
  validateLayerName(v, params.layerName ?? '')
  const f = filters(ctx, v)
  const max = maxItems(ctx, v, ctx.url.searchParams.get('MaxItems'))
  v.throwIfAny(ctx)
  const layer = state.layers(ctx.region).get(plainName(params.layerName ?? ''))
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

export function listLayers(ctx: RequestContext, state: LambdaState): Reply {
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

export function deleteVersion(
  ctx: RequestContext,
  state: LambdaState,
  params: LayerParams
): Reply {
  const v = new Validation()
  validateLayerName(v, params.layerName ?? '')
  v.throwIfAny(ctx)
  const number = parseVersion(ctx, params.versionNumber)
  // Deleting a version that does not exist succeeds too (idempotent).
  state
    .layers(ctx.region)
    .get(plainName(params.layerName ?? ''))
    ?.versions.delete(number)
  return ok(ctx, 204)
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
