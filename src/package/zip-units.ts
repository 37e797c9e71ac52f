import type { ArchiveOutput } from './archive-output.js'
import {
  CHUNK_BYTES,
  DICT_BYTES,
  LANES,
  PROBE_BYTES,
  type Piece
} from './deflate-format.js'
import type { DeflateWorkers, Outcome } from './deflate-workers.js'
import type { MemoryRing } from './memory-ring.js'
import type { SmallSlots } from './small-slots.js'
import { cannotRead, changedError } from './source-files.js'
import type { EntryList, ZipEntrySource } from './types.js'
import {
  FLAG_AS_PROBE,
  FLAG_LAST,
  FLAG_PROBE,
  FLAG_STORE,
  STATUS_CHANGED,
  roomFor
} from './worker-batch.js'

/*
 * The archive as units of work, one per entry in archive order: the reader
 * (readAhead) makes them and fills in their pieces as far ahead as the
 * memory budget allows, the writer (entry-writer.ts) writes them in order as
 * they settle. A unit is made only when the reader reaches its entry: an
 * entry's size may be read then (entry-table.ts), not before. Small files,
 * the many, are numbers in `SmallSlots`; links and large files are objects.
 */

export type Pending = PromiseWithResolvers<Piece>

export type Unit =
  | { kind: 'small' }
  | { kind: 'link'; entry: ZipEntrySource; data: Buffer }
  | {
      kind: 'large'
      entry: ZipEntrySource
      ranges: [number, number][]
      /** Where each range's bytes start in the ring, once sent. */
      regions: number[]
      /** The probe's verdict, once it has answered: store the file whole. */
      store?: boolean
      pieces: Pending[]
    }
export type LargeUnit = Extract<Unit, { kind: 'large' }>

/** Unit of a small file, whose numbers are in `Job.small`. */
export const SMALL: Unit = { kind: 'small' }

/** What one archive's writing shares. */
export interface Job {
  /** In archive order. */
  entries: EntryList
  /**
   * Links and large files by entry: made when the reader reaches them,
   * gone once written.
   */
  units: Map<number, Unit>
  /** Small files between the reader and the writer. */
  small: SmallSlots
  /** Small files so far: the next one's lane. */
  smallCount: number
  out: ArchiveOutput
  ring: MemoryRing
  workers: DeflateWorkers
  /** Entries above this size are streamed (see writeStreamed). */
  streamAbove: number
  /** ZipOptions.collect, or nothing. */
  collect: () => void
  /** Set when reading stopped: units not ready by then never will be. */
  failed?: { error: unknown }
  /** The writer, waiting for the unit at `waitingFor`. */
  wake?: (() => void) | undefined
  waitingFor: number
}

/** Wakes the writer if it waits for unit `i` (or for anything: -1). */
export function notify(job: Job, i: number): void {
  if (job.waitingFor !== i && i !== -1) return
  const wake = job.wake
  job.wake = undefined
  wake?.()
}

/** A promise settled by the reader, awaited by the writer (or not at all). */
function pending(): Pending {
  const p = Promise.withResolvers<Piece>()
  // Rejections are awaited by the writer in order; the rest are moot.
  p.promise.catch(() => undefined)
  return p
}

/** The unit of a link or a large file. */
function makeUnit(e: ZipEntrySource): Unit {
  if (e.kind === 'symlink') {
    return {
      kind: 'link',
      entry: e,
      data: Buffer.from(e.linkTarget ?? '', 'utf8')
    }
  }
  const ranges: [number, number][] = [[0, PROBE_BYTES]]
  for (let off = PROBE_BYTES; off < e.size; off += CHUNK_BYTES) {
    ranges.push([off, Math.min(off + CHUNK_BYTES, e.size)])
  }
  const pieces = ranges.map(pending)
  return { kind: 'large', entry: e, ranges, regions: [], pieces }
}

/**
 * Starts reading and compressing in archive order, as far ahead as the
 * budget allows: small files are queued in batches, ranges of large ones
 * sent one by one, all to the deflate workers (deflate-workers.ts). The
 * fingerprint is the writer's, which sees every entry in order.
 */
