/**
 * The emulator core's seams on their own: the shared request pipeline with a
 * toy protocol, the object store S3 and COS share, the fault table lookup
 * and the per-region record keeping.
 */
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { faultError, STORAGE_FAULTS } from './faults.js'
import { Hub } from './hub.js'
import { ascending, md5, multipartEtag, ObjectStore } from './object-store.js'
import { PerRegion } from './per-region.js'
import { type Call, type Protocol, runPipeline } from './pipeline.js'
import type { FaultRule } from './types.js'

function rule(
  kind: FaultRule['kind'],
  extra: Partial<FaultRule> = {}
): FaultRule {
  return {
    id: 'r',
    service: 'scf',
    operation: '*',
    kind,
    hits: 0,
    seen: 0,
    ...extra
  }
}

describe('object store', () => {
  it('keeps one bucket per name and service, and lists keys after a marker', () => {
    const store = new ObjectStore()
    const b = store.create('cos', 'b', 'ap-guangzhou')
    expect(store.create('cos', 'b', 'ap-beijing')).toBe(b)
    expect(store.get('s3', 'b')).toBeUndefined()
    for (const key of ['p/b', 'p/a', 'q/c']) {
      b.objects.set(key, {
        body: Buffer.alloc(0),
        etag: '',
        contentType: '',
        lastModified: new Date()
      })
    }
    expect(store.keys(b, 'p/', '')).toEqual(['p/a', 'p/b'])
    expect(store.keys(b, '', 'p/a')).toEqual(['p/b', 'q/c'])
    expect(store.isEmpty(b)).toBe(false)
  })

  it('lists uploads by key then age, and completing one stores its object', () => {
    const store = new ObjectStore()
    const b = store.create('s3', 'b', 'us-east-1')
    const at = (ms: number) => new Date(ms)
    store.initiate(b, {
      uploadId: '2',
      key: 'k',
      parts: new Map(),
      initiated: at(2)
    })
    store.initiate(b, {
      uploadId: '1',
      key: 'k',
      parts: new Map(),
      initiated: at(1)
    })
    store.initiate(b, {
      uploadId: '0',
      key: 'j',
      parts: new Map(),
      initiated: at(3)
    })
    expect(store.uploads(b, '').map((u) => u.uploadId)).toEqual(['0', '1', '2'])
    expect(store.upload(b, '1', 'other')).toBeUndefined()
    const upload = store.upload(b, '1', 'k')!
    store.complete(b, upload, {
      body: Buffer.from('x'),
      etag: 'e',
      contentType: 'c',
      lastModified: at(4)
    })
    expect(b.objects.get('k')?.etag).toBe('e')
    expect(b.uploads.has('1')).toBe(false)
  })

  it('computes the ETag of ETags and checks part order', () => {
    const a = md5(Buffer.from('a')).toString('hex')
    const b = md5(Buffer.from('b')).toString('hex')
    const expected = md5(
      Buffer.concat([Buffer.from(a, 'hex'), Buffer.from(b, 'hex')])
    ).toString('hex')
    expect(multipartEtag([a, b])).toBe(`${expected}-2`)
    expect(ascending([1, 2, 5])).toBe(true)
    expect(ascending([1, 1])).toBe(false)
    expect(ascending([3, 2])).toBe(false)
  })
})

describe('fault table', () => {
  it('answers the table entry, fills an error rule, and leaves wire events alone', () => {
    expect(faultError(STORAGE_FAULTS, rule('throttle'))?.code).toBe('SlowDown')
    expect(faultError(STORAGE_FAULTS, rule('error', { code: 'Boom' }))).toEqual(
      {
        status: 400,
        code: 'Boom',
        message: 'Fault injected by the emulator'
      }
    )
    expect(faultError(STORAGE_FAULTS, rule('delay'))).toBeUndefined()
    expect(faultError(STORAGE_FAULTS, rule('reset'))).toBeUndefined()
  })
})

describe('per-region records', () => {
  it('creates a region on use only, and shows every region', () => {
    const regions = new PerRegion<number>()
    expect(regions.peek('r1')).toBeUndefined()
    regions.of('r1').set('a', 1)
    expect(regions.view((n) => n * 2)).toEqual({ r1: [2] })
    regions.clear()
    expect(regions.view((n) => n)).toEqual({})
  })
})

