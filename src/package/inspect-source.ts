/*
 * An entry's uncompressed bytes inside a given zip, as a ByteSource for the
 * ELF reader (checks/native-scan.ts). Stored entries are read in place with
 * bounded positional reads; deflated ones are inflated once, and no further
 * than `maxBytes`, so a huge or hostile entry costs at most that much memory.
 */
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { createInflateRaw } from 'node:zlib'
import type { ByteSource } from '../checks/byte-source.js'
import type { InspectedEntry } from './inspect-types.js'

/** The shape a default cap would have: ELF headers and tables sit early. */
export const ENTRY_SOURCE_MAX_BYTES = 32 * 1024 * 1024

export function entrySource(
  zipPath: string,
  entry: InspectedEntry,
  maxBytes: number = ENTRY_SOURCE_MAX_BYTES
): ByteSource {
  if (entry.method === 0) return storedSource(zipPath, entry)
  if (entry.method === 8) return inflatedSource(zipPath, entry, maxBytes)
  // Another method cannot be read here: every read comes back short.
  return { size: entry.size, read: () => Promise.resolve(new Uint8Array(0)) }
}

/**
 * Each read opens the archive for itself: a ByteSource has no close, and
 * the ELF reader's reads go through a one-block cache, so they are few.
 */
function storedSource(zipPath: string, entry: InspectedEntry): ByteSource {
  const size = entry.size
  return {
    size,
    async read(offset, length) {
      const n = Math.max(0, Math.min(length, size - offset))
      if (n === 0 || offset < 0) return new Uint8Array(0)
      const handle = await open(zipPath, 'r')
      try {
        const buffer = Buffer.allocUnsafe(n)
        const at = entry.dataOffset + offset
        const { bytesRead } = await handle.read(buffer, 0, n, at)
        return buffer.subarray(0, bytesRead)
      } finally {
        await handle.close()
      }
    }
  }
}

function inflatedSource(
  zipPath: string,
  entry: InspectedEntry,
  maxBytes: number
): ByteSource {
  let bytes: Promise<Buffer> | undefined
  return {
    size: entry.size,
    async read(offset, length) {
      bytes ??= inflatePrefix(zipPath, entry, Math.min(maxBytes, entry.size))
      const all = await bytes
      if (offset < 0) return new Uint8Array(0)
      return all.subarray(offset, offset + length)
    }
  }
}

/** The first `limit` uncompressed bytes of a deflated entry. */
async function inflatePrefix(
  zipPath: string,
  entry: InspectedEntry,
  limit: number
): Promise<Buffer> {
  if (limit <= 0 || entry.compressedSize === 0) return Buffer.alloc(0)
  const input = createReadStream(zipPath, {
    start: entry.dataOffset,
    end: entry.dataOffset + entry.compressedSize - 1
  })
  const inflate = createInflateRaw()
  input.on('error', (err) => inflate.destroy(err))
  input.pipe(inflate)
  const chunks: Buffer[] = []
  let total = 0
  try {
    for await (const chunk of inflate as AsyncIterable<Buffer>) {
      chunks.push(chunk)
      total += chunk.length
      if (total >= limit) break
    }
  } finally {
    input.destroy()
    inflate.destroy()
  }
  return Buffer.concat(chunks, Math.min(total, limit))
}
