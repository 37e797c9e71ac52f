/**
 * Whole reads and writes at a position on an open file descriptor, which
 * a single readSync or writeSync may do only in part.
 */
import { readSync, writeSync } from 'node:fs'

export function writeFully(fd: number, data: Uint8Array, at: number): void {
  for (let done = 0; done < data.length;) {
    done += writeSync(fd, data, done, data.length - done, at + done)
  }
}

/** Fills `into` from `at`; returns the bytes read, fewer only at the file's end. */
export function readFully(fd: number, into: Uint8Array, at: number): number {
  let got = 0
  for (let n = -1; got < into.length && n !== 0; got += n) {
    n = readSync(fd, into, got, into.length - got, at + got)
  }
  return got
}
