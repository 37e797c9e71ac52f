import type { IncomingMessage } from 'node:http'
import type { Hub } from '../core.js'

/** What a service handler answers; the front door sends it (or not, on a fault). */
export interface Reply {
  status: number
  headers: Record<string, string>
  body?: Buffer | string
  /** Error code answered, for the call log. */
  errorCode?: string
}

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

export interface Operation {
  operation: string
  write: boolean
  /** Largest request body this operation accepts (bytes). */
  bodyLimit?: number
}
