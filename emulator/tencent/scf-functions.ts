/**
 * The SCF function actions the action's `update-functions` needs:
 * CreateFunction, GetFunction, UpdateFunctionConfiguration, ListFunctions
 * (shapes from tencentcloud-sdk-nodejs-scf scf_models.d.ts; error codes from
 * the Go SDK's client.go per-action lists and errors.go).
 *
 * Rules and choices:
 * - At most 5 layer versions per function (583/11637):
 *   `InvalidParameterValue.Layers`. A layer or version that does not exist
 *   in the function's region: `ResourceNotFound.Layer` (the only layer code
 *   both calls list). A deleted version "无法再关联到函数上" (DeleteLayerVersion's
 *   doc), so Deleting, and PublishFailed, cannot be bound:
 *   `InvalidParameterValue.Layers`. Binding a version still Publishing is
 *   undocumented and allowed here.
 * - `Layers` replaces the whole list, in order. An entry with an empty
 *   `LayerName` unbinds (model comment: "解绑层需传递空字符串"), so
 *   `[{LayerName: "", LayerVersion: 0}]` clears the list; an empty array
 *   changes nothing (a guess: the blank entry exists because `[]` does not).
 * - CreateFunction leaves the function `Creating`, and each update leaves it
 *   `Updating`, for `scfUpdateDelayMs` (default 100), then `Active`. An
 *   update meanwhile is refused with `FailedOperation.UpdateFunctionConfiguration`
 *   and SCF's own message (seen live: qkqpttgf/OneDrive_SCF#51).
 * - `scfUpdateOutcome: "UpdateFailed"` makes updates end `UpdateFailed` with
 *   a StatusReasons entry; the failed update's layers are rolled back.
 * - Namespaces: `default` always exists; any other is created by the first
 *   CreateFunction in it (CreateNamespace is not emulated). Only `$LATEST`.
 */
import { createHash, randomBytes } from 'node:crypto'
import { PerRegion } from '../core/per-region.js'
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
import type { LayerVersionRecord } from './scf.js'

export const SCF_MAX_LAYERS_PER_FUNCTION = 5
export const SCF_DEFAULT_UPDATE_MS = 100

const FUNCTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,58}[A-Za-z0-9]$/
const NAMESPACE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,29}$/
const HANDLER = /^[A-Za-z][\w.:/-]*\.[\w:-]*[A-Za-z0-9]$/
const BUSY_MESSAGE = '当前函数状态无法进行此操作，请在函数状态正常时重试。'

/** What the function actions need from the layers. */
export interface LayerCatalog {
  find(
    region: string,
    name: string,
    version: number
  ): LayerVersionRecord | undefined
  status(v: LayerVersionRecord): string
  info(v: LayerVersionRecord, withTags?: boolean): Record<string, unknown>
}

interface LayerRef {
  name: string
  version: number
}

interface FunctionRecord {
  name: string
  namespace: string
  id: string
  runtime: string
  handler: string
  description: string
  memorySize: number
  timeout: number
  codeSize: number
  codeSha256: string
  layers: LayerRef[]
  addTime: string
  createdMs: number
  modTime: string
  modMs: number
  /** `Creating` / `Updating` until then. */
  busyUntilMs: number
  busyAs: 'Creating' | 'Updating'
  /** Set when the last update ended UpdateFailed. */
  failure?: string
  /** Layers to restore when a failing update ends. */
  rollback?: LayerRef[]
}

const key = (namespace: string, name: string) => `${namespace}/${name}`

function functionName(params: Record<string, unknown>): string {
  const name = params.FunctionName
  if (name === undefined || name === null)
    throw missingParameter('FunctionName')
  if (typeof name !== 'string' || !FUNCTION_NAME.test(name)) {
    throw new ScfError(
      'InvalidParameterValue.FunctionName',
      `FunctionName \`${String(name)}\` is invalid: 2-60 letters, digits, - and _, starting with a letter and not ending with - or _.`
    )
  }
  return name
}

function namespaceOf(params: Record<string, unknown>): string {
  const ns = params.Namespace ?? 'default'
  if (typeof ns !== 'string' || !NAMESPACE.test(ns)) {
    throw new ScfError(
      'InvalidParameterValue.Namespace',
      `Namespace \`${String(ns)}\` is invalid.`
    )
  }
  return ns
}

