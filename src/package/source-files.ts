import {
  closeSync,
  constants as fsConstants,
  openSync,
  readSync
} from 'node:fs'
import { open } from 'node:fs/promises'
import { PackagingError, errorMessage } from '../errors.js'
import type { ArchiveOutput } from './archive-output.js'
import type { ZipEntrySource } from './types.js'

// A file swapped for a link after selection must not be followed out of the base.
const OPEN_FLAGS = fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0)
const ONE_BYTE = Buffer.alloc(1)
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
 * `checkEof` also proves nothing follows (the size is the selected one).
 * When `into` has a byte to spare, the read asks for one byte more than
 * the range: a regular file reads short only at its end, so one call both
 * fills the range and proves the end (a call per file counts, on a machine
 * where system calls are slow).
 */
export function readRange(
  e: ZipEntrySource,
  start: number,
  end: number,
  checkEof: boolean,
  into: Buffer
): Buffer {
  const length = end - start
  let fd: number
  try {
    fd = openSync(e.sourcePath, OPEN_FLAGS)
  } catch (err) {
    throw cannotRead(e, err)
  }
  try {
    const spare = checkEof && into.length > length
    const want = spare ? length + 1 : length
    let got = 0
    for (let n = -1; got < length && n !== 0; got += n) {
      n = readSync(fd, into, got, want - got, start + got)
    }
    if (got !== length) throw changedError(e)
    if (checkEof && !spare && readSync(fd, ONE_BYTE, 0, 1, end) !== 0) {
      throw changedError(e)
    }
    return into.subarray(0, length)
  } catch (err) {
    if (err instanceof PackagingError) throw err
    throw cannotRead(e, err)
  } finally {
    closeSync(fd)
  }
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
