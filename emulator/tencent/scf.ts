/**
 * The SCF layer actions (API 3.0, version 2018-04-16), with state per
 * region. Shapes and error codes follow scf_models.d.ts and the Go SDK's
 * errors.go / client.go (see shared/reference/api-facts.md B.2-B.4).
 *
 * Choices where SCF's behaviour is not documented (each one is a guess that
 * errs on the side of failing loudly):
 * - The archive is checked after the call returns, as SCF does it
 *   asynchronously: a body that is not a zip, or whose entries declare more
 *   than 500 MiB unzipped (the "500 MB before compression" code limit,
 *   583/11637), makes the version `PublishFailed` rather than an error.
 * - COS content: `CosBucketName` is the name without `-appid` (model
 *   comment); the emulator appends the test appid. A bucket that does not
 *   exist or an object that does not exist: `InvalidParameterValue.Cos`
 *   ("Cos传入错误"). A bucket in another region than `CosBucketRegion` or than
 *   the layer's region (the console requires the same region, 583/34878):
 *   `InvalidParameterValue.CosBucketRegion`. `CosObjectName` is looked up
 *   with or without its leading `/` (the CN doc example omits it).
 * - Versions start at 1 per layer and region and are never reused, even
 *   after every version is deleted.
 * - Deletion is asynchronous (583/115197 lists Deleting): a deleted version
 *   shows `Deleting` for `scfDeleteDelayMs`, then is gone; deleting it again
 *   meanwhile is `FailedOperation.OperationConflict` ("操作冲突").
 * - A version bound to a function cannot be deleted:
 *   `ResourceInUse.LayerVersion` ("Layer版本正在使用中", Go SDK errors.go).
 * - Read-after-write: for `scfReadAfterWriteLagMs` after a publish,
 *   GetLayerVersion answers `ResourceNotFound.LayerVersion` (consistency is
 *   undocumented; Tencent's toolkit tolerates errors while polling).
 * - `ResourceInUse` ("资源被占用") is a listed PublishLayerVersion code but its
 *   trigger is undocumented; with `scfPublishConflict: true` a publish while
 *   another version of the layer is still Publishing gets it. Off by default.
 */
import { createHash } from 'node:crypto'
import type { Hub } from '../core/hub.js'
import { PerRegion } from '../core/per-region.js'
import { NotAZipError, readZipInfo } from '../core/zip-info.js'
import {
  beijingTime,
  cosObject,
  inlineZip,
  missingParameter,
  ScfError,
  type ScfRequest,
  setting,
  str
} from './scf-common.js'
import { type LayerCatalog, ScfFunctions } from './scf-functions.js'

export { missingParameter, ScfError, type ScfRequest } from './scf-common.js'

export const SCF_VERSION = '2018-04-16'
/** TC3 POST bodies are capped at 10 MB (cloud.tencent.com/document/product/1130/46710). */
export const SCF_BODY_LIMIT = 10_485_760
/** Function code before compression, layers included (583/11637). */
export const SCF_UNZIPPED_LIMIT = 500 * 1024 * 1024
export const SCF_MAX_VERSIONS_PER_LAYER = 200
export const SCF_MAX_LAYERS_PER_REGION = 20
export const SCF_DEFAULT_ACTIVATION_MS = 300

const LAYER_NAME = /^[A-Za-z](?:[A-Za-z0-9_-]{0,62}[A-Za-z0-9])?$/

export interface LayerVersionRecord {
  layerName: string
  version: number
  runtimes: string[]
  description: string
  licenseInfo: string
  tags: Array<{ Key: string; Value: string }>
  zip: Buffer
  sha256: string
  /** `YYYY-MM-DD HH:mm:ss`, Beijing time, as SCF writes it. */
  addTime: string
  createdMs: number
  settleAtMs: number
  /** GetLayerVersion does not see the version before this (read-after-write lag). */
  visibleAtMs: number
  /** Set by DeleteLayerVersion: `Deleting` until then, gone after. */
  goneAtMs?: number
  /** Why the version will end as PublishFailed (not shown by the API). */
  failure?: string
  source: string
}

