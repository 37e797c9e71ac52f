import type { IncomingMessage } from 'node:http'

export class BodyTooLargeError extends Error {
  constructor(readonly received: number) {
    super(`body larger than limit (${received} bytes read)`)
  }
}

export interface ReadBody {
  body: Buffer
  size: number
  tooLarge: boolean
}

/**
 * Reads a request body, honouring a bandwidth cap in bytes/s (0 = none).
 * With a limit, the whole body is still drained (the client must see our
 * error, not a reset), but bytes past the limit are not kept.
 */
export async function readBody(
  req: IncomingMessage,
  hub?: { bandwidth: number },
  limit = Infinity
): Promise<ReadBody> {
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
      if (wait > 0) await sleep(wait)
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

/** A request header as one string (repeated headers joined with commas). */
export function headerString(
  value: string | string[] | undefined
): string | undefined {
  return Array.isArray(value) ? value.join(',') : value
}

/** `decodeURIComponent`, or the text as it came when it is not valid. */
export function decodeOr(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
