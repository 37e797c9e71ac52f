/**
 * Shared machinery of the local emulators: the call log every test asserts
 * on, scripted faults, buckets (S3 and COS alike), and the `/_emulator/`
 * control routes that answer the same on every endpoint.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { randomUUID } from 'node:crypto'

export type Service = 'lambda' | 's3' | 'scf' | 'cos'

export interface CallRecord {
  seq: number
  service: Service | 'unknown'
  operation: string
  region: string
  /** HTTP status sent; 0 when the connection was reset instead. */
  status: number
  /** True for any call that changes state (publish, put, delete, permission...). */
  write: boolean
  method: string
  path: string
  /** Error code answered, if any (`TooManyRequestsException`, `InternalError`...). */
  errorCode?: string
  /** The fault applied, if one was. */
  fault?: FaultKind
  requestBytes: number
  time: string
}

export type FaultKind =
  | 'throttle' // the provider's own throttling error
  | 'error500'
  | 'error503'
  | 'reset' // destroy the socket without answering
  | 'delay' // answer normally, after delayMs (beyond the client timeout)
  | 'commit-then-reset' // do the work, then destroy the socket (lost response)
  | 'error' // answer with an explicit status/code/message

export interface FaultRule {
  id: string
  service: Service
  /** Operation name as recorded in the call log, or `*`. */
  operation: string
  /** Only this region; any when absent. */
  region?: string
  kind: FaultKind
  /** How many matching calls get the fault; absent = every one, forever. */
  times?: number
  /** Skip this many matching calls before faulting. */
  after?: number
  delayMs?: number
  /** For kind `error`. */
  status?: number
  code?: string
  message?: string
  hits: number
  seen: number
}

export interface StoredObject {
  body: Buffer
  etag: string
  contentType: string
  lastModified: Date
}

export interface MultipartUpload {
  uploadId: string
  key: string
  parts: Map<number, { body: Buffer; etag: string }>
  initiated: Date
}

export interface Bucket {
  service: 's3' | 'cos'
  name: string
  region: string
  objects: Map<string, StoredObject>
  uploads: Map<string, MultipartUpload>
}

export class Hub {
  readonly calls: CallRecord[] = []
  faults: FaultRule[] = []
  readonly buckets = new Map<string, Bucket>()
  /** Per-connection upload cap in bytes/s (0 = unlimited); stands in for a real network. */
  bandwidth = 0
  /**
   * Service tunables, set with POST /_emulator/settings (merged), e.g.
   * `{"tencentActivationDelayMs": 500}`. Services read them per request.
   */
  settings: Record<string, unknown> = {}
  private seq = 0
  private readonly resetHooks: Array<() => void> = []
  private readonly stateHooks = new Map<string, () => unknown>()
  private readonly routes: Array<{
    prefix: string
    handler: (
      req: IncomingMessage,
      res: ServerResponse,
      rest: string
    ) => void | Promise<void>
  }> = []

  /** Services register how to wipe and show their own state. */
  onReset(hook: () => void): void {
    this.resetHooks.push(hook)
  }
  onState(name: string, hook: () => unknown): void {
    this.stateHooks.set(name, hook)
  }

  /**
   * Services add their own routes under `/_emulator/<prefix>` (e.g. the AWS
   * emulator's layer archive downloads); `rest` is the path after the prefix.
   */
  onRoute(
    prefix: string,
    handler: (
      req: IncomingMessage,
      res: ServerResponse,
      rest: string
    ) => void | Promise<void>
  ): void {
    this.routes.push({ prefix, handler })
  }

  reset(): void {
    this.calls.length = 0
    this.faults = []
    this.buckets.clear()
    this.bandwidth = 0
    this.settings = {}
    this.seq = 0
    for (const hook of this.resetHooks) hook()
  }

  record(call: Omit<CallRecord, 'seq' | 'time'>): CallRecord {
    const rec: CallRecord = {
      ...call,
      seq: ++this.seq,
      time: new Date().toISOString()
    }
    this.calls.push(rec)
    return rec
  }

  /** Returns the fault to apply to this call, counting it, or undefined. */
  takeFault(
    service: Service,
    operation: string,
    region: string
  ): FaultRule | undefined {
    for (const rule of this.faults) {
      if (rule.service !== service) continue
      if (rule.operation !== '*' && rule.operation !== operation) continue
      if (rule.region && rule.region !== region) continue
      if (rule.times !== undefined && rule.hits >= rule.times) continue
      rule.seen++
      if (rule.after !== undefined && rule.seen <= rule.after) continue
      rule.hits++
      return rule
    }
    return undefined
  }