function layerRefs(value: unknown): LayerRef[] | undefined {
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value)) {
    throw new ScfError('InvalidParameterValue.Layers', 'Layers must be a list.')
  }
  if (value.length === 0) return undefined
  const refs: LayerRef[] = []
  for (const item of value as unknown[]) {
    const l = item as { LayerName?: unknown; LayerVersion?: unknown }
    if (
      typeof l?.LayerName !== 'string' ||
      typeof l.LayerVersion !== 'number' ||
      !Number.isInteger(l.LayerVersion)
    ) {
      throw new ScfError(
        'InvalidParameterValue.Layers',
        'Each layer needs a string LayerName and an integer LayerVersion.'
      )
    }
    if (l.LayerName !== '') {
      refs.push({ name: l.LayerName, version: l.LayerVersion })
    }
  }
  return refs
}

function codePackage(req: ScfRequest): Buffer {
  const code = req.params.Code as Record<string, unknown> | undefined
  if (!code || typeof code !== 'object') {
    throw new ScfError('MissingParameter.Code', 'Code没有传入。')
  }
  const hasZip = code.ZipFile !== undefined
  const hasCos =
    code.CosBucketName !== undefined || code.CosObjectName !== undefined
  if (hasZip === hasCos) {
    throw new ScfError(
      'InvalidParameterValue.Code',
      'Code must give exactly one of ZipFile, or CosBucketName with CosObjectName.'
    )
  }
  return hasZip ? inlineZip(code.ZipFile) : cosObject(req, code)
}

function numberParam(
  params: Record<string, unknown>,
  name: string,
  fallback: number,
  ok: (n: number) => boolean
): number {
  const v = params[name] ?? fallback
  if (typeof v !== 'number' || !ok(v)) {
    throw new ScfError(
      `InvalidParameterValue.${name}`,
      `${name} \`${String(v)}\` is out of range.`
    )
  }
  return v
}

export class ScfFunctions extends PerRegion<FunctionRecord> {
  constructor(private readonly catalog: LayerCatalog) {
    super()
  }

  status(f: FunctionRecord, now = Date.now()): string {
    if (now < f.busyUntilMs) return f.busyAs
    if (f.rollback) {
      f.layers = f.rollback
      delete f.rollback
    }
    return f.failure === undefined ? 'Active' : 'UpdateFailed'
  }

  /** `namespace/name` of every function in the region bound to that version. */
  usersOf(region: string, layer: string, version: number): string[] {
    return [...(this.peek(region)?.values() ?? [])]
      .filter((f) => {
        this.status(f)
        return [...f.layers, ...(f.rollback ?? [])].some(
          (l) => l.name === layer && l.version === version
        )
      })
      .map((f) => key(f.namespace, f.name))
  }

  snapshot(): Record<string, unknown> {
    return this.view((f) => ({
      name: f.name,
      namespace: f.namespace,
      status: this.status(f),
      runtime: f.runtime,
      layers: f.layers.map((l) => [l.name, l.version])
    }))
  }

  private checkLayers(region: string, refs: LayerRef[]): void {
    const max = SCF_MAX_LAYERS_PER_FUNCTION
    if (refs.length > max) {
      throw new ScfError(
        'InvalidParameterValue.Layers',
        `A function can use at most ${max} layer versions; ${refs.length} given.`
      )
    }
    for (const ref of refs) {
      const v = this.catalog.find(region, ref.name, ref.version)
      if (!v) {
        throw new ScfError(
          'ResourceNotFound.Layer',
          `Layer version ${ref.name}:${ref.version} does not exist in ${region}.`
        )
      }
      const status = this.catalog.status(v)
      if (status === 'Deleting' || status === 'PublishFailed') {
        throw new ScfError(
          'InvalidParameterValue.Layers',
          `Layer version ${ref.name}:${ref.version} is ${status} and cannot be bound.`
        )
      }
    }
  }

  private namespaceExists(region: string, namespace: string): void {
    if (namespace === 'default') return
    const known = [...(this.peek(region)?.values() ?? [])].some(
      (f) => f.namespace === namespace
    )
    if (!known) {
      throw new ScfError(
        'ResourceNotFound.Namespace',
        `Namespace ${namespace} does not exist.`
      )
    }
  }

