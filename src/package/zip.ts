import { createHash, type Hash } from 'node:crypto'
import { constants as fsConstants } from 'node:fs'
import { open, rm, type FileHandle } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import { Worker } from 'node:worker_threads'
import { PackagingError, errorMessage } from '../errors.js'
import { crc32, crc32Combine } from './crc32.js'
import type { ArchiveInfo, ZipEntrySource } from './types.js'
import {
  CHUNK_BYTES,
  PROBE_BYTES,
  workerSource,
  type WorkerRequest,
  type WorkerResponse,
  type WorkerResult,
  type WorkerTask
} from './zip-worker.js'

export interface ZipOptions {
  /** zlib level, 1–9. Default 6, Info-ZIP's. */
  level?: number
  /** Compression worker threads. Default: available cores, at most 4. */
  concurrency?: number
  /** Bytes of file data (read plus compressed) in flight. Default 32 MiB. */
  memoryBudgetBytes?: number
}

const DEFAULT_BUDGET = 32 * 1024 * 1024
const BATCH_BYTES = 256 * 1024
// Larger files go through in 1 MiB chunks: a whole file is held twice (read
// and compressed) in a worker, and a worker's memory is slow to shrink.
const STREAM_ABOVE = 2 * 1024 * 1024
const BATCH_FILES = 64
const FLUSH_BYTES = 1024 * 1024
const MAX16 = 0xffff
const MAX32 = 0xffffffff
// 1980-01-01 00:00:00, the earliest MS-DOS date: mtimes never reach the zip.
const DOS_TIME = 0
const DOS_DATE = (1 << 5) | 1
const MADE_BY_UNIX = (3 << 8) | 30
const S_IFREG = 0o100000
const S_IFLNK = 0o120000
const FLAG_UTF8 = 1 << 11

/** What the central directory needs to know about a written entry. */
interface Written {
  name: Buffer
  flags: number
  method: 0 | 8
  crc: number
  compressedSize: number
  size: number
  offset: number
  attrs: number
}

type Unit =
  | { kind: 'link'; entry: ZipEntrySource; data: Buffer }
  | {
      kind: 'batch'
      entries: ZipEntrySource[]
      cost: number
      result: Deferred<Reply>
    }
  | {
      kind: 'stream'
      entry: ZipEntrySource
      chunks: {
        task: WorkerTask & { kind: 'chunk' }
        result: Deferred<Reply>
      }[]
    }

interface Reply {
  buffer: ArrayBuffer
  results: WorkerResult[]
  cost: number
}

class Deferred<T> {
  readonly promise: Promise<T>
  resolve!: (value: T) => void
  reject!: (reason: unknown) => void
  settled = false
  constructor() {
    this.promise = new Promise<T>((res, rej) => {
      this.resolve = (v) => {
        this.settled = true
        res(v)
      }
      this.reject = (e) => {
        this.settled = true
        rej(e)
      }
    })
    // Rejections are awaited by the writer in order; the rest are moot.
    this.promise.catch(() => undefined)
  }
}

/**
 * Writes `entries` as a deterministic zip at `outPath`.
 *
 * Files are read and compressed by worker threads, ahead of the writer but
 * within a fixed memory budget, and written strictly in name order. An entry
 * that fits the budget is written with its CRC and sizes in the local header
 * (as Info-ZIP does); a larger one is streamed in chunks and its local header
 * rewritten in place once known, so the bytes are the same either way and
 * no data descriptor is needed. The SHA-256 is computed while writing; only
 * a rewritten entry is hashed by reading it back from the output.
 */
