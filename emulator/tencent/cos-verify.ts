/**
 * Checks a COS request's `q-sign-algorithm=sha1` signature against the test
 * keys. Any session token (`x-cos-security-token`) is accepted.
 */
import type { IncomingMessage } from 'node:http'
import { headerString } from '../core/body.js'
import { sameSignature } from '../core/compare.js'
import {
  CosAuthParseError,
  type CosAuth,
  cosSignature,
  parseCosAuthorization,
  signableParams
} from './cos-sign.js'

export interface CosFailure {
  status: number
  code: string
  message: string
}

export interface CosKeys {
  secretId: string
  secretKey: string
}

function headerMap(req: IncomingMessage): Map<string, string> {
  const out = new Map<string, string>()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    out.set(name.toLowerCase(), Array.isArray(value) ? value.join(',') : value)
  }
  return out
}

const denied = (message: string): CosFailure => ({
  status: 403,
  code: 'AccessDenied',
  message
})

/** Undefined when the signature holds; `key` is the decoded object key. */
export function verifyCos(
  req: IncomingMessage,
  method: string,
  key: string,
  query: URLSearchParams,
  keys: CosKeys
): CosFailure | undefined {
  const header = headerString(req.headers.authorization)
  if (!header) return denied('Access Denied.')
  let auth: CosAuth
  try {
    auth = parseCosAuthorization(header)
  } catch (error) {
    if (!(error instanceof CosAuthParseError)) throw error
    return denied(`Authorization is malformed: ${error.message}`)
  }
  if (auth.algorithm !== 'sha1') return denied('q-sign-algorithm must be sha1.')
  if (auth.secretId !== keys.secretId) {
    return {
      status: 403,
      code: 'InvalidAccessKeyId',
      message: 'The Access Key Id you provided does not exist in our records.'
    }
  }
  const refused = checkSignTime(auth.signTime)
  if (refused) return refused
  const expected = cosSignature(keys.secretKey, {
    method,
    pathname: `/${key}`,
    params: signableParams(query),
    headers: headerMap(req),
    headerList: auth.headerList,
    paramList: auth.paramList,
    signTime: auth.signTime,
    keyTime: auth.keyTime
  })
  // COS signatures are hex; either case is accepted.
  if (!sameSignature(expected.toLowerCase(), auth.signature.toLowerCase())) {
    return {
      status: 403,
      code: 'SignatureDoesNotMatch',
      message: 'The Signature you specified is invalid.'
    }
  }
  return undefined
}

function checkSignTime(signTime: string): CosFailure | undefined {
  const [start, end] = signTime.split(';').map(Number)
  const now = Math.floor(Date.now() / 1000)
  if (
    start === undefined ||
    end === undefined ||
    !Number.isFinite(start) ||
    !Number.isFinite(end)
  ) {
    return denied('q-sign-time is malformed.')
  }
  if (now > end || now < start - 60) return denied('Request has expired')
  return undefined
}