interface LayerRecord {
  name: string
  /** Next version number; never goes down. */
  next: number
  versions: Map<number, LayerVersionRecord>
}

function layerName(params: Record<string, unknown>): string {
  const name = params.LayerName
  if (name === undefined || name === null) {
    throw missingParameter('LayerName')
  }
  if (typeof name !== 'string' || !LAYER_NAME.test(name)) {
    throw new ScfError(
      'InvalidParameterValue.LayerName',
      `LayerName \`${String(name)}\` is invalid: 1-64 letters, digits, - and _, starting with a letter and not ending with - or _.`
    )
  }
  return name
}

interface PublishParams {
  name: string
  runtimes: string[]
  description: string
  licenseInfo: string
  tags: Array<{ Key: string; Value: string }>
  content: Record<string, unknown>
  zipFile?: unknown
}

/** Checks PublishLayerVersion's parameters in SCF's order. */
function publishParams(params: Record<string, unknown>): PublishParams {
  const name = layerName(params)
  const runtimes = params.CompatibleRuntimes
  const maxRuntimes = 5
  if (
    !Array.isArray(runtimes) ||
    runtimes.length === 0 ||
    runtimes.length > maxRuntimes ||
    runtimes.some((r) => typeof r !== 'string' || r === '')
  ) {
    throw new ScfError(
      'InvalidParameterValue.CompatibleRuntimes',
      `CompatibleRuntimes must list 1 to ${maxRuntimes} runtimes.`
    )
  }
  const description = params.Description ?? ''
  if (typeof description !== 'string' || description.length > 1000) {
    throw new ScfError(
      'InvalidParameterValue.Description',
      'Description must be a string of at most 1000 characters.'
    )
  }
  const licenseInfo = str(params.LicenseInfo) ?? ''
  const tags = tagList(params.Tags)
  const content = params.Content as Record<string, unknown> | undefined
  if (!content || typeof content !== 'object') {
    throw missingParameter('Content')
  }
  const zipFile = content.ZipFile
  const hasCos =
    content.CosBucketName !== undefined || content.CosObjectName !== undefined
  if ((zipFile !== undefined) === hasCos) {
    throw new ScfError(
      'InvalidParameterValue.Content',
      'Content must give exactly one of ZipFile, or CosBucketName with CosObjectName.'
    )
  }
  return {
    name,
    runtimes: runtimes as string[],
    description,
    licenseInfo,
    tags,
    content,
    ...(zipFile !== undefined && { zipFile })
  }
}

function tagList(value: unknown): Array<{ Key: string; Value: string }> {
  const tags: Array<{ Key: string; Value: string }> = []
  if (value === undefined) return tags
  if (!Array.isArray(value)) {
    throw new ScfError('InvalidParameter', 'Tags must be an array.')
  }
  for (const t of value as unknown[]) {
    const tag = t as { Key?: unknown; Value?: unknown }
    if (typeof tag?.Key !== 'string' || typeof tag.Value !== 'string') {
      throw new ScfError(
        'InvalidParameter',
        'Each tag must have a string Key and Value.'
      )
    }
    tags.push({ Key: tag.Key, Value: tag.Value })
  }
  return tags
}

