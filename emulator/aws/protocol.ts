/**
 * The AWS endpoint's protocol for the shared pipeline: the SigV4 credential
 * scope names the service (Lambda or S3; the path decides when unsigned),
 * whose API then routes, verifies and answers. State is per region (the
 * scope's region).
 */
import type { IncomingMessage } from 'node:http'
import { headerString } from '../core/body.js'
import type { Hub } from '../core/hub.js'
import type { Call, Protocol, RawRequest } from '../core/pipeline.js'
import { AuthParseError, parseAuth, type ParsedAuth } from './sigv4.js'
import type { AwsApi, AwsRoute, ReplyBase, RequestContext } from './types.js'
import { type Credentials, type Verified, verifySigV4 } from './verify.js'

export interface AwsAccount extends Credentials {
  region: string
  accountId: string
}

export interface AwsCall extends Call, ReplyBase {
  api: AwsApi
  route: AwsRoute | undefined
  url: URL
  raw: RawRequest
  host: string
  auth: ParsedAuth | undefined
  authError: string | undefined
}

export function awsProtocol(
  hub: Hub,
  apis: { lambda: AwsApi; s3: AwsApi },
  account: AwsAccount
): Protocol<AwsCall, RequestContext> {
  return {
    identify: (req, raw) => identify(req, raw, apis, account),
    admit: (call, req, read) => {
      if (read.tooLarge) return { refuse: call.api.tooLarge(call, call.route) }
      const verified = verifySigV4(
        {
          req,
          auth: call.auth,
          authError: call.authError,
          raw: read.body,
          rawPath: call.raw.path,
          rawQuery: call.raw.query
        },
        call.api.profile(call),
        account
      )
      if ('status' in verified) return { refuse: verified }
      if (!call.route && call.api.unknown) {
        return { refuse: call.api.unknown(call) }
      }
      return { accept: context(hub, call, req, verified, account) }
    },
    faultReply: (call, rule) => call.api.faultReply(call, rule, hub),
    handle: (call, ctx) => {
      // Unreachable: an API without a route for the call refuses it in admit.
      if (!call.route) throw new Error(`no handler for ${call.operation}`)
      return call.route.handle(ctx)
    }
  }
}

function identify(
  req: IncomingMessage,
  raw: RawRequest,
  apis: { lambda: AwsApi; s3: AwsApi },
  account: AwsAccount
): AwsCall {
  const url = new URL(
    raw.path.startsWith('/') ? raw.url : `/${raw.url}`,
    'http://emulator'
  )
  const host = headerString(req.headers.host) ?? '127.0.0.1'
  let auth: ParsedAuth | undefined
  let authError: string | undefined
  try {
    auth = parseAuth(req.headers, url.searchParams)
  } catch (error) {
    if (!(error instanceof AuthParseError)) throw error
    authError = error.message
  }
  const api =
    auth?.service === 'lambda' || auth?.service === 's3'
      ? apis[auth.service]
      : raw.path.startsWith('/2018-10-31/') ||
          raw.path.startsWith('/2015-03-31/')
        ? apis.lambda
        : apis.s3
  const route = api.route(raw.method, raw.path, url.searchParams, host)
  return {
    service: api.service,
    operation: route?.operation ?? 'Unknown',
    write: route?.write ?? false,
    region: auth?.region ?? account.region,
    bodyLimit: route?.bodyLimit ?? Infinity,
    requestId: api.requestId(),
    method: raw.method,
    api,
    route,
    url,
    raw,
    host,
    auth,
    authError
  }
}

function context(
  hub: Hub,
  call: AwsCall,
  req: IncomingMessage,
  verified: Verified,
  account: AwsAccount
): RequestContext {
  return {
    hub,
    req,
    method: call.method,
    url: call.url,
    rawPath: call.raw.path,
    rawQuery: call.raw.query,
    host: call.host,
    region: call.region,
    requestId: call.requestId,
    body: verified.body,
    trailers: verified.trailers,
    accountId: account.accountId
  }
}
