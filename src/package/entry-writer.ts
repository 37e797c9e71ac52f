import * as zlib from 'node:zlib'
import { PackagingError } from '../errors.js'
import type { ArchiveOutput } from './archive-output.js'
import type { CentralRecords } from './central-directory.js'
import type { Piece } from './deflate-format.js'
import type { FilesDigest } from './fingerprint.js'
import type { MemoryRing } from './memory-ring.js'
import { changedError, copyFile } from './source-files.js'
import type { ZipEntrySource } from './types.js'
import {
  piece,
  SMALL,
  type Job,
  type LargeUnit,
  type Unit
} from './zip-units.js'
import { entryRecord, localHeader, type EntryRecord } from './zip-records.js'

/** Entries written between two collections of the heap (ZipOptions.collect). */
const COLLECT_EVERY = 8192

/**
 * Writes the units in order as their pieces come, and feeds the fingerprint
 * each entry's bytes as read; returns the central directory's records.
 */
export async function writeUnits(
  job: Job,
  digest: FilesDigest,
  records: CentralRecords
): Promise<void> {
  const { units, out, ring } = job
  for (let i = 0; i < job.entries.length; i++) {
    // Awaited only when not ready: a promise per entry is garbage per entry.
    const unit = readyNow(job, i) ?? (await ready(job, i))
    // Made again here: small files' units are numbers (small-slots.ts).
    const entry =
      unit.kind === 'small' ? (job.entries.at(i) as ZipEntrySource) : unit.entry
    digest.entry(entry)
    if (unit.kind === 'link') {
      const { entry, data } = unit
      digest.data(data)
      const w = entryRecord(entry, 0, zlib.crc32(data), data.length, out.pos)
      w.compressedSize = data.length
      await out.append(localHeader(w))
      await out.append(data)
      records.add(w)
    } else if (unit.kind === 'small') {
      const s = job.small.get(i)
      const p = piece(ring, s.at, s.size, s)
      digest.data(p.raw)
      const w = entryRecord(entry, p.method, p.crc, p.size, out.pos)
      w.compressedSize = p.data.length
      const header = localHeader(w)
      if (!out.tryAppend(header)) await out.append(header)
      if (!out.tryAppend(p.data)) await out.append(p.data)
      ring.release()
      records.add(w)
    } else if (unit.entry.size > job.streamAbove) {
      records.add(await writeStreamed(unit, out, ring, digest))
    } else {
      records.add(await writeWhole(unit, out, ring, digest))
    }
    // Written units let go of their buffers (a settled promise keeps its value).
    units.delete(i)
    job.small.remove(i)
    // At 70,000 files the main heap's old space grew by 1.5 MiB between
    // V8's own full collections; collected this often, by ~0.3 MiB, for
    // eight collections of 7-18 ms (bench/README.md, "Ninth pass").
    if ((i + 1) % COLLECT_EVERY === 0) job.collect()
  }
}

/** Unit `i` if the reader has made it, and settled it if it is small. */
function readyNow(job: Job, i: number): Unit | undefined {
  if (job.small.has(i)) {
    if (job.small.ready(i)) return SMALL
  } else {
    const unit = job.units.get(i)
    if (unit) return unit
  }
  if (job.failed) throw job.failed.error
  return undefined
}

/** Unit `i` once it is ready (readyNow). */
async function ready(job: Job, i: number): Promise<Unit> {
  job.waitingFor = i
  for (;;) {
    const unit = readyNow(job, i)
    if (unit) return unit
    await new Promise<void>((r) => (job.wake = r))
  }
}

/** All pieces first, then the entry with its sizes known. */
async function writeWhole(
  unit: LargeUnit,
  out: ArchiveOutput,
  ring: MemoryRing,
  digest: FilesDigest
): Promise<EntryRecord> {
  const e = unit.entry
  const pieces: Piece[] = []
  let crc = 0
  for (const d of unit.pieces) {
    const p = await d.promise
    digest.data(p.raw)
    crc = zlib.crc32(p.raw, crc)
    pieces.push(p)
  }
  let size = 0
  let compressedSize = 0
  for (const p of pieces) {
    size += p.size
    compressedSize += p.data.length
  }
  if (size !== e.size) throw changedError(e)
  const first = pieces[0] as Piece
  const w = entryRecord(e, first.method, crc, size, out.pos)
  // Deflate did not pay off over the whole file: store it.
  if (w.method === 8 && compressedSize >= size) w.method = 0
  w.compressedSize = w.method === 0 ? size : compressedSize
  await out.append(localHeader(w))
  // Stored after all (deflate did not pay over the whole file): the bytes
  // as read, still in the ring.
  for (const p of pieces) await out.append(w.method === 8 ? p.data : p.raw)
  for (let i = 0; i < pieces.length; i++) ring.release()
  return w
}

async function writeStreamed(
  unit: LargeUnit,
  out: ArchiveOutput,
  ring: MemoryRing,
  digest: FilesDigest
): Promise<EntryRecord> {
  const e = unit.entry
  await out.pauseHash()
  const w = entryRecord(e, 8, 0, e.size, out.pos)
  const headerLength = localHeader(w).length
  await out.append(Buffer.alloc(headerLength))
  const dataStart = out.pos
  let done = 0
  for (const d of unit.pieces) {
    const p = await d.promise
    digest.data(p.raw)
    if (done === 0) w.method = p.method
    w.crc = zlib.crc32(p.raw, w.crc)
    done += p.size
    w.compressedSize += p.data.length
    await out.append(p.data)
    ring.release()
  }
  if (done !== e.size) throw changedError(e)
  if (w.method === 8 && w.compressedSize >= w.size) {
    // Deflate did not pay off over the whole file: store it, as a file that
    // fits in memory would have been.
    await out.rewind(dataStart)
    await copyFile(e, out)
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
