/**
 * The local Tencent Cloud emulator: SCF layer actions (API 3.0, TC3 signed)
 * on one endpoint and a COS XML subset on another, sharing the hub's call
 * log, faults and buckets. State is kept per region (`X-TC-Region`, or the
 * region a COS request addresses).
 *
 * Settings (POST /_emulator/settings, read per request):
 * - `tencentActivationDelayMs` (300): how long a new version stays
 *   `Publishing` before `Active` (or `PublishFailed`);
 * - `tencentPublishOutcome` (`Active`): `PublishFailed` fails every new
 *   version, whatever its archive;
 * - `tencentMaxLayerVersions` (200), `tencentMaxLayers` (20): the quotas,
 *   lower them to reach `LimitExceeded.*` cheaply.
 * Any session token (`X-TC-Token`, `x-cos-security-token`) is accepted with
 * the test keys.
 */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  archiveDownloads,
  type FaultRule,
  type Hub,
  readBody,
  sleep
} from '../core.js'
import { createCosHandler } from './cos.js'
import {
  SCF_ACTIONS,
  SCF_BODY_LIMIT,
  SCF_VERSION,
  ScfError,
  ScfState
} from './scf.js'
import {
  canonicalRequest,
  parseTc3Authorization,
  sameHex,
  stringToSign,
  Tc3ParseError,
  tc3Date,
  tc3Signature
} from './tc3.js'

export const TENCENT_TEST = {
  region: 'ap-guangzhou',
  secretId: 'AKIDEMULATOR00000000000000000000TEST',
  secretKey: 'emulator-secret-key-do-not-use00',
  appId: '1250000000'
}

export { SCF_BODY_LIMIT, SCF_UNZIPPED_LIMIT } from './scf.js'

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>

/** Largest clock difference TC3 tolerates (five minutes). */
const MAX_SKEW_S = 300
const REGION = /^[a-z]+(?:-[a-z0-9]+)+$/

interface ScfReply {
  status: number
  body: string
  errorCode?: string
}

function scfOk(requestId: string, response: Record<string, unknown>): ScfReply {
  return {
    status: 200,
    body: JSON.stringify({ Response: { ...response, RequestId: requestId } })
  }
}

/** SCF answers errors with HTTP 200 and a Response.Error object. */
function scfError(
  requestId: string,
  code: string,
  message: string,
  status = 200
): ScfReply {
  return {
    status,
    errorCode: code,
    body: JSON.stringify({
      Response: {
        Error: { Code: code, Message: message },
        RequestId: requestId
      }
    })
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name]
  return Array.isArray(v) ? v[0] : v
}

function faultReply(requestId: string, rule: FaultRule): ScfReply | undefined {
  switch (rule.kind) {
    case 'throttle':
      return scfError(
        requestId,
        'RequestLimitExceeded',
        'Your current request times equals to `21` in a second, which exceeds the frequency limit `20` for a second. Please reduce the frequency of calls.'
      )
    // The gateway's own failures are HTTP errors; the SDK then throws with
    // only `httpCode` and the status text.
    case 'error500':
      return scfError(
        requestId,
        'InternalError',
        'An internal error has occurred. Retry your request.',
        500
      )
    case 'error503':
      return scfError(
        requestId,
        'InternalError',
        'Service is temporarily unavailable.',
        503
      )
    case 'error':
      return scfError(
        requestId,
        rule.code ?? 'InternalError',
        rule.message ?? 'Fault injected by the emulator',
        rule.status ?? 200
      )
    default:
      return undefined
  }
}

/** Checks the TC3 signature; returns an error reply, or undefined if good. */
function verifyTc3(
  req: IncomingMessage,
  body: Buffer,
  requestId: string,
  path: string,
  query: string
): ScfReply | undefined {
  const fail = (code: string, message: string) =>
    scfError(requestId, code, message)
  const authorization = header(req, 'authorization')
  if (!authorization) {
    return fail(
      'AuthFailure.InvalidAuthorization',
      'The Authorization header is missing.'
    )
  }
  let auth
  try {
    auth = parseTc3Authorization(authorization)
  } catch (error) {
    if (!(error instanceof Tc3ParseError)) throw error
    return fail('AuthFailure.InvalidAuthorization', error.message)
  }
  if (auth.secretId !== TENCENT_TEST.secretId) {
    return fail(
      'AuthFailure.SecretIdNotFound',
      'The SecretId is not found, please ensure that your SecretId is correct.'
    )
  }
  const timestamp = Number(header(req, 'x-tc-timestamp'))
  if (!Number.isInteger(timestamp)) {
    return fail(
      'MissingParameter',
      'The request is missing a required parameter `Timestamp`.'
    )
  }
  const now = Math.floor(Date.now() / 1000)
  if (Math.abs(now - timestamp) > MAX_SKEW_S) {
    return fail(
      'AuthFailure.SignatureExpire',
      `Signature expired, timestamp: ${timestamp}, server time: ${now}. The timestamp and server time must not differ by more than five minutes.`
    )
  }
  if (auth.date !== tc3Date(timestamp)) {
    return fail(
      'AuthFailure.SignatureFailure',
      'The Credential date does not match X-TC-Timestamp.'
    )
  }
  if (!auth.signedHeaders.includes('host')) {
    return fail(
      'AuthFailure.SignatureFailure',
      'SignedHeaders must include host.'
    )
  }
  const headers = new Map<string, string>()
  for (const name of auth.signedHeaders) {
    headers.set(name, header(req, name) ?? '')
  }
  // Clients sign the host without the port (the real API is on 443), but
  // send it with one; accept either form.
  const host = headers.get('host') ?? ''
  const hosts = [host, host.replace(/:\d+$/, '')]
  for (const h of new Set(hosts)) {
    headers.set('host', h)
    const canonical = canonicalRequest({
      method: req.method ?? 'POST',
      path,
      query,
      headers,
      signedHeaders: auth.signedHeaders,
      payload: body
    })
    const expected = tc3Signature(
      TENCENT_TEST.secretKey,
      auth.date,
      auth.service,
      stringToSign(timestamp, auth.service, canonical)
    )
    if (sameHex(expected, auth.signature)) return undefined
  }
  return fail(
    'AuthFailure.SignatureFailure',
    'The provided credentials could not be validated. Please check your signature is correct.'
  )
}