export async function writeZip(
  entries: ZipEntrySource[],
  outPath: string,
  opts: ZipOptions = {}
): Promise<ArchiveInfo> {
  const level = opts.level ?? 6
  if (!Number.isInteger(level) || level < 1 || level > 9) {
    throw new PackagingError(`compression level must be 1–9, got ${level}`)
  }
  const budget = Math.max(opts.memoryBudgetBytes ?? DEFAULT_BUDGET, 1 << 20)
  // Entries above this are streamed; it must exceed the probe so a streamed
  // file always has a probe chunk followed by at least one more.
  const streamAbove = Math.max(
    2 * PROBE_BYTES,
    Math.min(STREAM_ABOVE, Math.floor(budget / 4))
  )
  const sorted = sortAndCheck(entries)
  const units = planUnits(sorted, streamAbove)
  // Each worker costs ~35 MiB of RSS (zlib state in its malloc arena), so
  // more than four buys little on a runner and costs memory.
  const workerCount = Math.min(
    Math.max(1, opts.concurrency ?? Math.min(availableParallelism(), 4)),
    countTasks(units)
  )

  const path = resolve(outPath)
  const out = await Output.create(path)
  const pool = new Pool(workerCount, level)
  const gate = new Budget(budget)
  const dispatching = dispatch(units, pool, gate).catch((err: unknown) => {
    for (const u of units) {
      if (u.kind === 'batch' && !u.result.settled) u.result.reject(err)
      if (u.kind === 'stream') {
        for (const c of u.chunks) if (!c.result.settled) c.result.reject(err)
      }
    }
  })
  try {
    const written: Written[] = []
    for (const unit of units) {
      if (unit.kind === 'link') {
        const e = unit.entry
        const w = entryRecord(e, 0, crc32(unit.data), unit.data.length, out.pos)
        w.compressedSize = unit.data.length
        await out.append(localHeader(w))
        await out.append(unit.data)
        written.push(w)
      } else if (unit.kind === 'batch') {
        const reply = await unit.result.promise
        for (const [i, e] of unit.entries.entries()) {
          const r = reply.results[i] as WorkerResult
          const w = entryRecord(e, r.method, r.crc, r.size, out.pos)
          w.compressedSize = r.length
          await out.append(localHeader(w))
          await out.append(Buffer.from(reply.buffer, r.offset, r.length))
          written.push(w)
        }
        pool.recycle(reply.buffer)
        gate.release(reply.cost)
      } else {
        written.push(await writeStreamed(unit, out, gate, pool))
      }
    }
    await out.append(centralDirectory(written, out.pos))
    const info = await out.finish()
    return {
      path,
      size: info.size,
      sha256: info.sha256,
      unzippedSize: written.reduce((sum, w) => sum + w.size, 0),
      entryCount: written.length,
      names: sorted.map((e) => e.name)
    }
  } catch (err) {
    await out.abort()
    throw err instanceof PackagingError
      ? err
      : new PackagingError(`could not write ${path}: ${errorMessage(err)}`, {
          cause: err
        })
  } finally {
    gate.abort()
    await pool.close()
    await dispatching
  }
}

function sortAndCheck(entries: ZipEntrySource[]): ZipEntrySource[] {
  const keyed = entries.map((e) => ({ e, key: Buffer.from(e.name, 'utf8') }))
  keyed.sort((a, b) => Buffer.compare(a.key, b.key))
  for (let i = 0; i < keyed.length; i++) {
    const { e, key } = keyed[i] as { e: ZipEntrySource; key: Buffer }
    if (i > 0 && key.equals((keyed[i - 1] as { key: Buffer }).key)) {
      throw new PackagingError(`two entries are named ${e.name}`)
    }
    if (key.length > MAX16) {
      throw new PackagingError(`entry name too long: ${e.name.slice(0, 80)}…`)
    }
    if (e.kind === 'symlink' && e.linkTarget === undefined) {
      throw new PackagingError(`link ${e.name} has no target`)
    }
  }
  return keyed.map((k) => k.e)
}

function planUnits(sorted: ZipEntrySource[], streamAbove: number): Unit[] {
  const units: Unit[] = []
  let batch: ZipEntrySource[] = []
  let batchBytes = 0
  const close = (): void => {
    if (batch.length === 0) return
    // Read buffer plus compressed output (deflate output can exceed input
    // slightly, stored output is the input itself).
    const cost = 2 * batchBytes + 1024 * batch.length
    units.push({ kind: 'batch', entries: batch, cost, result: new Deferred() })
    batch = []
    batchBytes = 0
  }
  for (const e of sorted) {
    if (e.kind === 'symlink') {
      close()
      const data = Buffer.from(e.linkTarget ?? '', 'utf8')
      units.push({ kind: 'link', entry: e, data })
    } else if (e.size > streamAbove) {
      close()
      units.push({ kind: 'stream', entry: e, chunks: chunkPlan(e) })
    } else {
      batch.push(e)
      batchBytes += e.size
      if (batchBytes >= BATCH_BYTES || batch.length >= BATCH_FILES) close()
    }
  }
  close()
  return units
}

