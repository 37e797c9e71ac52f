import * as zlib from 'node:zlib'
import { PackagingError } from '../errors.js'
import type { ArchiveOutput } from './archive-output.js'
import type { Piece } from './deflate-engine.js'
import type { MemoryRing } from './memory-ring.js'
import { changedError, copyFile } from './source-files.js'
import {
  DONE,
  type Job,
  type LargeUnit,
  type SmallUnit,
  type Unit
} from './zip-units.js'
import { entryRecord, localHeader, type EntryRecord } from './zip-records.js'

/** Writes the units in order as their pieces come; their records for the directory. */
export async function writeUnits(job: Job): Promise<EntryRecord[]> {
  const { units, out, ring } = job
  const records: EntryRecord[] = []
  for (let i = 0; i < units.length; i++) {
    const unit = units[i] as Unit
    if (unit.kind === 'done') continue
    if (unit.kind === 'link') {
      const { entry, data } = unit
      const w = entryRecord(entry, 0, zlib.crc32(data), data.length, out.pos)
      w.compressedSize = data.length
      await out.append(localHeader(w))
      await out.append(data)
      records.push(w)
    } else if (unit.kind === 'small') {
      const p = unit.piece ?? (await smallPiece(job, i, unit))
      const w = entryRecord(unit.entry, p.method, p.crc, p.size, out.pos)
      w.compressedSize = p.data.length
      const header = localHeader(w)
      if (!out.tryAppend(header)) await out.append(header)
      if (!out.tryAppend(p.data)) await out.append(p.data)
      ring.release()
      records.push(w)
    } else if (unit.entry.size > job.streamAbove) {
      records.push(await writeStreamed(unit, out, ring))
    } else {
      records.push(await writeWhole(unit, out, ring))
    }
    // Written units let go of their buffers (a settled promise keeps its value).
    units[i] = DONE
  }
  return records
}

/** Waits for the reader to settle small unit `i`. */
async function smallPiece(
  job: Job,
  i: number,
  unit: SmallUnit
): Promise<Piece> {
  job.waitingFor = i
  for (;;) {
    if (unit.piece) return unit.piece
    if (unit.error !== undefined) throw unit.error
    if (job.failed) throw job.failed.error
    await new Promise<void>((r) => (job.wake = r))
  }
}

/** All pieces first, then the entry with its sizes known. */
async function writeWhole(
  unit: LargeUnit,
  out: ArchiveOutput,
  ring: MemoryRing
): Promise<EntryRecord> {
  const e = unit.entry
  const pieces: Piece[] = []
  for (const d of unit.pieces) pieces.push(await d.promise)
  let size = 0
  let compressedSize = 0
  for (const p of pieces) {
    size += p.size
    compressedSize += p.data.length
  }
  if (size !== e.size) throw changedError(e)
  const crc = (pieces.at(-1) as Piece).crc
  const first = pieces[0] as Piece
  const w = entryRecord(e, first.method, crc, size, out.pos)
  // Deflate did not pay off over the whole file: store it.
  if (w.method === 8 && compressedSize >= size) w.method = 0
  w.compressedSize = w.method === 0 ? size : compressedSize
  await out.append(localHeader(w))
  if (w.method === 8 || first.method === 0) {
    for (const p of pieces) await out.append(p.data)
  } else {
    await copyFile(e, out)
  }
  for (let i = 0; i < pieces.length; i++) ring.release()
  return w
}

async function writeStreamed(
  unit: LargeUnit,
  out: ArchiveOutput,
  ring: MemoryRing
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
    if (done === 0) w.method = p.method
    w.crc = p.crc
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
