import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import { PackagingError, errorMessage } from '../errors.js'
import { ArchiveOutput } from './archive-output.js'
import { CentralRecords, centralDirectoryEnd } from './central-directory.js'
import { CHUNK_BYTES, DICT_BYTES, PROBE_BYTES } from './deflate-format.js'
import { DeflateWorkers } from './deflate-workers.js'
import { writeUnits } from './entry-writer.js'
import { FilesDigest, fingerprintComment } from './fingerprint.js'
import { MemoryRing } from './memory-ring.js'
import { SmallSlots } from './small-slots.js'
import { EntryTable } from './entry-table.js'
import type { ArchiveInfo, EntryList, ZipEntrySource } from './types.js'
import { notify, readAhead, settle, type Job } from './zip-units.js'
import { roomFor } from './worker-batch.js'

export interface ZipOptions {
  /** zlib level, 1–9. Default 6, Info-ZIP's. */
  level?: number
  /**
   * Bytes of file data (read plus compressed) in flight. Default 6 MiB; at
   * least what one 1 MiB chunk needs (about 2 MiB).
   */
  memoryBudgetBytes?: number
  /**
   * Worker threads that read and deflate (at least 1). Default: one per
   * core. Does not change the bytes.
   */
  workers?: number
  /**
   * Small files deflated on the calling thread instead of by the workers.
   * Default: below 200 entries, where starting workers would cost more than
   * they save (large files' ranges still go to workers). Does not change
   * the bytes.
   */
  smallFilesInline?: boolean
  /**
   * A full collection of the caller's heap, run after every 8,192 entries
   * written (entry-writer.ts). What the read-ahead keeps for a while (its
   * units, their promises) outlives the young generation and dies in the
   * old one, which V8 otherwise lets grow with the tree until its next full
   * collection. Default: none.
   */
  collect?: () => void
}

// Two workers deflating 1 MiB ranges hold ~4 MiB of it, and a small-file
// tree moves through it faster than they deflate: 6 MiB packages both
// bench trees in the same time as 8 did, with 2 MiB less resident at every
// size. A short run of 1,000 small files touched 7.5 MiB of 8 where a long
// one touched all of it; it touches 5.8 of 6, so the ring no longer adds
// to how peak RSS grows with the tree (bench/README.md, "Tenth pass").
const DEFAULT_BUDGET = 6 * 1024 * 1024
// Larger files are written as they are compressed, their local header
// patched afterwards; smaller ones wait until the whole file is ready.
const STREAM_ABOVE = 2 * 1024 * 1024
const INLINE_BELOW = 200

/**
 * Writes `entries` as a deterministic zip at `outPath`.
 *
 * Files are read ahead of the writer, within a fixed memory budget, and
 * read and compressed by worker threads (deflate-workers.ts); entries are
 * written strictly in name order. An entry of up to 2 MiB (or a quarter of
 * the budget) is written with its CRC and sizes in the local header (as
 * Info-ZIP does); a larger
 * one is written as its chunks come and its local header rewritten in place
 * once known, so the bytes are the same either way and no data descriptor is
 * needed. The SHA-256 is computed while writing; only a rewritten entry is
 * hashed by reading it back from the output.
 */
export async function writeZip(
  entries: Iterable<ZipEntrySource>,
  outPath: string,
  opts: ZipOptions = {}
): Promise<ArchiveInfo> {
  const level = opts.level ?? 6
  if (!Number.isInteger(level) || level < 1 || level > 9) {
    throw new PackagingError(`compression level must be 1–9, got ${level}`)
  }
  const sorted = EntryTable.of(entries)
  const path = resolve(outPath)
  const job = await startJob(sorted, path, level, opts)
  const digest = new FilesDigest(level)
  const reading = readAhead(job).catch((error: unknown) => stop(job, error))
  const records = new CentralRecords(`${path}.cd`)
  try {
    await writeUnits(job, digest, records)
    // Every file has been read (and digested) once the last one is written.
    await reading
    const filesSha256 = digest.hex()
    const { out } = job
    const cdOffset = out.pos
    for (const part of records.parts()) await out.append(part)
    const comment = fingerprintComment(filesSha256)
    for (const part of centralDirectoryEnd(records, cdOffset, comment)) {
      await out.append(part)
    }
    const { size, sha256 } = await out.finish()
    return {
      path,
      size,
      sha256,
      unzippedSize: records.unzipped,
      entryCount: records.count,
      names: sorted.nameList(),
      filesSha256
    }
  } catch (err) {
    await job.out.abort()
    throw err instanceof PackagingError
      ? err
      : new PackagingError(`could not write ${path}: ${errorMessage(err)}`, {
          cause: err
        })
  } finally {
    job.ring.abort()
    await reading
    // Not awaited: the threads wind down while the next phase starts.
    void job.workers.close()
    records.discard()
  }
}

/** Reading stopped: units not ready by now never will be. */
function stop(job: Job, error: unknown): void {
  job.failed ??= { error }
  notify(job, -1)
  for (const u of job.units.values()) {
    if (u.kind === 'large') for (const p of u.pieces) p.reject(error)
  }
}

async function startJob(
  sorted: EntryTable,
  path: string,
  level: number,
  opts: ZipOptions
): Promise<Job> {
  // At least the largest region: a chunk, its dictionary and its room.
  const budget = Math.max(
    opts.memoryBudgetBytes ?? DEFAULT_BUDGET,
    DICT_BYTES + CHUNK_BYTES + roomFor(CHUNK_BYTES)
  )
  const workers = Math.max(1, opts.workers ?? availableParallelism())
  // Sizes are not asked for here: they may not have been read yet (entry-table.ts).
  const inline = opts.smallFilesInline ?? sorted.length < INLINE_BELOW
  const ring = new MemoryRing(budget)
  const out = await ArchiveOutput.create(path)
  const job: Omit<Job, 'workers'> & Partial<Pick<Job, 'workers'>> = {
    entries: sorted,
    units: new Map(),
    small: new SmallSlots(),
    smallCount: 0,
    out,
    ring,
    // A file written whole holds about twice its size of the ring at once.
    streamAbove: Math.max(
      2 * PROBE_BYTES,
      Math.min(STREAM_ABOVE, Math.floor(budget / 8))
    ),
    waitingFor: -1,
    collect: opts.collect ?? (() => {})
  }
  const full = job as Job
  job.workers = new DeflateWorkers(
    ring.buf,
    level,
    workers,
    inline ? 0 : workers,
    (o) => settle(full, o),
    (err) => stop(full, err)
  )
  return full
}

/**
 * The archive writeZip would make of `entries`, as far as it is known
 * without compressing (one pass): the exact unzipped size, count and names,
 * and for its size an upper bound (an entry is stored when deflate does not
 * pay, so it never takes much more than its size plus its headers). No
 * path and no SHA-256.
 */
export function listedArchive(entries: EntryList): ArchiveInfo {
  const sorted = EntryTable.of(entries)
  let size = 22 + 56 + 20 + 0xffff
  let unzippedSize = 0
  for (const e of sorted) {
    const name = Buffer.byteLength(e.name, 'utf8')
    // Headers with ZIP64 extras, plus deflate's worst case per 16 KiB block.
    size +=
      e.size + 30 + 46 + 2 * name + 48 + 5 * Math.ceil(e.size / 16384) + 64
    unzippedSize += e.size
  }
  return {
    path: '',
    size,
    sha256: '',
    unzippedSize,
    entryCount: sorted.length,
    names: sorted.nameList()
  }
}
