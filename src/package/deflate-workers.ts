import * as fs from 'node:fs'
import type { Worker } from 'node:worker_threads'
import * as zlib from 'node:zlib'
import { LANES } from './deflate-format.js'
import {
  BATCH_FUNCTIONS,
  META_FIELDS,
  OUT_FIELDS,
  runBatch,
  type BatchEnv,
  type BatchError
} from './worker-batch.js'
import { newWorker, takeWarm } from './worker-pool.js'

/** What became of one item: filled in from its batch's answer. */
export interface Outcome {
  /** The unit's index in the archive, and the piece's within the unit. */
  unit: number
  piece: number
  status: number
  method: 0 | 8
  /** A small file's CRC (a large file's is the writer's). */
  crc: number
  /** Bytes of the piece's data: its size, or its deflated length. */
  length: number
  error?: BatchError
}

/** Where an item's bytes come from and go to (worker-batch.ts, META_FIELDS). */
export interface Item {
  unit: number
  piece: number
  path: string
  /** -1: a range of a large file. */
  lane: number
  at: number
  size: number
  from: number
  dict: number
  flags: number
}

// A batch of small files is sent when it holds this many bytes or files:
// enough to make a message's cost small beside the work, small enough that
// the writer, which waits for the first file, is not kept waiting long.
const BATCH_BYTES = 256 * 1024
const BATCH_FILES = 64

interface Batch {
  paths: string[]
  meta: number[]
  bytes: number
}

const emptyBatch = (): Batch => ({ paths: [], meta: [], bytes: 0 })

interface Answer {
  id: number
  out: Float64Array
  errors: BatchError[]
}

/**
 * Worker threads that read and deflate into the ring's shared memory. Each
 * small-file lane is owned by one worker (lane mod workers), so that every
 * lane's files are deflated in order by the same stream whatever the number
 * of workers: the bytes do not depend on it. Ranges of large files go to
 * any worker. With no lane-owning workers, small files run on the calling
 * thread as their batch is sent, and workers start at the first range.
 */
export class DeflateWorkers {
  private readonly workers: Worker[] = []
  /** Bytes sent to each worker and not yet answered. */
  private readonly queued: number[] = []
  private readonly open: Batch[]
  private readonly sent = new Map<
    number,
    { meta: Float64Array; worker: number; bytes: number }
  >()
  /** The main thread's own lanes, when no worker owns them. */
  private readonly inline: BatchEnv | undefined
  private nextId = 0
  private closing = false

  constructor(
    private readonly memory: Buffer,
    private readonly level: number,
    private readonly count: number,
    laneOwners: number,
    private readonly onOutcome: (o: Outcome) => void,
    private readonly onFailure: (err: unknown) => void
  ) {
    const owners = Math.min(Math.max(0, laneOwners), LANES, count)
    for (let w = 0; w < owners; w++) {
      const lanes: number[] = []
      for (let l = w; l < LANES; l += owners) lanes.push(l)
      this.start(lanes)
    }
    if (owners === 0) {
      const lanes = Array.from({ length: LANES }, () =>
        zlib.createDeflateRaw({ level })
      )
      const verdicts = new Map<number, boolean>()
      const run = BATCH_FUNCTIONS
      this.inline = { fs, zlib, level, mem: memory, lanes, verdicts, run }
    }
    this.open = Array.from({ length: Math.max(1, owners) }, emptyBatch)
  }

  private start(lanes: number[]): Worker {
    const worker = takeWarm() ?? newWorker()
    worker.ref()
    worker.removeAllListeners()
    worker.on('message', (a: Answer) => this.answered(a))
    worker.on('error', this.onFailure)
    worker.on('exit', (code) => {
      if (!this.closing) {
        this.onFailure(
          new Error(`a deflate worker stopped (exit code ${code})`)
        )
      }
    })
    const { level, memory } = this
    worker.postMessage({ init: { memory: memory.buffer, lanes, level } })
    this.workers.push(worker)
    this.queued.push(0)
    return worker
  }

