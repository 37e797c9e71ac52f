import * as fs from 'node:fs'
import type { Worker } from 'node:worker_threads'
import * as zlib from 'node:zlib'
import { LANES } from './deflate-format.js'
import {
  BATCH_FILES,
  BATCH_FUNCTIONS,
  BOX_DOUBLES,
  META_FIELDS,
  OUT_AT,
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

// A batch of small files is sent when it holds this many bytes or files
// (BATCH_FILES): enough to make a message's cost small beside the work,
// small enough that the writer, which waits for the first file, is not kept
// waiting long.
const BATCH_BYTES = 256 * 1024

/**
 * A mailbox and the batch in it: filled with items' meta (paths aside),
 * sent, answered in place, then free for the next batch.
 */
interface Mailbox {
  id: number
  mem: Float64Array
  /** A bit per worker that has this memory already. */
  known: number
  paths: string[]
  bytes: number
  /** Once sent: its worker, and how many items it holds. */
  worker: number
  items: number
}

/** A worker's answer: the mailbox, with the errors if any item failed. */
type Answer = number | { box: number; errors: BatchError[] }

const NO_ERRORS: BatchError[] = []
// A sent batch lets go of its paths: a free mailbox holds nothing of it.
const NO_PATHS: string[] = []

/**
 * Worker threads that read and deflate into the ring's shared memory. Each
 * small-file lane is owned by one worker (lane mod workers), so that every
 * lane's files are deflated in order by the same stream whatever the number
 * of workers: the bytes do not depend on it. Ranges of large files go to
 * any worker. With no lane-owning workers, small files run on the calling
 * thread as their batch is sent, and workers start at the first range.
 *
 * A batch travels in a mailbox (worker-batch.ts OUT_AT): shared memory
 * taken from a pool when the batch opens and given back when its answer
 * is read, so that the pool holds as many as are ever in flight at once
 * and nothing is allocated per batch but its list of paths.
 */
export class DeflateWorkers {
  private readonly workers: Worker[] = []
  /** Bytes sent to each worker and not yet answered. */
  private readonly queued: number[] = []
  /** Per lane owner, the batch being filled. */
  private readonly open: (Mailbox | undefined)[]
  private readonly boxes: Mailbox[] = []
  private readonly freeBoxes: Mailbox[] = []
  /** The main thread's own lanes, when no worker owns them. */
  private readonly inline: BatchEnv | undefined

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
    this.open = Array.from({ length: Math.max(1, owners) }, () => undefined)
  }

  private start(lanes: number[]): Worker {
    const worker = takeWarm() ?? newWorker()
    worker.ref()
    worker.removeAllListeners()
    worker.on('message', (a: Answer) => this.answered(a))
    worker.on('error', this.onFailure)
    // Heard only while in use: close() drops it before terminating.
    worker.on('exit', (code) => {
      this.onFailure(new Error(`a deflate worker stopped (exit code ${code})`))
    })
    const { level, memory } = this
    worker.postMessage({ init: { memory: memory.buffer, lanes, level } })
    this.workers.push(worker)
    this.queued.push(0)
    return worker
  }

  /** A free mailbox, or a new one when none is free. */
  private openBatch(): Mailbox {
    let box = this.freeBoxes.pop()
    if (box === undefined) {
      const mem = new Float64Array(new SharedArrayBuffer(BOX_DOUBLES * 8))
      const id = this.boxes.length
      box = { id, mem, known: 0, paths: [], bytes: 0, worker: -1, items: 0 }
      this.boxes.push(box)
    }
    box.paths = []
    box.bytes = 0
    return box
  }

  /** Queues a small file (lane ≥ 0) in its lane owner's batch. */
  add(item: Item): void {
    const owner = item.lane % this.open.length
    const batch = (this.open[owner] ??= this.openBatch())
    this.push(batch, item)
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
    const batch = this.openBatch()
    this.push(batch, item)
    this.post(w, batch)
    return w
  }

  /** Sends every queued file: before the reader waits, and at the end. */
  flush(): void {
    for (let owner = 0; owner < this.open.length; owner++) {
      const batch = this.open[owner]
      if (batch) this.send(owner, batch)
    }
  }

  private push(batch: Mailbox, i: Item): void {
    const box = batch.mem
    const m = batch.paths.length * META_FIELDS
    box[m] = i.unit
    box[m + 1] = i.lane
    box[m + 2] = i.at
    box[m + 3] = i.size
    box[m + 4] = i.from
    box[m + 5] = i.dict
    box[m + 6] = i.flags
    box[m + 7] = i.piece
    batch.paths.push(i.path)
    batch.bytes += i.size
  }

  private send(owner: number, batch: Mailbox): void {
    this.open[owner] = undefined
    if (!this.inline) {
      this.post(owner, batch)
      return
    }
    const errors: BatchError[] = []
    runBatch(this.inline, this.seal(batch), batch.mem, errors)
    this.report(batch, errors)
  }

  /** The batch's paths, which its mailbox lets go of once sent. */
  private seal(batch: Mailbox): string[] {
    const { paths } = batch
    batch.items = paths.length
    batch.paths = NO_PATHS
    return paths
  }

  private post(worker: number, batch: Mailbox): void {
    const { id, bytes, known } = batch
    const paths = this.seal(batch)
    batch.worker = worker
    this.queued[worker] = (this.queued[worker] as number) + bytes
    // A mailbox's memory goes to each worker once; after, its number.
    const bit = 1 << worker
    batch.known = known | bit
    const memory = known & bit ? undefined : batch.mem.buffer
    this.workers[worker]?.postMessage({ box: id, paths, memory })
  }

  private answered(a: Answer): void {
    const box = this.boxes[typeof a === 'number' ? a : a.box] as Mailbox
    this.queued[box.worker] = (this.queued[box.worker] as number) - box.bytes
    this.report(box, typeof a === 'number' ? NO_ERRORS : a.errors)
  }

  /** Each item's outcome, from its mailbox; then the mailbox is free. */
  private report(box: Mailbox, errors: BatchError[]): void {
    const b = box.mem
    const { items } = box
    let e = 0
    for (let k = 0; k < items; k++) {
      const m = k * META_FIELDS
      const o = OUT_AT + k * OUT_FIELDS
      const error = errors[e]?.k === k ? errors[e++] : undefined
      this.onOutcome({
        unit: b[m] as number,
        piece: b[m + 7] as number,
        status: b[o + 3] as number,
        method: b[o] === 8 ? 8 : 0,
        crc: b[o + 1] as number,
        length: b[o + 2] as number,
        ...(error && { error })
      })
    }
    this.freeBoxes.push(box)
  }

  /**
   * Stops the workers without waiting for their threads to wind down (a
   * tenth of a second here, after the archive is done): they no longer
   * keep the process alive, and nothing is sent to them any more. Node
   * keeps a worker until its thread exits; through its listeners it kept
   * this pool and the ring, 8 MiB then resident through the upload and the
   * publish (bench/README.md, "Eighth pass"). A late error is dropped.
   * Resolves when the threads have exited (for tests; packaging goes on).
   */
  close(): Promise<void> {
    for (const lane of this.inline?.lanes ?? []) lane.close()
    const exits = this.workers.map((w) => {
      w.unref()
      // Before terminate(), which waits for its own 'exit' listener.
      w.removeAllListeners()
      w.on('error', () => undefined)
      return w.terminate().catch(() => undefined)
    })
    return Promise.all(exits).then(() => undefined)
  }
}
