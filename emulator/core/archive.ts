import type { IncomingMessage, ServerResponse } from 'node:http'
import { decodeOr } from './body.js'
import type { Hub } from './hub.js'
import type { Service } from './types.js'

/** What an emulator keeps of an archive: `kept` is its end, from `offset`. */
export interface KeptArchive {
  total: number
  offset: number
  kept: Buffer
}

/**
 * The handler of a layer's download URL (`<region>/<name>/<version>` after
 * the route's prefix): scripted faults (any fault drops the connection),
 * the call log (`DownloadLayerContent`), S3's and COS's 404, and ranges.
 */
export function archiveDownloads(
  hub: Hub,
  service: Service,
  find: (
    region: string,
    name: string,
    version: number
  ) => KeptArchive | undefined
): (req: IncomingMessage, res: ServerResponse, rest: string) => void {
  return (req, res, rest) => {
    const [region = '', name = '', version = ''] = rest.split('/').map(decodeOr)
    const call = {
      service,
      operation: 'DownloadLayerContent',
      region,
      write: false,
      method: req.method ?? 'GET',
      path: req.url ?? '',
      requestBytes: 0
    }
    const fault = hub.takeFault(service, call.operation, region)
    if (fault) {
      hub.record({ ...call, status: 0, fault: fault.kind })
      res.destroy()
      return
    }
    const archive = find(region, name, Number(version))
    let status = 404
    if (archive) {
      status = sendArchive(req, res, archive)
    } else {
      res.writeHead(404, { 'content-type': 'application/xml' })
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>'
      )
    }
    hub.record({ ...call, status })
  }
}

/**
 * Answers a GET of an archive download URL as S3 and COS do: a single
 * `Range` (`bytes=a-b`, `a-`, `-n`) gets 206 with Content-Range, one that
 * starts past the end 416, a malformed one is ignored. The emulator may
 * keep only the archive's last bytes (`kept` starting at `offset`): a
 * request outside them gets 410, which no real service sends. Returns the
 * status sent.
 */
function sendArchive(
  req: IncomingMessage,
  res: ServerResponse,
  archive: KeptArchive
): number {
  const { total, offset, kept } = archive
  let start = 0
  let end = total - 1
  let partial = false
  const m = /^bytes=(\d*)-(\d*)$/.exec(String(req.headers.range ?? ''))
  if (m && (m[1] !== '' || m[2] !== '')) {
    partial = true
    if (m[1] === '') {
      start = Math.max(0, total - Number(m[2]))
      if (Number(m[2]) === 0) start = total
    } else {
      start = Number(m[1])
      if (m[2] !== '') end = Math.min(end, Number(m[2]))
    }
    if (start >= total || start > end) {
      res.writeHead(416, {
        'content-type': 'application/xml',
        'content-range': `bytes */${total}`
      })
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>InvalidRange</Code><Message>The requested range is not satisfiable</Message></Error>'
      )
      return 416
    }
  }
  if (start < offset || end >= offset + kept.length) {
    const body = `the emulator kept only the last ${kept.length} bytes of this ${total}-byte archive`
    res.writeHead(410, {
      'content-type': 'text/plain',
      'content-length': String(Buffer.byteLength(body))
    })
    res.end(body)
    return 410
  }
  const body = kept.subarray(start - offset, end - offset + 1)
  res.writeHead(partial ? 206 : 200, {
    'content-type': 'application/zip',
    'content-length': String(body.length),
    'accept-ranges': 'bytes',
    ...(partial && { 'content-range': `bytes ${start}-${end}/${total}` })
  })
  res.end(body)
  return partial ? 206 : 200
}