  /** Queues a small file (lane ≥ 0) in its lane owner's batch. */
  add(item: Item): void {
    const owner = item.lane % this.open.length
    const batch = this.open[owner] as Batch
    pushItem(batch, item)
    batch.bytes += item.size
    if (batch.bytes >= BATCH_BYTES || batch.paths.length >= BATCH_FILES) {
      this.send(owner, batch)
    }
  }

  /**
   * Sends a range of a large file at once: to `worker` if given (a range
   * that follows its probe's verdict must meet it there), else to the
   * worker with the least work queued. Returns the worker's index.
   */
  range(item: Item, worker?: number): number {
    while (this.workers.length < this.count) this.start([])
    let w = worker ?? 0
    if (worker === undefined) {
      for (let i = 1; i < this.queued.length; i++) {
        if ((this.queued[i] as number) < (this.queued[w] as number)) w = i
      }
    }
    const batch = emptyBatch()
    pushItem(batch, item)
    batch.bytes = item.size
    this.post(w, batch)
    return w
  }

  /** Sends every queued file: before the reader waits, and at the end. */
  flush(): void {
    for (let owner = 0; owner < this.open.length; owner++) {
      this.send(owner, this.open[owner] as Batch)
    }
  }

  private send(owner: number, batch: Batch): void {
    if (batch.paths.length === 0) return
    this.open[owner] = emptyBatch()
    if (!this.inline) {
      this.post(owner, batch)
      return
    }
    const meta = Float64Array.from(batch.meta)
    const out = new Float64Array(batch.paths.length * OUT_FIELDS)
    const errors: BatchError[] = []
    runBatch(this.inline, batch.paths, meta, out, errors)
    this.report(meta, out, errors)
  }

  private post(worker: number, batch: Batch): void {
    const meta = Float64Array.from(batch.meta)
    const id = this.nextId++
    this.sent.set(id, { meta, worker, bytes: batch.bytes })
    this.queued[worker] = (this.queued[worker] as number) + batch.bytes
    // Copied, not transferred: the answer is read against it.
    this.workers[worker]?.postMessage({ id, paths: batch.paths, meta })
  }

  private answered({ id, out, errors }: Answer): void {
    const { meta, worker, bytes } = this.sent.get(id) as {
      meta: Float64Array
      worker: number
      bytes: number
    }
    this.sent.delete(id)
    this.queued[worker] = (this.queued[worker] as number) - bytes
    this.report(meta, out, errors)
  }

  /** Each item's outcome, from a batch's meta and its answer. */
  private report(
    meta: Float64Array,
    out: Float64Array,
    errors: BatchError[]
  ): void {
    let e = 0
    for (let k = 0; k * META_FIELDS < meta.length; k++) {
      const m = k * META_FIELDS
      const o = k * OUT_FIELDS
      const error = errors[e]?.k === k ? errors[e++] : undefined
      this.onOutcome({
        unit: meta[m] as number,
        piece: meta[m + 7] as number,
        status: out[o + 3] as number,
        method: out[o] === 8 ? 8 : 0,
        crc: out[o + 1] as number,
        length: out[o + 2] as number,
        ...(error && { error })
      })
    }
  }

  /**
   * Stops the workers without waiting for their threads to wind down (a
   * tenth of a second here, after the archive is done): they no longer
   * keep the process alive, and nothing is sent to them any more.
   */
  close(): void {
    this.closing = true
    for (const lane of this.inline?.lanes ?? []) lane.close()
    for (const w of this.workers) {
      w.unref()
      w.terminate().catch(() => undefined)
    }
  }
}

function pushItem(batch: Batch, i: Item): void {
  batch.paths.push(i.path)
  batch.meta.push(
    i.unit,
    i.lane,
    i.at,
    i.size,
    i.from,
    i.dict,
    i.flags,
    i.piece
  )
}