  bucketKey(service: 's3' | 'cos', name: string): string {
    return `${service}:${name}`
  }
  getBucket(service: 's3' | 'cos', name: string): Bucket | undefined {
    return this.buckets.get(this.bucketKey(service, name))
  }
  createBucket(service: 's3' | 'cos', name: string, region: string): Bucket {
    const existing = this.getBucket(service, name)
    if (existing) return existing
    const bucket: Bucket = {
      service,
      name,
      region,
      objects: new Map(),
      uploads: new Map()
    }
    this.buckets.set(this.bucketKey(service, name), bucket)
    return bucket
  }

  snapshot(): Record<string, unknown> {
    const buckets = [...this.buckets.values()].map((b) => ({
      service: b.service,
      name: b.name,
      region: b.region,
      objects: [...b.objects.entries()].map(([key, o]) => ({
        key,
        size: o.body.length,
        etag: o.etag
      })),
      uploads: [...b.uploads.values()].map((u) => ({
        uploadId: u.uploadId,
        key: u.key,
        parts: u.parts.size
      }))
    }))
    const out: Record<string, unknown> = { buckets }
    for (const [name, hook] of this.stateHooks) out[name] = hook()
    return out
  }

  /**
   * Handles `/_emulator/*`. Returns false when the request is not for it.
   * Routes: GET calls, GET state, POST reset, POST buckets {name, region, service?},
   * GET/POST/DELETE faults, POST bandwidth {bytesPerSecond}, GET/POST settings.
   */
  async control(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://emulator')
    if (!url.pathname.startsWith('/_emulator/')) return false
    const route = url.pathname.slice('/_emulator/'.length)
    const method = req.method ?? 'GET'
    for (const r of this.routes) {
      if (route.startsWith(r.prefix)) {
        await r.handler(req, res, route.slice(r.prefix.length))
        return true
      }
    }
    const body = method === 'GET' ? undefined : await readJson(req)
    const send = (status: number, value: unknown) => {
      const text = JSON.stringify(value)
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(text)
    }
    if (route === 'calls' && method === 'GET') {
      send(200, this.calls)
    } else if (route === 'state' && method === 'GET') {
      send(200, this.snapshot())
    } else if (route === 'reset' && method === 'POST') {
      this.reset()
      send(200, { ok: true })
    } else if (route === 'buckets' && method === 'POST') {
      const b = (body ?? {}) as {
        name?: string
        region?: string
        service?: string
      }
      if (!b.name || !b.region) {
        send(400, { error: 'name and region are required' })
        return true
      }
      // One namespace per service; unless told, the bucket exists in both.
      if (b.service === 's3' || b.service === 'cos') {
        this.createBucket(b.service, b.name, b.region)
      } else {
        this.createBucket('s3', b.name, b.region)
        this.createBucket('cos', b.name, b.region)
      }
      send(201, { name: b.name, region: b.region })
    } else if (route === 'faults' && method === 'GET') {
      send(200, this.faults)
    } else if (route === 'faults' && method === 'POST') {
      const list = Array.isArray(body) ? body : [body]
      const added: FaultRule[] = []
      for (const item of list as Array<Partial<FaultRule>>) {
        if (!item || !item.service || !item.operation || !item.kind) {
          send(400, { error: 'service, operation and kind are required' })
          return true
        }
        const rule: FaultRule = {
          ...item,
          id: item.id ?? randomUUID(),
          service: item.service,
          operation: item.operation,
          kind: item.kind,
          hits: 0,
          seen: 0
        }
        this.faults.push(rule)
        added.push(rule)
      }
      send(201, added)
    } else if (route === 'faults' && method === 'DELETE') {
      this.faults = []
      send(200, { ok: true })
    } else if (route === 'settings' && method === 'GET') {
      send(200, this.settings)
    } else if (route === 'settings' && method === 'POST') {
      Object.assign(this.settings, (body ?? {}) as Record<string, unknown>)
      send(200, this.settings)
    } else if (route === 'bandwidth' && method === 'POST') {
      const b = (body ?? {}) as { bytesPerSecond?: number }
      this.bandwidth = Math.max(0, Number(b.bytesPerSecond ?? 0))
      send(200, { bytesPerSecond: this.bandwidth })
    } else {
      send(404, { error: `unknown emulator route ${method} ${url.pathname}` })
    }
    return true
  }
}

export class BodyTooLargeError extends Error {
  constructor(readonly received: number) {
    super(`body larger than limit (${received} bytes read)`)
  }
}

