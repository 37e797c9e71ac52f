/**
 * The one request pipeline of every emulated service (Lambda, S3, SCF,
 * COS): name the call, read the body, let the protocol admit it (size,
 * address, signature, parameters), apply the scripted fault, run the
 * handler, send, and record the call. A `hold` fault parks the admitted
 * call before its handler: released, it is handled as if it had just
 * arrived (even when its client has gone: the work is done and the log
 * records status 0, as for a lost response); dropped by a reset, its
 * connection is closed and nothing is recorded (the log was wiped). A protocol supplies only what is its
 * own; adding an operation is adding a handler to its table.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { readBody, type ReadBody, sleep } from './body.js'
import type { Hub } from './hub.js'
import type { FaultRule, Reply, Service } from './types.js'

/** What the request line and headers say, before the body is read. */
export interface Call {
  service: Service
  operation: string
  write: boolean
  region: string
  /** Largest body this call accepts; more is drained, not kept. */
  bodyLimit: number
}

export type Admission<A> = { refuse: Reply } | { accept: A }

export interface Protocol<C extends Call, A> {
  /** Names the call (operation, region...) from the request line and headers. */
  identify(req: IncomingMessage, raw: RawRequest): C
  /** Every check before faults and the handler, in the service's own order. */
  admit(call: C, req: IncomingMessage, body: ReadBody): Admission<A>
  /** The reply to a scripted fault in the service's error format. */
  faultReply(call: C, rule: FaultRule): Reply | undefined
  handle(call: C, admitted: A): Reply
}

export interface RawRequest {
  method: string
  /** Path and query as they arrived (percent-encoded). */
  url: string
  path: string
  query: string
}

export function rawRequest(req: IncomingMessage): RawRequest {
  const url = req.url ?? '/'
  const q = url.indexOf('?')
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    url,
    path: q < 0 ? url : url.slice(0, q),
    query: q < 0 ? '' : url.slice(q + 1)
  }
}

export async function runPipeline<C extends Call, A>(
  hub: Hub,
  protocol: Protocol<C, A>,
  req: IncomingMessage,
  res: ServerResponse,
  raw: RawRequest = rawRequest(req)
): Promise<void> {
  const call = protocol.identify(req, raw)
  const read = await readBody(req, hub, call.bodyLimit)
  const log = new CallLog(hub, req, res, raw, call, read.size)
  const admission = protocol.admit(call, req, read)
  if ('refuse' in admission) return log.finish(admission.refuse)
  const fault = hub.takeFault(call.service, call.operation, call.region)
  if (fault) {
    log.fault = fault
    if (fault.kind === 'reset') return log.finish('reset')
    if (fault.kind === 'hold' && !(await hub.hold(call))) {
      req.socket.destroy()
      return
    }
    if (fault.kind === 'delay') await sleep(fault.delayMs ?? 0)
    const reply = protocol.faultReply(call, fault)
    if (reply) return log.finish(reply)
  }
  const reply = protocol.handle(call, admission.accept)
  // The work is done; the client never learns it (a lost response).
  if (fault?.kind === 'commit-then-reset') return log.finish('reset')
  log.finish(reply)
}

/** Sends (or withholds) the answer and writes the call's log record. */
class CallLog {
  fault: FaultRule | undefined

  constructor(
    private readonly hub: Hub,
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly raw: RawRequest,
    private readonly call: Call,
    private readonly size: number
  ) {}

  finish(reply: Reply | 'reset'): void {
    // A client that gave up (a timeout during a delay) gets nothing.
    const gone = this.res.destroyed || this.req.socket.destroyed
    if (reply === 'reset') this.req.socket.destroy()
    else if (!gone) send(this.res, this.raw.method, reply)
    const answered = reply !== 'reset' && !gone
    this.hub.record({
      service: this.call.service,
      operation: this.call.operation,
      region: this.call.region,
      status: answered ? reply.status : 0,
      write: this.call.write,
      method: this.raw.method,
      path: this.raw.url,
      ...(answered &&
        reply.errorCode !== undefined && { errorCode: reply.errorCode }),
      ...(this.fault && { fault: this.fault.kind }),
      requestBytes: this.size
    })
  }
}

function send(res: ServerResponse, method: string, reply: Reply): void {
  const body =
    reply.body === undefined
      ? undefined
      : typeof reply.body === 'string'
        ? Buffer.from(reply.body, 'utf8')
        : reply.body
  const headers = { ...reply.headers }
  headers['content-length'] ??= String(body?.length ?? 0)
  res.writeHead(reply.status, headers)
  if (method === 'HEAD' || body === undefined) res.end()
  else res.end(body)
}