function chunkPlan(
  e: ZipEntrySource
): { task: WorkerTask & { kind: 'chunk' }; result: Deferred<Reply> }[] {
  const plan: {
    task: WorkerTask & { kind: 'chunk' }
    result: Deferred<Reply>
  }[] = []
  const ranges: [number, number][] = [[0, PROBE_BYTES]]
  for (let off = PROBE_BYTES; off < e.size; off += CHUNK_BYTES) {
    ranges.push([off, Math.min(off + CHUNK_BYTES, e.size)])
  }
  ranges.forEach(([start, end], i) => {
    plan.push({
      task: {
        kind: 'chunk',
        path: e.sourcePath,
        start,
        end,
        mode: i === 0 ? 'probe' : 'deflate',
        last: i === ranges.length - 1
      },
      result: new Deferred()
    })
  })
  return plan
}

function countTasks(units: Unit[]): number {
  let n = 0
  for (const u of units) {
    if (u.kind === 'batch') n++
    else if (u.kind === 'stream') n += u.chunks.length
  }
  return n
}

/** Starts work in archive order, as far ahead as the budget allows. */
async function dispatch(
  units: Unit[],
  pool: Pool,
  gate: Budget
): Promise<void> {
  for (const unit of units) {
    if (unit.kind === 'batch') {
      await gate.acquire(unit.cost)
      const tasks: WorkerTask[] = unit.entries.map((e) => ({
        kind: 'file',
        path: e.sourcePath,
        size: e.size
      }))
      forward(pool.run(tasks, unit.cost, unit.entries), unit.result)
    } else if (unit.kind === 'stream') {
      let method: 0 | 8 | undefined
      for (const chunk of unit.chunks) {
        const cost = 2 * (chunk.task.end - chunk.task.start) + 64 * 1024
        await gate.acquire(cost)
        if (method === 0) chunk.task.mode = 'store'
        const reply = pool.run([chunk.task], cost, [unit.entry])
        forward(reply, chunk.result)
        // Later chunks depend on the probe's verdict.
        if (method === undefined) method = (await reply).results[0]?.method
      }
    }
  }
}

function forward<T>(p: Promise<T>, d: Deferred<T>): void {
  p.then(
    (v) => d.resolve(v),
    (e: unknown) => d.reject(e)
  )
}

async function writeStreamed(
  unit: Extract<Unit, { kind: 'stream' }>,
  out: Output,
  gate: Budget,
  pool: Pool
): Promise<Written> {
  const e = unit.entry
  await out.pauseHash()
  const w = entryRecord(e, 8, 0, e.size, out.pos)
  const headerLength = localHeader(w).length
  await out.append(Buffer.alloc(headerLength))
  const dataStart = out.pos
  let crc = 0
  let done = 0
  for (const chunk of unit.chunks) {
    const reply = await chunk.result.promise
    const r = reply.results[0] as WorkerResult
    if (done === 0) w.method = r.method
    crc = done === 0 ? r.crc : crc32Combine(crc, r.crc, r.size)
    done += r.size
    w.compressedSize += r.length
    await out.append(Buffer.from(reply.buffer, r.offset, r.length))
    pool.recycle(reply.buffer)
    gate.release(reply.cost)
  }
  w.crc = crc
  if (done !== e.size) {
    throw new PackagingError(`${e.name} changed size while being packaged`)
  }
  if (w.method === 8 && w.compressedSize >= w.size) {
    // Deflate did not pay off over the whole file: store it, as a file that
    // fits in memory would have been.
    await out.rewind(dataStart)
    await copyRaw(e, out)
    w.method = 0
    w.compressedSize = w.size
  }
  const header = localHeader(w)
  if (header.length !== headerLength) {
    throw new PackagingError(`internal: local header of ${e.name} resized`)
  }
  await out.patch(w.offset, header)
  await out.resumeHash(w.offset)
  return w
}

async function copyRaw(e: ZipEntrySource, out: Output): Promise<void> {
  const fh = await open(
    e.sourcePath,
    fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0)
  )
  try {
    for (let pos = 0; pos < e.size;) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, e.size - pos))
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos)
      if (bytesRead === 0) {
        throw new PackagingError(`${e.name} changed size while being packaged`)
      }
      await out.append(buf.subarray(0, bytesRead))
      pos += bytesRead
    }
  } finally {
    await fh.close()
  }
}

