import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import { PackagingError, errorMessage } from '../errors.js'
import { ArchiveOutput } from './archive-output.js'
import { centralDirectory } from './central-directory.js'
import { DeflateEngine, PROBE_BYTES } from './deflate-engine.js'
import { writeUnits } from './entry-writer.js'
import { FilesDigest, fingerprintComment } from './fingerprint.js'
import { MemoryRing } from './memory-ring.js'
import type { ArchiveInfo, ZipEntrySource } from './types.js'
import { notify, planUnits, readAhead, type Job } from './zip-units.js'
import { archiveOrder } from './zip-records.js'

export interface ZipOptions {
  /** zlib level, 1–9. Default 6, Info-ZIP's. */
  level?: number
  /**
   * Chunks of large files compressed at once (on libuv's thread pool).
   * Default: one per core, the pool's size as src/index.ts sets it (more
   * would only wait in the pool's queue, each holding a deflate state).
   * Does not change the bytes.
   */
  concurrency?: number
  /** Bytes of file data (read plus compressed) in flight. Default 16 MiB. */
  memoryBudgetBytes?: number
}

const DEFAULT_BUDGET = 16 * 1024 * 1024
const DEFAULT_CONCURRENCY = Math.max(2, availableParallelism())
// Larger files are written as they are compressed, their local header
// patched afterwards; smaller ones wait until the whole file is ready.
const STREAM_ABOVE = 2 * 1024 * 1024

/**
 * Writes `entries` as a deterministic zip at `outPath`.
 *
 * Files are read ahead of the writer, within a fixed memory budget, and
 * compressed on libuv's thread pool; entries are written strictly in name
 * order. An entry of up to 2 MiB (or a quarter of the budget) is written
 * with its CRC and sizes in the local header (as Info-ZIP does); a larger
 * one is written as its chunks come and its local header rewritten in place
 * once known, so the bytes are the same either way and no data descriptor is
 * needed. The SHA-256 is computed while writing; only a rewritten entry is
 * hashed by reading it back from the output.
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
  const sorted = archiveOrder(entries)
  const path = resolve(outPath)
  const job = await startJob(sorted, path, level, opts)
  const digest = new FilesDigest(level)
  const reading = readAhead(sorted, job, digest).catch((error: unknown) => {
    job.failed = { error }
    notify(job, -1)
    for (const u of job.units) {
      if (u.kind === 'large') for (const p of u.pieces) p.reject(error)
    }
  })
  try {
    const records = await writeUnits(job)
    // Every file has been read (and digested) once the last one is written.
    await reading
    const filesSha256 = digest.hex()
    const { out } = job
    const comment = fingerprintComment(filesSha256)
    await out.append(centralDirectory(records, out.pos, comment))
    const { size, sha256 } = await out.finish()
    return {
      path,
      size,
      sha256,
      unzippedSize: records.reduce((sum, w) => sum + w.size, 0),
      entryCount: records.length,
      names: sorted.map((e) => e.name),
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
    job.engine.close()
  }
}

async function startJob(
  sorted: ZipEntrySource[],
  path: string,
  level: number,
  opts: ZipOptions
): Promise<Job> {
  const budget = Math.max(opts.memoryBudgetBytes ?? DEFAULT_BUDGET, 1 << 20)
  const concurrency = Math.max(1, opts.concurrency ?? DEFAULT_CONCURRENCY)
  return {
    units: planUnits(sorted),
    out: await ArchiveOutput.create(path),
    ring: new MemoryRing(budget),
    engine: new DeflateEngine(level, concurrency),
    // A file written whole holds about twice its size of the ring at once.
    streamAbove: Math.max(
      2 * PROBE_BYTES,
      Math.min(STREAM_ABOVE, Math.floor(budget / 8))
    ),
    waitingFor: -1
  }
}

/**
 * An upper bound on the size of the archive writeZip makes of `entries`,
 * known without compressing: an entry is stored when deflate does not pay,
 * so it never takes much more than its size plus its headers.
 */
export function maxArchiveSize(entries: ZipEntrySource[]): number {
  let total = 22 + 56 + 20 + 0xffff
  for (const e of entries) {
    const name = Buffer.byteLength(e.name, 'utf8')
    // Headers with ZIP64 extras, plus deflate's worst case per 16 KiB block.
    total +=
      e.size + 30 + 46 + 2 * name + 48 + 5 * Math.ceil(e.size / 16384) + 64
  }
  return total
}
