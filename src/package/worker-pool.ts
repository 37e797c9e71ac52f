import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { deflateInto, readItem, runBatch, runItem } from './worker-batch.js'

/*
 * The worker: the batch functions as source text (worker-batch.ts). What it
 * works on (the ring's shared memory, its lanes, the level) comes with its
 * first message, so that it can be started before that is known.
 */
const WORKER_SOURCE = `
// Transpilers that keep function names (esbuild's keepNames: tsx, vitest)
// wrap inner functions in a helper the worker's scope lacks.
const __name = (f) => f
const { parentPort } = require('node:worker_threads')
const runBatch = (${runBatch.toString()})
const run = {
  readItem: (${readItem.toString()}),
  deflateInto: (${deflateInto.toString()}),
  runItem: (${runItem.toString()})
}
let env
// Each mailbox's array, made the first time it comes (deflate-workers.ts).
const boxes = []
parentPort.on('message', ({ init, box, memory, paths }) => {
  if (init) {
    const zlib = require('node:zlib')
    const lanes = []
    for (const l of init.lanes) lanes[l] = zlib.createDeflateRaw({ level: init.level })
    const mem = Buffer.from(init.memory)
    env = { fs: require('node:fs'), zlib, level: init.level, mem, lanes, verdicts: new Map(), run }
    boxes.length = 0
    return
  }
  if (memory) boxes[box] = new Float64Array(memory)
  const errors = []
  runBatch(env, paths, boxes[box], errors)
  // The answer is in the mailbox: a number is the cheapest message.
  parentPort.postMessage(errors.length > 0 ? { box, errors } : box)
})
`

/** A deflate worker, waiting for its `init` message (deflate-workers.ts). */
export function newWorker(): Worker {
  return new Worker(WORKER_SOURCE, {
    eval: true,
    // Its heap holds a batch at a time: keep the isolate small.
    resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 }
  })
}

/** Workers started ahead of need, not keeping the process alive until taken. */
const warm: Worker[] = []

/**
 * Starts workers now, for a writer to take later: selection runs on the
 * main thread alone, so the other cores can start them meanwhile instead of
 * the writer waiting for them. One per idle core: a worker more would take
 * turns with selection itself (2 cores, 20,000 files: selection 0.36-0.39 s
 * and packaging 2.46-2.52 s with one, 0.42-0.47 s and 2.51-2.62 s with two).
 * Unused, they end with the process.
 */
export function prestartWorkers(
  count = Math.max(1, availableParallelism() - 1)
): void {
  while (warm.length < count) {
    const w = newWorker()
    // Until taken, a failure only means it is not used (takeWarm).
    w.on('error', () => undefined)
    w.unref()
    warm.push(w)
  }
}

export function takeWarm(): Worker | undefined {
  for (let w = warm.pop(); w; w = warm.pop()) {
    if (w.threadId !== -1) return w
  }
  return undefined
}
