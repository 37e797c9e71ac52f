import * as fs from 'node:fs'
import { open } from 'node:fs/promises'
import { PackagingError, errorMessage } from '../errors.js'
import type { ArchiveOutput } from './archive-output.js'
import type { ZipEntrySource } from './types.js'
import { readItem } from './worker-batch.js'

// A file swapped for a link after selection must not be followed out of the base.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0)
const COPY_BYTES = 1024 * 1024

export function changedError(e: ZipEntrySource): PackagingError {
  return new PackagingError(
    `${e.name} (${e.sourcePath}) changed size while being packaged`
  )
}

export function cannotRead(e: ZipEntrySource, err: unknown): PackagingError {
  return new PackagingError(
    `cannot read ${e.name} (${e.sourcePath}): ${errorMessage(err)}`,
    { cause: err }
  )
}

/**
 * Reads exactly [start, end) of an entry's file into the start of `into`;
 * `checkEof` also proves nothing follows (the size is the selected one), as
 * the deflate workers read (worker-batch.ts readItem).
 */
export function readRange(
  e: ZipEntrySource,
  start: number,
  end: number,
  checkEof: boolean,
  into: Buffer
): Buffer {
  const length = end - start
  let complete: boolean
  try {
    complete = readItem(fs, e.sourcePath, into, length, start, checkEof)
  } catch (err) {
    throw cannotRead(e, err)
  }
  if (!complete) throw changedError(e)
  return into.subarray(0, length)
}

/** Appends the entry's file to `out` as it is (a stored entry's data). */
export async function copyFile(
  e: ZipEntrySource,
  out: ArchiveOutput
): Promise<void> {
  const fh = await open(e.sourcePath, OPEN_FLAGS)
  // One buffer: `append` copies it or has written it before it resolves.
  const buf = Buffer.allocUnsafe(Math.min(COPY_BYTES, e.size))
  try {
    for (let pos = 0; pos < e.size;) {
      const want = Math.min(buf.length, e.size - pos)
      const { bytesRead } = await fh.read(buf, 0, want, pos)
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