function createScfHandler(hub: Hub, scf: ScfState): Handler {
  return async (req, res) => {
    const method = (req.method ?? 'GET').toUpperCase()
    const rawUrl = req.url ?? '/'
    const q = rawUrl.indexOf('?')
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q)
    const query = q < 0 ? '' : rawUrl.slice(q + 1)
    const action = header(req, 'x-tc-action') ?? ''
    const region = header(req, 'x-tc-region') ?? ''
    const requestId = randomUUID()
    const meta = SCF_ACTIONS[action]
    const { body, size, tooLarge } = await readBody(req, hub, SCF_BODY_LIMIT)
    const applied: { fault?: FaultRule } = {}
    const finish = (reply: ScfReply | 'reset') => {
      if (reply === 'reset') {
        req.socket.destroy()
      } else if (!res.destroyed) {
        res.writeHead(reply.status, {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(reply.body)),
          'x-tc-traceid': header(req, 'x-tc-traceid') ?? requestId
        })
        res.end(reply.body)
      }
      hub.record({
        service: 'scf',
        operation: action || 'Unknown',
        region,
        status: reply === 'reset' || res.destroyed ? 0 : reply.status,
        write: meta?.write ?? false,
        method,
        path: rawUrl,
        ...(reply !== 'reset' &&
          reply.errorCode !== undefined && { errorCode: reply.errorCode }),
        ...(applied.fault && { fault: applied.fault.kind }),
        requestBytes: size
      })
    }

    if (tooLarge) {
      finish(
        scfError(
          requestId,
          'RequestSizeLimitExceeded',
          `Your current request size exceed  max ${SCF_BODY_LIMIT}B, but your ${size}B.`
        )
      )
      return
    }
    if (method !== 'POST' || path !== '/') {
      finish(
        scfError(
          requestId,
          'UnsupportedProtocol',
          'Only POST / with TC3-HMAC-SHA256 is supported by the emulator.'
        )
      )
      return
    }
    const authError = verifyTc3(req, body, requestId, path, query)
    if (authError) {
      finish(authError)
      return
    }
    if (!action) {
      finish(
        scfError(
          requestId,
          'MissingParameter',
          'The request is missing a required parameter `Action`.'
        )
      )
      return
    }
    const version = header(req, 'x-tc-version')
    if (version !== SCF_VERSION) {
      finish(
        scfError(
          requestId,
          'NoSuchVersion',
          `The API version \`${version ?? ''}\` is not supported; use ${SCF_VERSION}.`
        )
      )
      return
    }
    if (!meta) {
      finish(
        scfError(
          requestId,
          'InvalidAction',
          `The action \`${action}\` is not supported by the emulator.`
        )
      )
      return
    }
    if (!REGION.test(region)) {
      finish(
        scfError(
          requestId,
          region === '' ? 'MissingParameter' : 'UnsupportedRegion',
          region === ''
            ? 'The request is missing a required parameter `Region`.'
            : `The region \`${region}\` is not supported.`
        )
      )
      return
    }
    let params: Record<string, unknown>
    try {
      const parsed: unknown = JSON.parse(body.toString('utf8') || '{}')
      if (
        parsed === null ||
        typeof parsed !== 'object' ||
        Array.isArray(parsed)
      ) {
        throw new Error('not an object')
      }
      params = parsed as Record<string, unknown>
    } catch {
      finish(
        scfError(
          requestId,
          'InvalidParameter',
          'The request body is not a JSON object.'
        )
      )
      return
    }

    const fault = hub.takeFault('scf', action, region)
    if (fault) applied.fault = fault
    if (fault?.kind === 'reset') {
      finish('reset')
      return
    }
    if (fault?.kind === 'delay') await sleep(fault.delayMs ?? 0)
    if (fault) {
      const reply = faultReply(requestId, fault)
      if (reply) {
        finish(reply)
        return
      }
    }

    let reply: ScfReply
    try {
      const response = scf.handle(action, {
        hub,
        region,
        host: header(req, 'host') ?? '127.0.0.1',
        appId: TENCENT_TEST.appId,
        params
      })
      reply = scfOk(requestId, response)
    } catch (error) {
      if (!(error instanceof ScfError)) throw error
      reply = scfError(requestId, error.code, error.message)
    }
    if (fault?.kind === 'commit-then-reset') {
      finish('reset')
      return
    }
    finish(reply)
  }
}

export function createTencentHandlers(hub: Hub): {
  api: Handler
  storage: Handler
} {
  const scf = new ScfState()
  hub.onReset(() => scf.regions.clear())
  hub.onState('scf', () => scf.snapshot())
  // Download URL handed back as GetLayerVersion's Location.
  hub.onRoute(
    'tencent/layer-content/',
    archiveDownloads(hub, 'scf', (region, name, version) => {
      const v = scf.archive(region, name, version)
      return v && scf.status(v) === 'Active'
        ? { total: v.zip.length, offset: 0, kept: v.zip }
        : undefined
    })
  )
  return {
    api: createScfHandler(hub, scf),
    storage: createCosHandler(hub, {
      secretId: TENCENT_TEST.secretId,
      secretKey: TENCENT_TEST.secretKey,
      appId: TENCENT_TEST.appId
    })
  }
}
