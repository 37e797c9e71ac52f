/**
 * SCF's protocol for the shared pipeline: API 3.0 over `POST /` with the
 * action in `X-TC-Action`, TC3 signatures, and errors answered as HTTP 200
 * with a `Response.Error` object (the gateway's own failures excepted).
 */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { headerString } from '../core/body.js'
import { type FaultTable, faultError } from '../core/faults.js'
import type { Hub } from '../core/hub.js'
import type { Call, Protocol, RawRequest } from '../core/pipeline.js'
import type { Reply } from '../core/types.js'
import {
  SCF_BODY_LIMIT,
  SCF_VERSION,
  missingParameter,
  scfAction,
  ScfError,
  type ScfState
} from './scf.js'
import { type Tc3Keys, verifyTc3 } from './tc3-verify.js'

const REGION = /^[a-z]+(?:-[a-z0-9]+)+$/

export interface ScfCall extends Call {
  action: string
  requestId: string
  traceId: string
  raw: RawRequest
  host: string
  version: string | undefined
}

function scfReply(call: ScfCall, status: number, response: object): Reply {
  return {
    status,
    headers: {
      'content-type': 'application/json',
      'x-tc-traceid': call.traceId
    },
    body: JSON.stringify({ Response: response })
  }
}

/** SCF answers errors with HTTP 200 and a Response.Error object. */
function scfError(
  call: ScfCall,
  code: string,
  message: string,
  status = 200
): Reply {
  return {
    ...scfReply(call, status, {
      Error: { Code: code, Message: message },
      RequestId: call.requestId
    }),
    errorCode: code
  }
}

const SCF_FAULTS: FaultTable = {
  throttle: {
    status: 200,
    code: 'RequestLimitExceeded',
    message:
      'Your current request times equals to `21` in a second, which exceeds the frequency limit `20` for a second. Please reduce the frequency of calls.'
  },
  // The gateway's own failures are HTTP errors; the SDK then throws with
  // only `httpCode` and the status text.
  error500: {
    status: 500,
    code: 'InternalError',
    message: 'An internal error has occurred. Retry your request.'
  },
  error503: {
    status: 503,
    code: 'InternalError',
    message: 'Service is temporarily unavailable.'
  },
  error: {
    status: 200,
    code: 'InternalError',
    message: 'Fault injected by the emulator'
  }
}

export function scfProtocol(
  hub: Hub,
  scf: ScfState,
  keys: Tc3Keys & { appId: string }
): Protocol<ScfCall, Record<string, unknown>> {
  return {
    identify,
    admit: (call, req, read) => {
      const failure = refusal(
        call,
        req,
        read.body,
        read.tooLarge,
        read.size,
        keys
      )
      if (failure) return { refuse: failure }
      const params = parseParams(read.body)
      if (!params) {
        return {
          refuse: scfError(
            call,
            'InvalidParameter',
            'The request body is not a JSON object.'
          )
        }
      }
      return { accept: params }
    },
    faultReply: (call, rule) => {
      const e = faultError(SCF_FAULTS, rule)
      return e && scfError(call, e.code, e.message, e.status)
    },
    handle: (call, params) => {
      try {
        const response = scfAction(call.action)!.handle(scf, {
          hub,
          region: call.region,
          host: call.host,
          appId: keys.appId,
          params
        })
        return scfReply(call, 200, { ...response, RequestId: call.requestId })
      } catch (error) {
        if (!(error instanceof ScfError)) throw error
        return scfError(call, error.code, error.message)
      }
    }
  }
}

function identify(req: IncomingMessage, raw: RawRequest): ScfCall {
  const action = headerString(req.headers['x-tc-action']) ?? ''
  const requestId = randomUUID()
  return {
    service: 'scf',
    operation: action || 'Unknown',
    write: scfAction(action)?.write ?? false,
    region: headerString(req.headers['x-tc-region']) ?? '',
    bodyLimit: SCF_BODY_LIMIT,
    action,
    requestId,
    traceId: headerString(req.headers['x-tc-traceid']) ?? requestId,
    raw,
    host: headerString(req.headers.host) ?? '127.0.0.1',
    version: headerString(req.headers['x-tc-version'])
  }
}

/** The gateway's checks before the action runs, in its order. */
function refusal(
  call: ScfCall,
  req: IncomingMessage,
  body: Buffer,
  tooLarge: boolean,
  size: number,
  keys: Tc3Keys
): Reply | undefined {
  const err = (code: string, message: string) => scfError(call, code, message)
  if (tooLarge) {
    return err(
      'RequestSizeLimitExceeded',
      `Your current request size exceed  max ${SCF_BODY_LIMIT}B, but your ${size}B.`
    )
  }
  if (call.raw.method !== 'POST' || call.raw.path !== '/') {
    return err(
      'UnsupportedProtocol',
      'Only POST / with TC3-HMAC-SHA256 is supported by the emulator.'
    )
  }
  const auth = verifyTc3(req, body, call.raw.path, call.raw.query, keys)
  if (auth) return err(auth.code, auth.message)
  return requestRefusal(call, err)
}

function missing(call: ScfCall, name: string): Reply {
  const e = missingParameter(name)
  return scfError(call, e.code, e.message)
}

function requestRefusal(
  call: ScfCall,
  err: (code: string, message: string) => Reply
): Reply | undefined {
  if (!call.action) {
    return missing(call, 'Action')
  }
  if (call.version !== SCF_VERSION) {
    return err(
      'NoSuchVersion',
      `The API version \`${call.version ?? ''}\` is not supported; use ${SCF_VERSION}.`
    )
  }
  if (!scfAction(call.action)) {
    return err(
      'InvalidAction',
      `The action \`${call.action}\` is not supported by the emulator.`
    )
  }
  if (!REGION.test(call.region)) {
    return call.region === ''
      ? missing(call, 'Region')
      : err(
          'UnsupportedRegion',
          `The region \`${call.region}\` is not supported.`
        )
  }
  return undefined
}

function parseParams(body: Buffer): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8') || '{}')
    return parsed !== null &&
      typeof parsed === 'object' &&
      !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}