describe('request pipeline', () => {
  const hub = new Hub()
  let handled = 0
  let server: Server
  let port = 0
  const sockets: Socket[] = []
  // A toy protocol: `x-refuse` refuses, anything else is handled.
  const toy: Protocol<Call, string> = {
    identify: (_req, raw) => ({
      service: 'scf',
      operation: raw.path.slice(1) || 'Root',
      write: raw.method === 'POST',
      region: 'r1',
      bodyLimit: 4
    }),
    admit: (_call, req, read) => {
      if (read.tooLarge)
        return { refuse: { status: 413, headers: {}, errorCode: 'TooLarge' } }
      if (req.headers['x-refuse'])
        return { refuse: { status: 403, headers: {}, errorCode: 'Denied' } }
      return { accept: read.body.toString() }
    },
    faultReply: (_call, r) => {
      const e = faultError(STORAGE_FAULTS, r)
      return (
        e && { status: e.status, headers: {}, body: e.code, errorCode: e.code }
      )
    },
    handle: (_call, body) => {
      handled++
      return { status: 200, headers: {}, body: `got ${body}` }
    }
  }

  beforeAll(async () => {
    server = createServer((req, res) => {
      void hub
        .control(req, res)
        .then((done) => (done ? undefined : runPipeline(hub, toy, req, res)))
    })
    server.on('connection', (s: Socket) => sockets.push(s))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    port = (server.address() as AddressInfo).port
  })
  afterAll(() => {
    server.closeAllConnections()
    server.close()
  })

  function call(
    path: string,
    body = '',
    headers: Record<string, string> = {}
  ): Promise<{ status: number; text: string } | 'reset'> {
    return new Promise((resolve) => {
      const req = request(
        {
          port,
          host: '127.0.0.1',
          path,
          method: 'POST',
          headers,
          agent: false
        },
        (res) => {
          let text = ''
          res.on('data', (c: Buffer) => (text += c.toString()))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
        }
      )
      req.on('error', () => resolve('reset'))
      req.end(body)
    })
  }

  it('handles, refuses, and records each call once with its size', async () => {
    hub.reset()
    expect(await call('/Op', 'abc')).toEqual({ status: 200, text: 'got abc' })
    expect(await call('/Op', 'abc', { 'x-refuse': '1' })).toEqual({
      status: 403,
      text: ''
    })
    expect(await call('/Op', 'too long')).toEqual({ status: 413, text: '' })
    expect(
      hub.calls.map((c) => [
        c.operation,
        c.status,
        c.errorCode,
        c.requestBytes,
        c.write
      ])
    ).toEqual([
      ['Op', 200, undefined, 3, true],
      ['Op', 403, 'Denied', 3, true],
      ['Op', 413, 'TooLarge', 8, true]
    ])
  })

  it('plays every fault kind: reply, reset, delay, and commit-then-reset', async () => {
    hub.reset()
    hub.faults.push(
      rule('throttle', { operation: 'A', times: 1 }),
      rule('reset', { operation: 'B', times: 1 }),
      rule('delay', { operation: 'C', times: 1, delayMs: 1 }),
      rule('commit-then-reset', { operation: 'D', times: 1 })
    )
    const before = handled
    expect(await call('/A')).toEqual({ status: 503, text: 'SlowDown' })
    expect(await call('/B')).toBe('reset')
    expect(await call('/C', 'x')).toEqual({ status: 200, text: 'got x' })
    expect(await call('/D')).toBe('reset')
    // Only the delayed call and the lost response ran the handler.
    expect(handled - before).toBe(2)
    expect(
      hub.calls.map((c) => [c.operation, c.status, c.fault, c.errorCode])
    ).toEqual([
      ['A', 503, 'throttle', 'SlowDown'],
      ['B', 0, 'reset', undefined],
      ['C', 200, 'delay', undefined],
      ['D', 0, 'commit-then-reset', undefined]
    ])
  })

  async function control(method: string, route: string): Promise<unknown> {
    const res = await fetch(`http://127.0.0.1:${port}/_emulator/${route}`, {
      method
    })
    return res.json()
  }

  /** Polls (bounded by count, not time) until `n` calls are held. */
  async function heldCount(n: number): Promise<void> {
    for (let i = 0; i < 2000 && hub.held().length !== n; i++) {
      await new Promise((r) => setTimeout(r, 2))
    }
    expect(hub.held()).toHaveLength(n)
  }

  it('holds a matching call before its handler until released, and shows it', async () => {
    hub.reset()
    hub.faults.push(rule('hold', { operation: 'H', after: 1, times: 1 }))
    const before = handled
    // `after: 1` lets the first through; the second is held.
    expect(await call('/H', 'a')).toEqual({ status: 200, text: 'got a' })
    const held = call('/H', 'b')
    await heldCount(1)
    expect(handled - before).toBe(1)
    expect(await control('GET', 'held')).toEqual([
      { service: 'scf', operation: 'H', region: 'r1' }
    ])
    // Other calls, and the same operation past `times`, go on meanwhile.
    expect(await call('/H', 'c')).toEqual({ status: 200, text: 'got c' })
    expect(await control('POST', 'release')).toEqual({ released: 1 })
    expect(await held).toEqual({ status: 200, text: 'got b' })
    expect(await control('GET', 'held')).toEqual([])
    expect(
      hub.calls.map((c) => [c.operation, c.status, c.fault, c.requestBytes])
    ).toEqual([
      ['H', 200, undefined, 1],
      ['H', 200, undefined, 1],
      ['H', 200, 'hold', 1]
    ])
  })

  it('handles a released call whose client went away, logging status 0, and goes on serving', async () => {
    hub.reset()
    hub.faults.push(rule('hold', { operation: 'Gone', times: 1 }))
    const before = handled
    const client = request({
      port,
      host: '127.0.0.1',
      path: '/Gone',
      method: 'POST',
      agent: false
    })
    client.on('error', () => undefined)
    client.end('x')
    await heldCount(1)
    const socket = sockets[sockets.length - 1]!
    const closed = new Promise((r) => socket.once('close', r))
    client.destroy()
    await closed
    hub.release()
    expect(await call('/After', 'y')).toEqual({ status: 200, text: 'got y' })
    expect(handled - before).toBe(2)
    expect(hub.calls.map((c) => [c.operation, c.status, c.fault])).toEqual([
      ['Gone', 0, 'hold'],
      ['After', 200, undefined]
    ])
  })

  it('drops held calls on reset: closed, not handled, not logged', async () => {
    hub.reset()
    hub.faults.push(rule('hold', { operation: 'R' }))
    const before = handled
    const held = [call('/R', 'a'), call('/R', 'b')]
    await heldCount(2)
    expect(await control('POST', 'reset')).toEqual({ ok: true })
    expect(await Promise.all(held)).toEqual(['reset', 'reset'])
    expect(hub.held()).toEqual([])
    expect(handled - before).toBe(0)
    expect(hub.calls).toEqual([])
  })
})