/** The layer and version quotas (settings can lower them). */
function checkQuotas(
  hub: Hub,
  region: string,
  name: string,
  layers: Map<string, LayerRecord>,
  existing: LayerRecord | undefined
): void {
  const maxLayers = setting(hub, 'tencentMaxLayers', SCF_MAX_LAYERS_PER_REGION)
  const live = [...layers.values()].filter((l) => l.versions.size > 0)
  if (!existing?.versions.size && live.length >= maxLayers) {
    throw new ScfError(
      'LimitExceeded.Layers',
      `The number of layers in ${region} exceeds the limit of ${maxLayers}.`
    )
  }
  const maxVersions = setting(
    hub,
    'tencentMaxLayerVersions',
    SCF_MAX_VERSIONS_PER_LAYER
  )
  if (existing && existing.versions.size >= maxVersions) {
    throw new ScfError(
      'LimitExceeded.LayerVersions',
      `The number of versions of layer ${name} exceeds the limit of ${maxVersions}.`
    )
  }
}

/** Why the version will end PublishFailed, judged as SCF does after the call. */
function archiveFailure(hub: Hub, zip: Buffer): string | undefined {
  let failure: string | undefined
  try {
    const info = readZipInfo(zip, 0)
    if (info.unzippedSize > SCF_UNZIPPED_LIMIT) {
      failure = `unzipped size ${info.unzippedSize} exceeds ${SCF_UNZIPPED_LIMIT} bytes`
    }
  } catch (error) {
    if (!(error instanceof NotAZipError)) throw error
    failure = `not a zip: ${error.message}`
  }
  // Tests can force the outcome: `{"tencentPublishOutcome": "PublishFailed"}`.
  if (hub.settings.tencentPublishOutcome === 'PublishFailed') {
    failure ??= 'forced by the tencentPublishOutcome setting'
  }
  return failure
}

export class ScfState extends PerRegion<LayerRecord> implements LayerCatalog {
  readonly functions = new ScfFunctions(this)

  /**
   * The region's layers, versions whose asynchronous delete has ended
   * removed; an empty map (not stored) for a region never written.
   */
  private layers(region: string, now = Date.now()): Map<string, LayerRecord> {
    const layers = this.peek(region)
    if (!layers) return new Map()
    for (const layer of layers.values()) {
      for (const [n, v] of layer.versions) {
        if (v.goneAtMs !== undefined && now >= v.goneAtMs) {
          layer.versions.delete(n)
        }
      }
    }
    return layers
  }

  override clear(): void {
    super.clear()
    this.functions.clear()
  }

  status(v: LayerVersionRecord, now = Date.now()): string {
    if (v.goneAtMs !== undefined) return 'Deleting'
    if (now < v.settleAtMs) return 'Publishing'
    return v.failure === undefined ? 'Active' : 'PublishFailed'
  }

  /** A version as functions see it (LayerCatalog), deleted ones excluded. */
  find(
    region: string,
    name: string,
    version: number
  ): LayerVersionRecord | undefined {
    return this.layers(region).get(name)?.versions.get(version)
  }

  hasLayer(region: string, name: string): boolean {
    return (this.layers(region).get(name)?.versions.size ?? 0) > 0
  }

  snapshot(): Record<string, unknown> {
    for (const region of Object.keys(this.view(() => 0))) this.layers(region)
    return this.view((l) => ({
      name: l.name,
      next: l.next,
      versions: [...l.versions.values()].map((v) => ({
        version: v.version,
        status: this.status(v),
        sha256: v.sha256,
        size: v.zip.length,
        runtimes: v.runtimes,
        description: v.description,
        tags: v.tags,
        source: v.source,
        ...(v.failure !== undefined && { failure: v.failure })
      }))
    }))
  }

  /** The stored archive of one version, for the download route. */
  archive(
    region: string,
    name: string,
    version: number
  ): LayerVersionRecord | undefined {
    return this.find(region, name, version)
  }

