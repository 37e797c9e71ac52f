/**
 * The `/_emulator/*` control routes, the same on every endpoint: GET calls,
 * GET state, POST reset, POST buckets {name, region, service?}, GET/POST/
 * DELETE faults, POST bandwidth {bytesPerSecond}, GET/POST settings, GET
 * held (calls a `hold` fault keeps), POST release (lets them all go on).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { randomUUID } from 'node:crypto'
import { readJson } from './body.js'
import type { Hub } from './hub.js'
import type { FaultRule } from './types.js'

type Answer = [status: number, value: unknown]
type Route = (hub: Hub, body: unknown) => Answer

const ROUTES: Record<string, Route> = {
  'GET calls': (hub) => [200, hub.calls],
  'GET state': (hub) => [200, hub.snapshot()],
  'POST reset': (hub) => {
    hub.reset()
    return [200, { ok: true }]
  },
  'POST buckets': createBuckets,
  'GET faults': (hub) => [200, hub.faults],
  'POST faults': addFaults,
  'DELETE faults': (hub) => {
    hub.faults = []
    return [200, { ok: true }]
  },
  'GET held': (hub) => [200, hub.held()],
  'POST release': (hub) => [200, { released: hub.release() }],
  'GET settings': (hub) => [200, hub.settings],
  'POST settings': (hub, body) => {
    Object.assign(hub.settings, (body ?? {}) as Record<string, unknown>)
    return [200, hub.settings]
  },
  'POST bandwidth': (hub, body) => {
    const b = (body ?? {}) as { bytesPerSecond?: number }
    hub.bandwidth = Math.max(0, Number(b.bytesPerSecond ?? 0))
    return [200, { bytesPerSecond: hub.bandwidth }]
  }
}

export async function handleControl(
  hub: Hub,
  req: IncomingMessage,
  res: ServerResponse
): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://emulator')
  if (!url.pathname.startsWith('/_emulator/')) return false
  const route = url.pathname.slice('/_emulator/'.length)
  const method = req.method ?? 'GET'
  for (const r of hub.routes) {
    if (route.startsWith(r.prefix)) {
      await r.handler(req, res, route.slice(r.prefix.length))
      return true
    }
  }
  const body = method === 'GET' ? undefined : await readJson(req)
  const handler = ROUTES[`${method} ${route}`]
  const [status, value] = handler
    ? handler(hub, body)
    : [404, { error: `unknown emulator route ${method} ${url.pathname}` }]
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(value))
  return true
}

function createBuckets(hub: Hub, body: unknown): Answer {
  const b = (body ?? {}) as { name?: string; region?: string; service?: string }
  if (!b.name || !b.region) {
    return [400, { error: 'name and region are required' }]
  }
  // One namespace per service; unless told, the bucket exists in both.
  if (b.service === 's3' || b.service === 'cos') {
    hub.store.create(b.service, b.name, b.region)
  } else {
    hub.store.create('s3', b.name, b.region)
    hub.store.create('cos', b.name, b.region)
  }
  return [201, { name: b.name, region: b.region }]
}

function addFaults(hub: Hub, body: unknown): Answer {
  const list = Array.isArray(body) ? body : [body]
  const added: FaultRule[] = []
  for (const item of list as Array<Partial<FaultRule>>) {
    if (!item || !item.service || !item.operation || !item.kind) {
      return [400, { error: 'service, operation and kind are required' }]
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
    hub.faults.push(rule)
    added.push(rule)
  }
  return [201, added]
}