/**
 * Reads a request body, honouring the hub's bandwidth cap. With a limit, the
 * whole body is still drained (the client must see our error, not a reset),
 * but bytes past the limit are not kept.
 */
export async function readBody(
  req: IncomingMessage,
  hub?: Hub,
  limit = Infinity
): Promise<{ body: Buffer; size: number; tooLarge: boolean }> {
  const chunks: Buffer[] = []
  let size = 0
  let kept = 0
  const cap = hub?.bandwidth ?? 0
  const started = Date.now()
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (kept + chunk.length <= limit) {
      chunks.push(chunk)
      kept += chunk.length
    }
    if (cap > 0) {
      // Sleep until the bytes so far would have taken this long at the cap.
      const due = started + (size / cap) * 1000
      const wait = due - Date.now()
      if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    }
  }
  return { body: Buffer.concat(chunks), size, tooLarge: size > limit }
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const { body } = await readBody(req)
  if (body.length === 0) return undefined
  try {
    return JSON.parse(body.toString('utf8'))
  } catch {
    return undefined
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}

/**
 * Answers a GET of an archive download URL as S3 and COS do: a single
 * `Range` (`bytes=a-b`, `a-`, `-n`) gets 206 with Content-Range, one that
 * starts past the end 416, a malformed one is ignored. The emulator may
 * keep only the archive's last bytes (`kept` starting at `offset`): a
 * request outside them gets 410, which no real service sends. Returns the
 * status sent.
 */
/** What an emulator keeps of an archive: `kept` is its end, from `offset`. */
export interface KeptArchive {
  total: number
  offset: number
  kept: Buffer
}

/**
 * The handler of a layer's download URL (`<region>/<name>/<version>` after
 * the route's prefix): scripted faults (any fault drops the connection),
 * the call log (`DownloadLayerContent`), S3's and COS's 404, and ranges.
 */
export function archiveDownloads(
  hub: Hub,
  service: Service,
  find: (
    region: string,
    name: string,
    version: number
  ) => KeptArchive | undefined
): (req: IncomingMessage, res: ServerResponse, rest: string) => void {
  return (req, res, rest) => {
    const [region = '', name = '', version = ''] = rest.split('/').map((x) => {
      try {
        return decodeURIComponent(x)
      } catch {
        return x
      }
    })
    const call = {
      service,
      operation: 'DownloadLayerContent',
      region,
      write: false,
      method: req.method ?? 'GET',
      path: req.url ?? '',
      requestBytes: 0
    }
    const fault = hub.takeFault(service, call.operation, region)
    if (fault) {
      hub.record({ ...call, status: 0, fault: fault.kind })
      res.destroy()
      return
    }
    const archive = find(region, name, Number(version))
    let status = 404
    if (archive) {
      status = sendArchive(req, res, archive)
    } else {
      res.writeHead(404, { 'content-type': 'application/xml' })
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>'
      )
    }
    hub.record({ ...call, status })
  }
}

function sendArchive(
  req: IncomingMessage,
  res: ServerResponse,
  archive: KeptArchive
): number {
  const { total, offset, kept } = archive
  let start = 0
  let end = total - 1
  let partial = false
  const m = /^bytes=(\d*)-(\d*)$/.exec(String(req.headers.range ?? ''))
  if (m && (m[1] !== '' || m[2] !== '')) {
    partial = true
    if (m[1] === '') {
      start = Math.max(0, total - Number(m[2]))
      if (Number(m[2]) === 0) start = total
    } else {
      start = Number(m[1])
      if (m[2] !== '') end = Math.min(end, Number(m[2]))
    }
    if (start >= total || start > end) {
      res.writeHead(416, {
        'content-type': 'application/xml',
        'content-range': `bytes */${total}`
      })
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>InvalidRange</Code><Message>The requested range is not satisfiable</Message></Error>'
      )
      return 416
    }
  }
  if (start < offset || end >= offset + kept.length) {
    const body = `the emulator kept only the last ${kept.length} bytes of this ${total}-byte archive`
    res.writeHead(410, {
      'content-type': 'text/plain',
      'content-length': String(Buffer.byteLength(body))
    })
    res.end(body)
    return 410
  }
  const body = kept.subarray(start - offset, end - offset + 1)
  res.writeHead(partial ? 206 : 200, {
    'content-type': 'application/zip',
    'content-length': String(body.length),
    'accept-ranges': 'bytes',
    ...(partial && { 'content-range': `bytes ${start}-${end}/${total}` })
  })
  res.end(body)
  return partial ? 206 : 200
}