  private lookup(req: ScfRequest): FunctionRecord {
    const name = functionName(req.params)
    const namespace = namespaceOf(req.params)
    this.namespaceExists(req.region, namespace)
    const f = this.peek(req.region)?.get(key(namespace, name))
    if (!f) {
      throw new ScfError(
        'ResourceNotFound.Function',
        `Function ${namespace}/${name} does not exist in ${req.region}.`
      )
    }
    return f
  }

  create(req: ScfRequest): Record<string, unknown> {
    const p = req.params
    const name = functionName(p)
    const namespace = namespaceOf(p)
    const functions = this.of(req.region)
    if (functions.has(key(namespace, name))) {
      throw new ScfError(
        'ResourceInUse.Function',
        `函数已存在: ${namespace}/${name}.`
      )
    }
    const runtime = p.Runtime ?? 'Python2.7'
    if (typeof runtime !== 'string' || !/^[A-Za-z]+[\w.]*$/.test(runtime)) {
      throw new ScfError(
        'InvalidParameterValue.Runtime',
        `Runtime \`${String(runtime)}\` is invalid.`
      )
    }
    const handler = p.Handler ?? 'index.main_handler'
    if (typeof handler !== 'string' || !HANDLER.test(handler)) {
      throw new ScfError(
        'InvalidParameterValue.Handler',
        `Handler \`${String(handler)}\` is invalid: file.method.`
      )
    }
    const layers = layerRefs(p.Layers) ?? []
    this.checkLayers(req.region, layers)
    const zip = codePackage(req)
    const now = Date.now()
    functions.set(key(namespace, name), {
      name,
      namespace,
      id: `lam-${randomBytes(4).toString('hex')}`,
      runtime,
      handler,
      description: str(p.Description) ?? '',
      memorySize: numberParam(p, 'MemorySize', 128, (n) => n >= 64),
      timeout: numberParam(p, 'Timeout', 3, (n) => n >= 1 && n <= 900),
      codeSize: zip.length,
      codeSha256: createHash('sha256').update(zip).digest('hex'),
      layers,
      addTime: beijingTime(now),
      createdMs: now,
      modTime: beijingTime(now),
      modMs: now,
      busyUntilMs:
        now + setting(req.hub, 'scfUpdateDelayMs', SCF_DEFAULT_UPDATE_MS),
      busyAs: 'Creating'
    })
    return {}
  }

  update(req: ScfRequest): Record<string, unknown> {
    const f = this.lookup(req)
    const p = req.params
    const now = Date.now()
    this.status(f, now)
    if (now < f.busyUntilMs) {
      throw new ScfError(
        'FailedOperation.UpdateFunctionConfiguration',
        BUSY_MESSAGE
      )
    }
    if (p.Runtime !== undefined && p.Runtime !== f.runtime) {
      throw new ScfError(
        'InvalidParameterValue.Runtime',
        'The runtime is chosen at creation and cannot be changed.'
      )
    }
    const layers = layerRefs(p.Layers)
    if (layers) this.checkLayers(req.region, layers)
    const previous = f.layers
    if (layers) f.layers = layers
    f.description = str(p.Description) ?? f.description
    f.memorySize = numberParam(p, 'MemorySize', f.memorySize, (n) => n >= 64)
    f.timeout = numberParam(p, 'Timeout', f.timeout, (n) => n >= 1 && n <= 900)
    f.modTime = beijingTime(now)
    f.modMs = now
    f.busyAs = 'Updating'
    f.busyUntilMs =
      now + setting(req.hub, 'scfUpdateDelayMs', SCF_DEFAULT_UPDATE_MS)
    delete f.failure
    delete f.rollback
    if (req.hub.settings.scfUpdateOutcome === 'UpdateFailed') {
      f.failure = 'forced by the scfUpdateOutcome setting'
      f.rollback = previous
    }
    return {}
  }

