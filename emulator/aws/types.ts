import type { IncomingMessage } from 'node:http'
import type { Hub } from '../core/hub.js'
import type { FaultRule, Reply } from '../core/types.js'
import type { SigV4Profile } from './verify.js'

export type { Reply }

export interface RequestContext {
  hub: Hub
  req: IncomingMessage
  method: string
  url: URL
  /** Path as it arrived (percent-encoded). */
  rawPath: string
  rawQuery: string
  /** `host` header, for URLs we hand back. */
  host: string
  region: string
  requestId: string
  /** The decoded payload (aws-chunked framing removed). */
  body: Buffer
  /** Trailing headers of an aws-chunked body (`x-amz-checksum-crc32`...). */
  trailers: Map<string, string>
  accountId: string
}

/** The request fields every AWS reply names. */
export interface ReplyBase {
  requestId: string
  method: string
}

/** One operation a request was routed to, with its handler bound. */
export interface AwsRoute {
  operation: string
  write: boolean
  /** Largest request body this operation accepts (bytes). */
  bodyLimit?: number
  handle(ctx: RequestContext): Reply
}

/** What one AWS service on the shared endpoint supplies. */
export interface AwsApi {
  service: 'lambda' | 's3'
  profile(base: ReplyBase): SigV4Profile
  requestId(): string
  /** Names the operation; undefined when none matches. */
  route(
    method: string,
    rawPath: string,
    query: URLSearchParams,
    host: string
  ): AwsRoute | undefined
  /** The answer to a body above the operation's limit. */
  tooLarge(base: ReplyBase, route: AwsRoute | undefined): Reply
  /** The answer to a signed request no operation matches, if refused. */
  unknown?(base: ReplyBase): Reply
  faultReply(base: ReplyBase, rule: FaultRule, hub: Hub): Reply | undefined
}
