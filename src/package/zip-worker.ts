/**
 * The compression worker, kept as plain JavaScript source so that it runs
 * from a string (`new Worker(source, { eval: true })`): the action ships as
 * one bundled file, and a bundler does not follow a worker's file URL.
 *
 * Constants here are part of the archive format: the same file must give the
 * same bytes whatever the memory budget or worker count, so every file is
 * compressed in the same pieces (a 64 KiB probe, then 1 MiB chunks, each
 * primed with the 32 KiB before it, as pigz does) whether one worker does
 * the whole file or several workers share its chunks.
 */

export const PROBE_BYTES = 64 * 1024
export const CHUNK_BYTES = 1024 * 1024
export const DICT_BYTES = 32 * 1024

/** Work sent to a worker. */
export type WorkerTask =
  | { kind: 'file'; path: string; size: number }
  | {
      kind: 'chunk'
      path: string
      start: number
      end: number
      /** `probe` decides the method from the file's first 64 KiB. */
      mode: 'probe' | 'deflate' | 'store'
      last: boolean
    }

export interface WorkerResult {
  crc: number
  method: 0 | 8
  /** Uncompressed bytes covered. */
  size: number
  offset: number
  length: number
}

export interface WorkerRequest {
  id: number
  level: number
  tasks: WorkerTask[]
  /** Reply buffers handed back for reuse. */
  give?: ArrayBuffer[]
}

export type WorkerResponse =
  | { id: number; buffer: ArrayBuffer; results: WorkerResult[] }
  | { id: number; error: { message: string; path: string; code?: string } }

export const workerSource = `
'use strict'
const { parentPort } = require('node:worker_threads')
const fs = require('node:fs')
const zlib = require('node:zlib')
const PROBE = ${PROBE_BYTES}
const CHUNK = ${CHUNK_BYTES}
const DICT = ${DICT_BYTES}
const { Z_SYNC_FLUSH, Z_FINISH } = zlib.constants
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW || 0)

let table
function crc32(data) {
  if (typeof zlib.crc32 === 'function') return zlib.crc32(data) >>> 0
  if (!table) {
    table = new Uint32Array(256)
    for (let n = 0; n < 256; n++) {
      let c = n
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
      table[n] = c >>> 0
    }
  }
  let crc = 0xffffffff
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >>> 8)
  return ~crc >>> 0
}

function changed(path) {
  const e = new Error('the file changed size while it was being packaged')
  e.code = 'ECHANGED'
  e.path = path
  return e
}

// One read buffer per worker, reused: fresh buffers per file would pile up
// as garbage outside the V8 heap faster than it collects them.
let readBuf = Buffer.allocUnsafeSlow(256 * 1024)
const oneByte = Buffer.alloc(1)

// Reads exactly [start, end); checkEof also proves nothing follows end.
function readRange(path, start, end, checkEof) {
  const length = end - start
  if (readBuf.length < length) {
    readBuf = Buffer.allocUnsafeSlow(Math.ceil(length / 65536) * 65536)
  }
  const buf = readBuf.subarray(0, length)
  const fd = fs.openSync(path, OPEN_FLAGS)
  try {
    let got = 0
    while (got < length) {
      const n = fs.readSync(fd, buf, got, length - got, start + got)
      if (n === 0) throw changed(path)
      got += n
    }
    if (checkEof && fs.readSync(fd, oneByte, 0, 1, end) !== 0) {
      throw changed(path)
    }
    return buf
  } finally {
    fs.closeSync(fd)
  }
}

// Reply buffers come back from the main thread once written out.
const spare = []

function replyBuffer(capacity) {
  let best = -1
  for (let i = 0; i < spare.length; i++) {
    const len = spare[i].byteLength
    if (len >= capacity && (best < 0 || len < spare[best].byteLength)) best = i
  }
  if (best >= 0) return Buffer.from(spare.splice(best, 1)[0])
  return Buffer.from(new ArrayBuffer(Math.max(capacity, 256 * 1024)))
}

// deflate output never exceeds this (zlib's deflateBound, plus the flush
// marker); a whole file is stored rather than grown.
function bound(task) {
  if (task.kind === 'file') return task.size
  const n = task.end - task.start
  return n + (n >> 10) + 1024
}

// Not shrinking by 2% is not worth an inflate on every cold start.
function worthDeflating(inLen, outLen) {
  return outLen * 50 <= inLen * 49
}

function deflatePiece(data, dict, last, level) {
  const opts = { level, finishFlush: last ? Z_FINISH : Z_SYNC_FLUSH }
  if (dict && dict.length > 0) opts.dictionary = dict
  return zlib.deflateRawSync(data, opts)
}

function wholeFile(task, level) {
  const size = task.size
  const buf = readRange(task.path, 0, size, true)
  const crc = crc32(buf)
  const stored = { crc, method: 0, size, parts: [buf] }
  if (size === 0) return stored
  const probeLen = Math.min(size, PROBE)
  const first = deflatePiece(buf.subarray(0, probeLen), null, probeLen === size, level)
  if (!worthDeflating(probeLen, first.length)) return stored
  const parts = [first]
  let total = first.length
  for (let off = probeLen; off < size; off += CHUNK) {
    const end = Math.min(off + CHUNK, size)
    const dict = buf.subarray(Math.max(0, off - DICT), off)
    const out = deflatePiece(buf.subarray(off, end), dict, end === size, level)
    parts.push(out)
    total += out.length
  }
  if (total >= size) return stored
  return { crc, method: 8, size, parts }
}

function chunk(task, level) {
  const withDict = task.mode === 'deflate' && task.start > 0
  const from = withDict ? Math.max(0, task.start - DICT) : task.start
  const buf = readRange(task.path, from, task.end, task.last)
  const data = buf.subarray(task.start - from)
  const dict = buf.subarray(0, task.start - from)
  const size = data.length
  const crc = crc32(data)
  if (task.mode === 'store') return { crc, method: 0, size, parts: [data] }
  const out = deflatePiece(data, dict, task.last, level)
  if (task.mode === 'probe' && !worthDeflating(size, out.length)) {
    return { crc, method: 0, size, parts: [data] }
  }
  return { crc, method: 8, size, parts: [out] }
}

parentPort.on('message', (req) => {
  if (req.give) spare.push(...req.give)
  if (spare.length > 4) spare.splice(0, spare.length - 4)
  if (!req.tasks) return
  let current = ''
  try {
    let capacity = 0
    for (const task of req.tasks) capacity += bound(task)
    const out = replyBuffer(capacity)
    const results = []
    let offset = 0
    for (const task of req.tasks) {
      current = task.path
      const r = task.kind === 'file' ? wholeFile(task, req.level) : chunk(task, req.level)
      const start = offset
      // Copied now: stored data is a view of the shared read buffer.
      for (const p of r.parts) {
        p.copy(out, offset)
        offset += p.length
      }
      results.push({ crc: r.crc, method: r.method, size: r.size, offset: start, length: offset - start })
    }
    parentPort.postMessage({ id: req.id, buffer: out.buffer, results }, [out.buffer])
  } catch (err) {
    parentPort.postMessage({
      id: req.id,
      error: { message: String(err && err.message || err), path: current, code: err && err.code }
    })
  }
})
`