function entryRecord(
  e: ZipEntrySource,
  method: 0 | 8,
  crc: number,
  size: number,
  offset: number
): Written {
  const name = Buffer.from(e.name, 'utf8')
  const nonAscii = name.some((b) => b > 0x7f)
  const type = e.kind === 'symlink' ? S_IFLNK : S_IFREG
  return {
    name,
    flags: nonAscii ? FLAG_UTF8 : 0,
    method,
    crc,
    compressedSize: 0,
    size,
    offset,
    // Unsigned: a link's S_IFLNK bits reach bit 31.
    attrs: ((type | (e.mode & 0o7777)) * 0x10000) >>> 0
  }
}

/** Local header; a ZIP64 extra only for an entry of 4 GiB or more. */
function localHeader(w: Written): Buffer {
  const zip64 = w.size >= MAX32
  const extraLength = zip64 ? 20 : 0
  const b = Buffer.alloc(30 + w.name.length + extraLength)
  b.writeUInt32LE(0x04034b50, 0)
  b.writeUInt16LE(versionNeeded(w, zip64), 4)
  b.writeUInt16LE(w.flags, 6)
  b.writeUInt16LE(w.method, 8)
  b.writeUInt16LE(DOS_TIME, 10)
  b.writeUInt16LE(DOS_DATE, 12)
  b.writeUInt32LE(w.crc, 14)
  b.writeUInt32LE(zip64 ? MAX32 : w.compressedSize, 18)
  b.writeUInt32LE(zip64 ? MAX32 : w.size, 22)
  b.writeUInt16LE(w.name.length, 26)
  b.writeUInt16LE(extraLength, 28)
  w.name.copy(b, 30)
  if (zip64) {
    const x = 30 + w.name.length
    b.writeUInt16LE(0x0001, x)
    b.writeUInt16LE(16, x + 2)
    b.writeBigUInt64LE(BigInt(w.size), x + 4)
    b.writeBigUInt64LE(BigInt(w.compressedSize), x + 12)
  }
  return b
}

function versionNeeded(w: Written, zip64: boolean): number {
  if (zip64) return 45
  return w.method === 8 ? 20 : 10
}

function centralDirectory(written: Written[], cdOffset: number): Buffer {
  const parts: Buffer[] = []
  let cdSize = 0
  for (const w of written) {
    const bigSize = w.size >= MAX32
    const bigCompressed = w.compressedSize >= MAX32
    const bigOffset = w.offset >= MAX32
    const extraLength =
      (bigSize || bigCompressed || bigOffset ? 4 : 0) +
      (bigSize ? 8 : 0) +
      (bigCompressed ? 8 : 0) +
      (bigOffset ? 8 : 0)
    const b = Buffer.alloc(46 + w.name.length + extraLength)
    b.writeUInt32LE(0x02014b50, 0)
    b.writeUInt16LE(MADE_BY_UNIX, 4)
    b.writeUInt16LE(versionNeeded(w, extraLength > 0 || w.size >= MAX32), 6)
    b.writeUInt16LE(w.flags, 8)
    b.writeUInt16LE(w.method, 10)
    b.writeUInt16LE(DOS_TIME, 12)
    b.writeUInt16LE(DOS_DATE, 14)
    b.writeUInt32LE(w.crc, 16)
    b.writeUInt32LE(bigCompressed ? MAX32 : w.compressedSize, 20)
    b.writeUInt32LE(bigSize ? MAX32 : w.size, 24)
    b.writeUInt16LE(w.name.length, 28)
    b.writeUInt16LE(extraLength, 30)
    // comment length, disk number, internal attributes: 0
    b.writeUInt32LE(w.attrs, 38)
    b.writeUInt32LE(bigOffset ? MAX32 : w.offset, 42)
    w.name.copy(b, 46)
    if (extraLength > 0) {
      let x = 46 + w.name.length
      b.writeUInt16LE(0x0001, x)
      b.writeUInt16LE(extraLength - 4, x + 2)
      x += 4
      for (const [big, value] of [
        [bigSize, w.size],
        [bigCompressed, w.compressedSize],
        [bigOffset, w.offset]
      ] as const) {
        if (!big) continue
        b.writeBigUInt64LE(BigInt(value), x)
        x += 8
      }
    }
    parts.push(b)
    cdSize += b.length
  }
  const count = written.length
  const zip64 = count > MAX16 || cdSize >= MAX32 || cdOffset >= MAX32
  if (zip64) {
    const rec = Buffer.alloc(56 + 20)
    const eocd64Offset = cdOffset + cdSize
    rec.writeUInt32LE(0x06064b50, 0)
    rec.writeBigUInt64LE(44n, 4)
    rec.writeUInt16LE(MADE_BY_UNIX, 12)
    rec.writeUInt16LE(45, 14)
    // this disk, disk with the central directory: 0
    rec.writeBigUInt64LE(BigInt(count), 24)
    rec.writeBigUInt64LE(BigInt(count), 32)
    rec.writeBigUInt64LE(BigInt(cdSize), 40)
    rec.writeBigUInt64LE(BigInt(cdOffset), 48)
    rec.writeUInt32LE(0x07064b50, 56)
    rec.writeUInt32LE(0, 60)
    rec.writeBigUInt64LE(BigInt(eocd64Offset), 64)
    rec.writeUInt32LE(1, 72)
    parts.push(rec)
  }
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(Math.min(count, MAX16), 8)
  end.writeUInt16LE(Math.min(count, MAX16), 10)
  end.writeUInt32LE(Math.min(cdSize, MAX32), 12)
  end.writeUInt32LE(Math.min(cdOffset, MAX32), 16)
  parts.push(end)
  return Buffer.concat(parts)
}