  private versionNumber(params: Record<string, unknown>): number {
    const v = params.LayerVersion
    if (v === undefined || v === null) {
      throw missingParameter('LayerVersion')
    }
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      throw new ScfError(
        'InvalidParameter',
        'The parameter `LayerVersion` must be an integer.'
      )
    }
    return v
  }

  publish(req: ScfRequest): Record<string, unknown> {
    const { hub, region } = req
    const p = publishParams(req.params)
    this.layers(region)
    const layers = this.of(region)
    const existing = layers.get(p.name)
    checkQuotas(hub, region, p.name, layers, existing)
    this.checkPublishing(hub, existing)
    const { zip, source } =
      p.zipFile !== undefined
        ? { zip: inlineZip(p.zipFile), source: 'inline' }
        : {
            zip: cosObject(req, p.content),
            source: `cos://${String(p.content.CosBucketName)}-${req.appId}${String(p.content.CosObjectName).startsWith('/') ? '' : '/'}${String(p.content.CosObjectName)}`
          }
    const failure = archiveFailure(hub, zip)
    const layer: LayerRecord = existing ?? {
      name: p.name,
      next: 1,
      versions: new Map()
    }
    if (!existing) layers.set(p.name, layer)
    const now = Date.now()
    const delay = setting(
      hub,
      'tencentActivationDelayMs',
      SCF_DEFAULT_ACTIVATION_MS
    )
    const version = layer.next++
    layer.versions.set(version, {
      layerName: p.name,
      version,
      runtimes: p.runtimes,
      description: p.description,
      licenseInfo: p.licenseInfo,
      tags: p.tags,
      zip,
      sha256: createHash('sha256').update(zip).digest('hex'),
      addTime: beijingTime(now),
      createdMs: now,
      settleAtMs: now + delay,
      visibleAtMs: now + setting(hub, 'scfReadAfterWriteLagMs', 0),
      ...(failure !== undefined && { failure }),
      source
    })
    return { LayerVersion: version }
  }

  /** `ResourceInUse` while another version is Publishing, when switched on. */
  private checkPublishing(hub: Hub, layer: LayerRecord | undefined): void {
    if (hub.settings.scfPublishConflict !== true || !layer) return
    const busy = [...layer.versions.values()].find(
      (v) => this.status(v) === 'Publishing'
    )
    if (busy) {
      throw new ScfError(
        'ResourceInUse',
        `资源被占用: layer ${layer.name} version ${busy.version} is still Publishing.`
      )
    }
  }

  info(v: LayerVersionRecord, withTags = true): Record<string, unknown> {
    return {
      CompatibleRuntimes: v.runtimes,
      AddTime: v.addTime,
      Description: v.description,
      LicenseInfo: v.licenseInfo,
      LayerVersion: v.version,
      LayerName: v.layerName,
      Status: this.status(v),
      Stamp: 'Default',
      ...(withTags && { Tags: v.tags })
    }
  }

  get(req: ScfRequest): Record<string, unknown> {
    const name = layerName(req.params)
    const version = this.versionNumber(req.params)
    const now = Date.now()
    const v = this.layers(req.region, now).get(name)?.versions.get(version)
    if (!v || now < v.visibleAtMs) {
      throw new ScfError(
        'ResourceNotFound.LayerVersion',
        `Layer version ${name}:${version} does not exist.`
      )
    }
    const status = this.status(v, now)
    return {
      CompatibleRuntimes: v.runtimes,
      CodeSha256: v.failure === undefined ? v.sha256 : '',
      Location:
        status === 'Active'
          ? `http://${req.host}/_emulator/tencent/layer-content/${encodeURIComponent(req.region)}/${encodeURIComponent(name)}/${version}`
          : '',
      AddTime: v.addTime,
      Description: v.description,
      LicenseInfo: v.licenseInfo,
      LayerVersion: v.version,
      LayerName: name,
      Status: status
    }
  }

  listVersions(req: ScfRequest): Record<string, unknown> {
    const name = layerName(req.params)
    const layer = this.layers(req.region).get(name)
    if (!layer || layer.versions.size === 0) {
      throw new ScfError(
        'ResourceNotFound.Layer',
        `Layer ${name} does not exist.`
      )
    }
    const filter = req.params.CompatibleRuntime
    const wanted = Array.isArray(filter)
      ? (filter as unknown[]).filter((r): r is string => typeof r === 'string')
      : []
    const versions = [...layer.versions.values()]
      .filter(
        (v) => wanted.length === 0 || v.runtimes.some((r) => wanted.includes(r))
      )
      .sort((a, b) => b.version - a.version)
      .map((v) => this.info(v, true))
    return { LayerVersions: versions }
  }

  listLayers(req: ScfRequest): Record<string, unknown> {
    const p = req.params
    const offset = typeof p.Offset === 'number' ? p.Offset : 0
    const limit = typeof p.Limit === 'number' ? p.Limit : 10
    if (offset < 0 || !Number.isInteger(offset)) {
      throw new ScfError('InvalidParameterValue.Offset', 'Offset is invalid.')
    }
    if (limit < 1 || limit > 200 || !Number.isInteger(limit)) {
      throw new ScfError('InvalidParameterValue.Limit', 'Limit is invalid.')
    }
    const runtime = str(p.CompatibleRuntime)
    const search = str(p.SearchKey)
    const all: LayerVersionRecord[] = []
    for (const layer of this.layers(req.region).values()) {
      if (search && !layer.name.includes(search)) continue
      const newest = [...layer.versions.values()]
        .filter((v) => !runtime || v.runtimes.includes(runtime))
        .sort((a, b) => b.version - a.version)[0]
      if (newest) all.push(newest)
    }
    all.sort((a, b) => b.createdMs - a.createdMs)
    return {
      Layers: all.slice(offset, offset + limit).map((v) => this.info(v, true)),
      TotalCount: all.length
    }
  }

  delete(req: ScfRequest): Record<string, unknown> {
    const name = layerName(req.params)
    const version = this.versionNumber(req.params)
    const now = Date.now()
    const v = this.layers(req.region, now).get(name)?.versions.get(version)
    if (!v) {
      throw new ScfError(
        'ResourceNotFound.LayerVersion',
        `Layer version ${name}:${version} does not exist.`
      )
    }
    if (v.goneAtMs !== undefined) {
      throw new ScfError(
        'FailedOperation.OperationConflict',
        `操作冲突: layer version ${name}:${version} is already Deleting.`
      )
    }
    const users = this.functions.usersOf(req.region, name, version)
    if (users.length > 0) {
      throw new ScfError(
        'ResourceInUse.LayerVersion',
        `Layer版本正在使用中: layer version ${name}:${version} is bound to ${users.join(', ')}.`
      )
    }
    v.goneAtMs = now + setting(req.hub, 'scfDeleteDelayMs', 0)
    this.layers(req.region, now)
    return {}
  }
}

interface ScfAction {
  write: boolean
  handle(state: ScfState, req: ScfRequest): Record<string, unknown>
}

/** The actions the emulator serves; adding one is adding a row. */
const SCF_ACTIONS: Record<string, ScfAction> = {
  PublishLayerVersion: { write: true, handle: (s, req) => s.publish(req) },
  GetLayerVersion: { write: false, handle: (s, req) => s.get(req) },
  ListLayerVersions: { write: false, handle: (s, req) => s.listVersions(req) },
  ListLayers: { write: false, handle: (s, req) => s.listLayers(req) },
  DeleteLayerVersion: { write: true, handle: (s, req) => s.delete(req) },
  CreateFunction: { write: true, handle: (s, req) => s.functions.create(req) },
  GetFunction: { write: false, handle: (s, req) => s.functions.get(req) },
  UpdateFunctionConfiguration: {
    write: true,
    handle: (s, req) => s.functions.update(req)
  },
  ListFunctions: { write: false, handle: (s, req) => s.functions.list(req) }
}

/** The action of that name; undefined for any other (inherited names included). */
export function scfAction(name: string): ScfAction | undefined {
  return Object.hasOwn(SCF_ACTIONS, name) ? SCF_ACTIONS[name] : undefined
}