  get(req: ScfRequest): Record<string, unknown> {
    if (req.params.FunctionName === undefined) {
      throw new ScfError(
        'InvalidParameter.FunctionNameOrResourceIdRequired',
        'FunctionName is required.'
      )
    }
    const f = this.lookup(req)
    const qualifier = req.params.Qualifier ?? '$LATEST'
    if (qualifier !== '$LATEST') {
      throw new ScfError(
        'ResourceNotFound.Version',
        `Version ${String(qualifier)} of ${f.name} does not exist.`
      )
    }
    return this.detail(req.region, f)
  }

  private detail(region: string, f: FunctionRecord): Record<string, unknown> {
    const status = this.status(f)
    const layers = f.layers.map((l) => {
      const v = this.catalog.find(region, l.name, l.version)
      return v
        ? this.catalog.info(v, false)
        : { LayerName: l.name, LayerVersion: l.version }
    })
    return {
      ...this.summary(f),
      Handler: f.handler,
      CodeSize: f.codeSize,
      CodeInfo: '',
      CodeResult: 'success',
      CodeError: '',
      ErrNo: 0,
      Timeout: f.timeout,
      MemorySize: f.memorySize,
      FunctionVersion: '$LATEST',
      Qualifier: '$LATEST',
      Environment: { Variables: [] },
      VpcConfig: { VpcId: '', SubnetId: '' },
      Role: '',
      InstallDependency: 'FALSE',
      L5Enable: 'FALSE',
      AvailableStatus: status === 'Active' ? 'Available' : 'Unavailable',
      InitTimeout: 65,
      Triggers: [],
      Layers: layers,
      DnsCache: 'FALSE'
    }
  }

  private summary(f: FunctionRecord): Record<string, unknown> {
    const status = this.status(f)
    return {
      FunctionName: f.name,
      FunctionId: f.id,
      Namespace: f.namespace,
      Runtime: f.runtime,
      Description: f.description,
      AddTime: f.addTime,
      ModTime: f.modTime,
      Status: status,
      StatusDesc: f.failure ?? '',
      StatusReasons:
        status === 'UpdateFailed'
          ? [{ ErrorCode: 'UpdateFailed', ErrorMessage: f.failure }]
          : [],
      Type: 'Event',
      Tags: [],
      AsyncRunEnable: 'FALSE',
      TraceEnable: 'FALSE'
    }
  }

  list(req: ScfRequest): Record<string, unknown> {
    const p = req.params
    const namespace = namespaceOf(p)
    this.namespaceExists(req.region, namespace)
    const offset = numberParam(
      p,
      'Offset',
      0,
      (n) => Number.isInteger(n) && n >= 0
    )
    const limit = numberParam(
      p,
      'Limit',
      20,
      (n) => Number.isInteger(n) && n >= 1 && n <= 100
    )
    const order = p.Order ?? 'DESC'
    if (order !== 'ASC' && order !== 'DESC') {
      throw new ScfError('InvalidParameterValue.Order', 'Order is ASC or DESC.')
    }
    const by = p.Orderby ?? 'AddTime'
    const sortKey = (f: FunctionRecord): string | number =>
      by === 'FunctionName' ? f.name : by === 'ModTime' ? f.modMs : f.createdMs
    const search = str(p.SearchKey)
    const description = str(p.Description)
    const all = [...(this.peek(req.region)?.values() ?? [])]
      .filter((f) => f.namespace === namespace)
      .filter((f) => !search || f.name.includes(search))
      .filter((f) => !description || f.description.includes(description))
      .filter((f) => this.matchesFilters(f, p.Filters))
      .sort((a, b) => {
        const [x, y] = [sortKey(a), sortKey(b)]
        const c = x < y ? -1 : x > y ? 1 : a.name.localeCompare(b.name)
        return order === 'ASC' ? c : -c
      })
    return {
      Functions: all.slice(offset, offset + limit).map((f) => this.summary(f)),
      TotalCount: all.length
    }
  }

  /** The `Status` and `Runtime` filters; other names are not emulated. */
  private matchesFilters(f: FunctionRecord, filters: unknown): boolean {
    if (!Array.isArray(filters)) return true
    return (filters as Array<{ Name?: unknown; Values?: unknown }>).every(
      (x) => {
        const values = Array.isArray(x?.Values) ? (x.Values as unknown[]) : []
        if (x?.Name === 'Status') return values.includes(this.status(f))
        if (x?.Name === 'Runtime') return values.includes(f.runtime)
        return true
      }
    )
  }
}