/**
 * The archive file: appends copied into one write buffer (so worker reply
 * buffers can be handed back at once), a running SHA-256, in-place patches.
 */
class Output {
  pos = 0
  private readonly buf = Buffer.allocUnsafeSlow(FLUSH_BYTES)
  private used = 0
  private flushed = 0
  private readonly scratch = Buffer.allocUnsafeSlow(CHUNK_BYTES)
  private readonly hash: Hash = createHash('sha256')
  private hashing = true

  private constructor(
    private readonly path: string,
    private readonly fh: FileHandle
  ) {}

  static async create(path: string): Promise<Output> {
    try {
      return new Output(path, await open(path, 'w+', 0o644))
    } catch (err) {
      throw new PackagingError(`cannot create ${path}: ${errorMessage(err)}`, {
        cause: err
      })
    }
  }

  /** `data` may be reused by the caller as soon as this resolves. */
  async append(data: Buffer): Promise<void> {
    if (data.length === 0) return
    if (this.hashing) this.hash.update(data)
    this.pos += data.length
    const large = data.length >= this.buf.length / 2
    if (large || this.used + data.length > this.buf.length) await this.flush()
    if (large) {
      await this.writeAt(data, this.flushed)
      this.flushed += data.length
      return
    }
    data.copy(this.buf, this.used)
    this.used += data.length
  }

  async flush(): Promise<void> {
    if (this.used === 0) return
    await this.writeAt(this.buf.subarray(0, this.used), this.flushed)
    this.flushed += this.used
    this.used = 0
  }

  private async writeAt(data: Buffer, at: number): Promise<void> {
    for (let done = 0; done < data.length;) {
      const { bytesWritten } = await this.fh.write(
        data,
        done,
        data.length - done,
        at + done
      )
      done += bytesWritten
    }
  }

  /** Bytes from here on are hashed later by `resumeHash`. */
  async pauseHash(): Promise<void> {
    await this.flush()
    this.hashing = false
  }

  async resumeHash(from: number): Promise<void> {
    await this.flush()
    for (let at = from; at < this.pos;) {
      const want = Math.min(this.scratch.length, this.pos - at)
      const { bytesRead } = await this.fh.read(this.scratch, 0, want, at)
      if (bytesRead === 0) throw new Error(`short read at ${at}`)
      this.hash.update(this.scratch.subarray(0, bytesRead))
      at += bytesRead
    }
    this.hashing = true
  }

  async rewind(to: number): Promise<void> {
    await this.flush()
    await this.fh.truncate(to)
    this.pos = to
    this.flushed = to
  }

  async patch(at: number, data: Buffer): Promise<void> {
    await this.flush()
    await this.writeAt(data, at)
  }

  async finish(): Promise<{ size: number; sha256: string }> {
    await this.flush()
    await this.fh.close()
    return { size: this.pos, sha256: this.hash.digest('hex') }
  }

  async abort(): Promise<void> {
    await this.fh.close().catch(() => undefined)
    await rm(this.path, { force: true }).catch(() => undefined)
  }
}

