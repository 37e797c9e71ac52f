import { createHash, type Hash } from 'node:crypto'
import { readRange } from './source-files.js'
import type { ZipEntrySource } from './types.js'
import { EntryTable } from './entry-table.js'

/*
 * The files' fingerprint, stored in the archive's comment, lets a re-run
 * learn that the newest layer version already holds these exact files by
 * reading a few hundred bytes of it, instead of building the archive again
 * to compare SHA-256s. The archive is a pure function of the entries (names,
 * modes, bytes), the compression level and the writer's format; the format
 * version below changes whenever the writer's bytes would, so equal
 * fingerprints mean equal archives.
 */
export const ZIP_FORMAT = 1
const COMMENT = /^publish-layer\/(\d+) files-sha256=([0-9a-f]{64})$/

/** The archive comment that carries a fingerprint. */
export function fingerprintComment(filesSha256: string): string {
  return `publish-layer/${ZIP_FORMAT} files-sha256=${filesSha256}`
}

/**
 * SHA-256 over the entries as the writer stores them, in archive order:
 * a header naming the format and level, then per entry its name, mode,
 * size and bytes (a link's bytes are its text). Names hold no NUL and the
 * size fixes where each entry's bytes end, so the stream is unambiguous.
 */
export class FilesDigest {
  private readonly hash: Hash = createHash('sha256')

  constructor(level: number) {
    this.hash.update(`publish-layer/${ZIP_FORMAT} level=${level}\n`)
  }

  entry(e: ZipEntrySource): void {
    const type = e.kind === 'symlink' ? 0o120000 : 0o100000
    this.hash.update(`${e.name}\0${(type | e.mode).toString(8)}\0${e.size}\0`)
  }

  data(bytes: Uint8Array): void {
    this.hash.update(bytes)
  }

  hex(): string {
    return this.hash.digest('hex')
  }
}

const READ_BYTES = 1024 * 1024

/**
 * The fingerprint writeZip would store for `entries`, without building the
 * archive: every file read once, as the writer reads it (the page cache
 * makes this cheap beside deflate).
 */
export function digestFiles(
  entries: Iterable<ZipEntrySource>,
  level = 6
): string {
  const digest = new FilesDigest(level)
  const buf = Buffer.allocUnsafe(READ_BYTES)
  for (const e of EntryTable.of(entries)) {
    digest.entry(e)
    if (e.kind === 'symlink') {
      digest.data(Buffer.from(e.linkTarget ?? '', 'utf8'))
      continue
    }
    for (let start = 0; start < e.size || start === 0; start += READ_BYTES) {
      const end = Math.min(e.size, start + READ_BYTES)
      digest.data(readRange(e, start, end, end === e.size, buf))
      if (end === e.size) break
    }
  }
  return digest.hex()
}

/** The fingerprint a zip comment carries, if it is of our format. */
export function fingerprintInComment(comment: string): string | undefined {
  const m = COMMENT.exec(comment)
  return m && Number(m[1]) === ZIP_FORMAT ? m[2] : undefined
}

/**
 * Where the end-of-central-directory record starts in `b`, the last bytes of
 * a zip: the last signature whose comment fits in what follows. -1 if none.
 */
export function findEndRecord(b: Buffer): number {
  for (let at = b.length - 22; at >= 0; at--) {
    if (
      b.readUInt32LE(at) === 0x06054b50 &&
      at + 22 + b.readUInt16LE(at + 20) <= b.length
    ) {
      return at
    }
  }
  return -1
}

/**
 * The fingerprint in the comment of a zip whose last bytes are `tail`
 * (at least the end-of-central-directory record and the comment), or
 * undefined when there is none of our format.
 */
export function fingerprintOf(tail: Uint8Array): string | undefined {
  const b = Buffer.from(tail.buffer, tail.byteOffset, tail.byteLength)
  const at = findEndRecord(b)
  // The comment must end the archive.
  if (at < 0 || at + 22 + b.readUInt16LE(at + 20) !== b.length) return undefined
  return fingerprintInComment(b.toString('latin1', at + 22))
}

/** Bytes to fetch from the end of an archive to read its fingerprint. */
export const FINGERPRINT_TAIL_BYTES =
  22 + fingerprintComment('0'.repeat(64)).length
