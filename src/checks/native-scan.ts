/**
 * Finds the layer's ELF files and reads their facts. Only files a loader
 * could load are read: named like a shared object or Node addon, or marked
 * executable. That skips the bulk of a layer (source, data, metadata) with
 * no system call, which keeps this check a small share of packaging time.
 */
import { closeSync, fstatSync, openSync } from 'node:fs'
import { mapLimit } from '../util/concurrency.js'
import { fdSource, type ByteSource } from './byte-source.js'
import { readElf } from './elf.js'
import type { NativeFile } from './native.js'

/** A file of the layer and a way to read it, whatever the archive's origin. */
export interface LayerFile {
  /** Name inside the archive. */
  name: string
  /** Unix permission bits. */
  mode: number
  /** Opens the file's uncompressed bytes; the caller closes via `close`. */
  open(): Promise<{ source: ByteSource; close(): Promise<void> }>
}

const LOADABLE_NAME = /\.so(\.\d+)*$|\.node$/

export function mayBeElf(file: Pick<LayerFile, 'name' | 'mode'>): boolean {
  return LOADABLE_NAME.test(file.name) || (file.mode & 0o111) !== 0
}

/** A file on disk, as selected for packaging (read synchronously: fdSource). */
export function diskFile(name: string, mode: number, path: string): LayerFile {
  return {
    name,
    mode,
    async open() {
      const fd = openSync(path, 'r')
      try {
        const { size } = fstatSync(fd)
        const close = (): Promise<void> => Promise.resolve(closeSync(fd))
        return { source: fdSource(fd, size), close }
      } catch (err) {
        closeSync(fd)
        throw err
      }
    }
  }
}

/** The ELF facts of every file that may be one; unreadable files are skipped. */
export async function scanNative(
  files: readonly LayerFile[]
): Promise<NativeFile[]> {
  const found = await mapLimit(files.filter(mayBeElf), 8, async (file) => {
    try {
      const { source, close } = await file.open()
      try {
        const elf = await readElf(source)
        return elf && { path: file.name, elf }
      } finally {
        await close()
      }
    } catch {
      // Packaging reports unreadable files; this check only warns.
      return undefined
    }
  })
  return found.filter((f): f is NativeFile => f !== undefined)
}