/** Bytes in flight; one waiter (the dispatcher). */
class Budget {
  private used = 0
  private wake: (() => void) | undefined
  private aborted = false

  constructor(private readonly limit: number) {}

  async acquire(n: number): Promise<void> {
    // Always let one item through, however large, or nothing would move.
    while (this.used > 0 && this.used + n > this.limit) {
      if (this.aborted) throw new Error('aborted')
      await new Promise<void>((r) => (this.wake = r))
    }
    if (this.aborted) throw new Error('aborted')
    this.used += n
  }

  release(n: number): void {
    this.used -= n
    this.notify()
  }

  abort(): void {
    this.aborted = true
    this.notify()
  }

  private notify(): void {
    const w = this.wake
    this.wake = undefined
    w?.()
  }
}

/** Worker threads fed from one queue, at most two requests each at a time. */
class Pool {
  private readonly workers: { worker: Worker; busy: number }[] = []
  private readonly queue: {
    req: WorkerRequest
    cost: number
    entries: ZipEntrySource[]
    d: Deferred<Reply>
  }[] = []
  private readonly waiting = new Map<
    number,
    {
      cost: number
      entries: ZipEntrySource[]
      d: Deferred<Reply>
      slot: number
    }
  >()
  private nextId = 1
  private broken: unknown
  private spare: ArrayBuffer[] = []

  constructor(
    count: number,
    private readonly level: number
  ) {
    for (let i = 0; i < count; i++) {
      const worker = new Worker(workerSource, {
        eval: true,
        // A small young generation collects the per-file buffers promptly.
        resourceLimits: { maxYoungGenerationSizeMb: 4 }
      })
      worker.on('message', (msg: WorkerResponse) => this.onMessage(msg))
      worker.on('error', (err) => this.fail(err))
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`zip worker exited with ${code}`))
      })
      this.workers.push({ worker, busy: 0 })
    }
  }

  run(
    tasks: WorkerTask[],
    cost: number,
    entries: ZipEntrySource[]
  ): Promise<Reply> {
    const d = new Deferred<Reply>()
    if (this.broken !== undefined) {
      d.reject(this.broken)
      return d.promise
    }
    const req: WorkerRequest = { id: this.nextId++, level: this.level, tasks }
    this.queue.push({ req, cost, entries, d })
    this.pump()
    return d.promise
  }

  private pump(): void {
    for (;;) {
      const next = this.queue[0]
      if (!next) return
      let slot = -1
      let least = 2
      this.workers.forEach((w, i) => {
        if (w.busy < least) {
          least = w.busy
          slot = i
        }
      })
      const w = this.workers[slot]
      if (!w) return
      this.queue.shift()
      w.busy++
      this.waiting.set(next.req.id, { ...next, slot })
      const give = this.spare
      this.spare = []
      if (give.length > 0) next.req.give = give
      w.worker.postMessage(next.req, give)
    }
  }

  /** Hands a consumed reply buffer back to the workers for reuse. */
  recycle(buffer: ArrayBuffer): void {
    // A few spares cover the replies in flight; more would only sit idle.
    if (this.spare.length < 4 && buffer.byteLength > 0) this.spare.push(buffer)
  }

  private onMessage(msg: WorkerResponse): void {
    const job = this.waiting.get(msg.id)
    if (!job) return
    this.waiting.delete(msg.id)
    const w = this.workers[job.slot]
    if (w) w.busy--
    if ('error' in msg) {
      const entry = job.entries.find((e) => e.sourcePath === msg.error.path)
      const what = entry
        ? `${entry.name} (${entry.sourcePath})`
        : msg.error.path
      job.d.reject(
        new PackagingError(`cannot read ${what}: ${msg.error.message}`)
      )
    } else {
      job.d.resolve({
        buffer: msg.buffer,
        results: msg.results,
        cost: job.cost
      })
    }
    this.pump()
  }

  private fail(err: unknown): void {
    if (this.broken !== undefined) return
    this.broken = new PackagingError(
      `zip worker failed: ${errorMessage(err)}`,
      {
        cause: err
      }
    )
    for (const job of this.waiting.values()) job.d.reject(this.broken)
    for (const job of this.queue) job.d.reject(this.broken)
    this.waiting.clear()
    this.queue.length = 0
  }

  async close(): Promise<void> {
    this.broken ??= new Error('closed')
    await Promise.all(this.workers.map((w) => w.worker.terminate()))
  }
}