export async function readAhead(job: Job): Promise<void> {
  const { workers } = job
  for (let i = 0; i < job.entries.length; i++) {
    // Made for this step only (a table's entries are): kept, it would
    // outlive the young generation.
    const entry = job.entries.at(i) as ZipEntrySource
    // Its size decides how it is compressed.
    if (entry.kind === 'file' && entry.size <= PROBE_BYTES) {
      const { size, sourcePath } = entry
      const lane = job.smallCount++ % LANES
      // The file, then room for its compressed form (kept only if smaller).
      // Awaited only when the ring is full: a promise per file is garbage.
      const at = regionNow(job, 2 * size) ?? (await region(job, 2 * size))
      job.small.add(i, at, size)
      workers.add({
        unit: i,
        piece: 0,
        path: sourcePath,
        lane,
        at,
        size,
        from: 0,
        dict: 0,
        flags: FLAG_LAST
      })
      // Ready when its batch answers (settle).
      continue
    }
    const unit = makeUnit(entry)
    job.units.set(i, unit)
    notify(job, i)
    if (unit.kind === 'large') await readLarge(job, i, unit)
  }
  workers.flush()
}

/**
 * Where `n` bytes of the ring start (its buffer starts its shared memory).
 * Batches are sent before waiting: the writer frees the ring, and it may be
 * waiting for them.
 */
async function region(job: Job, n: number): Promise<number> {
  const now = regionNow(job, n)
  if (now !== undefined) return now
  job.workers.flush()
  return (await job.ring.acquire(n)).byteOffset
}

function regionNow(job: Job, n: number): number | undefined {
  return job.ring.tryAcquire(n)?.byteOffset
}

/**
 * Sends a large file's ranges without waiting: the first 64 KiB (the probe)
 * decide whether the file is deflated or stored. Ranges sent before the
 * main thread has the verdict go to the probe's worker, which knows it;
 * later ones to any worker. (Waiting for the verdict left the workers
 * without new work each time, and probing here made this thread the
 * bottleneck: bench/README.md.)
 */
async function readLarge(job: Job, i: number, unit: LargeUnit): Promise<void> {
  // A table's entry makes its path on each ask.
  const path = unit.entry.sourcePath
  let owner = -1
  for (const [k, [start, end]] of unit.ranges.entries()) {
    const size = end - start
    const store = unit.store
    const dict = k === 0 || store === true ? 0 : Math.min(start, DICT_BYTES)
    // Dictionary and range, then room for the range deflated.
    const room = store === true ? 0 : roomFor(size)
    const at = await region(job, dict + size + room)
    unit.regions.push(at + dict)
    const item = {
      unit: i,
      piece: k,
      path,
      lane: -1,
      at,
      size,
      from: start - dict,
      dict,
      flags:
        (k === unit.ranges.length - 1 ? FLAG_LAST : 0) |
        (k === 0 ? FLAG_PROBE : 0) |
        (k > 0 && store === undefined ? FLAG_AS_PROBE : 0) |
        (store === true ? FLAG_STORE : 0)
    }
    const w = job.workers.range(
      item,
      k > 0 && store === undefined ? owner : undefined
    )
    if (k === 0) owner = w
  }
}

/** Settles a piece from its batch's answer, and wakes the writer if it waits for it. */
export function settle(job: Job, o: Outcome): void {
  const large = job.small.has(o.unit)
    ? undefined
    : (job.units.get(o.unit) as LargeUnit)
  let error: unknown
  if (o.status === STATUS_CHANGED || o.error) {
    const e = large?.entry ?? (job.entries.at(o.unit) as ZipEntrySource)
    error =
      o.status === STATUS_CHANGED
        ? changedError(e)
        : cannotRead(
            e,
            Object.assign(new Error(o.error?.message), { code: o.error?.code })
          )
  }
  if (!large) {
    if (error !== undefined) job.small.fail(o.unit, error)
    else job.small.settle(o.unit, o.method, o.crc, o.length)
    notify(job, o.unit)
    return
  }
  const d = large.pieces[o.piece] as Pending
  if (error !== undefined) return d.reject(error)
  const [start, end] = large.ranges[o.piece] as [number, number]
  if (o.piece === 0) large.store = o.method === 0
  d.resolve(piece(job.ring, large.regions[o.piece] as number, end - start, o))
}

/** The piece's bytes as views of the ring: as read at `at`, deflated right after. */
export function piece(
  ring: MemoryRing,
  at: number,
  size: number,
  o: Pick<Outcome, 'method' | 'crc' | 'length'>
): Piece {
  const raw = ring.view(at, size)
  const data = o.method === 8 ? ring.view(at + size, o.length) : raw
  return { method: o.method, crc: o.crc, size, data, raw }
}
