import * as zlib from 'node:zlib'
import type { ArchiveOutput } from './archive-output.js'
import {
  CHUNK_BYTES,
  DICT_BYTES,
  LANES,
  PROBE_BYTES,
  type DeflateEngine,
  type Piece
} from './deflate-engine.js'
import type { FilesDigest } from './fingerprint.js'
import type { MemoryRing } from './memory-ring.js'
import { readRange } from './source-files.js'
import type { ZipEntrySource } from './types.js'

/*
 * The archive as units of work, one per entry in archive order: the reader
 * (readAhead) fills in their pieces as far ahead as the memory budget
 * allows, the writer (entry-writer.ts) writes them in order as they settle.
 */

export type Pending = PromiseWithResolvers<Piece>

/** A small file: its piece (or error) is set by the reader's callback. */
export interface SmallUnit {
  kind: 'small'
  entry: ZipEntrySource
  lane: number
  piece?: Piece
  error?: unknown
}

export type Unit =
  | { kind: 'done' }
  | { kind: 'link'; entry: ZipEntrySource; data: Buffer }
  | SmallUnit
  | {
      kind: 'large'
      entry: ZipEntrySource
      ranges: [number, number][]
      pieces: Pending[]
    }
export type LargeUnit = Extract<Unit, { kind: 'large' }>

export const DONE: Unit = { kind: 'done' }

/** What one archive's writing shares. */
export interface Job {
  units: Unit[]
  out: ArchiveOutput
  ring: MemoryRing
  engine: DeflateEngine
  /** Entries above this size are streamed (see writeStreamed). */
  streamAbove: number
  /** Set when reading stopped: units not ready by then never will be. */
  failed?: { error: unknown }
  /** The writer, waiting for the small unit at `waitingFor`. */
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

export function planUnits(sorted: ZipEntrySource[]): Unit[] {
  const units: Unit[] = []
  let small = 0
  for (const e of sorted) {
    if (e.kind === 'symlink') {
      const data = Buffer.from(e.linkTarget ?? '', 'utf8')
      units.push({ kind: 'link', entry: e, data })
    } else if (e.size <= PROBE_BYTES) {
      const lane = small++ % LANES
      units.push({ kind: 'small', entry: e, lane })
    } else {
      const ranges: [number, number][] = [[0, PROBE_BYTES]]
      for (let off = PROBE_BYTES; off < e.size; off += CHUNK_BYTES) {
        ranges.push([off, Math.min(off + CHUNK_BYTES, e.size)])
      }
      units.push({
        kind: 'large',
        entry: e,
        ranges,
        pieces: ranges.map(pending)
      })
    }
  }
  return units
}

/** Reads and starts compressing in archive order, as far ahead as the budget allows. */
export async function readAhead(
  sorted: ZipEntrySource[],
  job: Job,
  digest: FilesDigest
): Promise<void> {
  const { ring, engine } = job
  for (let i = 0; i < sorted.length; i++) {
    const entry = sorted[i] as ZipEntrySource
    // The writer may already have written (and dropped) a link unit.
    const unit = job.units[i] as Unit
    digest.entry(entry)
    if (entry.kind === 'symlink') {
      digest.data(Buffer.from(entry.linkTarget ?? '', 'utf8'))
    } else if (unit.kind === 'small') {
      const e = unit.entry
      // The file, then room for its compressed form (kept only if smaller).
      const n = 2 * e.size
      const region = ring.tryAcquire(n) ?? (await ring.acquire(n))
      const data = readRange(e, 0, e.size, true, region)
      digest.data(data)
      const room = region.subarray(e.size)
      engine.small(unit.lane, data, room, (err, piece) => {
        if (piece) unit.piece = piece
        else unit.error = err
        notify(job, i)
      })
    } else if (unit.kind === 'large') {
      await readLarge(unit, job, digest)
    }
  }
}

async function readLarge(
  unit: LargeUnit,
  { ring, engine }: Job,
  digest: FilesDigest
): Promise<void> {
  const e = unit.entry
  let store: boolean | undefined
  let crc = 0
  for (const [i, [start, end]] of unit.ranges.entries()) {
    const last = i === unit.ranges.length - 1
    const d = unit.pieces[i] as Pending
    if (store) {
      const region = await ring.acquire(end - start)
      const data = readRange(e, start, end, last, region)
      digest.data(data)
      crc = zlib.crc32(data, crc)
      d.resolve({ method: 0, crc, size: data.length, data })
      continue
    }
    const from = i === 0 ? 0 : Math.max(0, start - DICT_BYTES)
    // Dictionary and chunk, then room for the chunk compressed.
    const region = await ring.acquire(end - from + (end - start))
    const buf = readRange(e, from, end, last, region)
    const data = buf.subarray(start - from)
    digest.data(data)
    const room = region.subarray(end - from)
    crc = zlib.crc32(data, crc)
    const piece = engine.chunk(buf, start - from, crc, last, i === 0, room)
    settle(piece, d)
    // Later chunks depend on the probe's verdict.
    if (store === undefined) store = (await piece).method === 0
  }
}

function settle(p: Promise<Piece>, d: Pending): void {
  p.then(d.resolve, d.reject)
}
