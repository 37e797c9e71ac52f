/**
 * Reads the last bytes of a layer version's archive from its download URL
 * (AWS Content.Location, SCF Location): plain HTTPS with a `Range` header,
 * the same for both providers, through Node's own fetch (nothing bundled).
 */

/** The end of an archive and the archive's whole size. */
export interface ArchiveTail {
  bytes: Uint8Array
  totalSize: number
}

export type TailFetcher = (
  url: string,
  length: number
) => Promise<ArchiveTail | undefined>

/** A server that ignores `Range` is read whole only up to this size. */
const WHOLE_BODY_LIMIT = 1024 * 1024

/**
 * Undefined when the server does not give the tail cheaply: the caller then
 * falls back to building the archive. The URL is never put in an error (it
 * carries a signature).
 */
export function httpTailFetcher(timeoutMs: number): TailFetcher {
  return async (url, length) => {
    const response = await fetch(url, {
      headers: { range: `bytes=-${length}` },
      signal: AbortSignal.timeout(timeoutMs)
    })
    if (response.status === 206) {
      const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(
        response.headers.get('content-range') ?? ''
      )
      const bytes = new Uint8Array(await response.arrayBuffer())
      if (!m || Number(m[2]) - Number(m[1]) + 1 !== bytes.length) {
        return undefined
      }
      return { bytes, totalSize: Number(m[3]) }
    }
    const declared = Number(response.headers.get('content-length') ?? NaN)
    if (response.status !== 200 || !(declared <= WHOLE_BODY_LIMIT)) {
      await response.body?.cancel()
      return undefined
    }
    const whole = new Uint8Array(await response.arrayBuffer())
    return {
      bytes: whole.subarray(Math.max(0, whole.length - length)),
      totalSize: whole.length
    }
  }
}
