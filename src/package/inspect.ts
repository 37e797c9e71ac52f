import { createHash } from 'node:crypto'
import { open, type FileHandle } from 'node:fs/promises'
import { resolve } from 'node:path'
import { InputError, errorMessage } from '../errors.js'
import { findEndRecord, fingerprintInComment } from './fingerprint.js'
import type { ArchiveInfo } from './types.js'

const EOCD64_SIG = 0x06064b50
const LOCATOR_SIG = 0x07064b50
const CENTRAL_SIG = 0x02014b50
const LOCAL_SIG = 0x04034b50
const MAX16 = 0xffff
const MAX32 = 0xffffffff
const READ_BYTES = 1024 * 1024

class NotZip extends Error {}

interface Central {
  /** The archive comment (ours carries the files' fingerprint). */
  comment: string
  names: string[]
  offsets: number[]
  unzippedSize: number
}

/**
 * Facts about a ready zip (the `zip-file` input), and a check that a layer
 * extracted from it stays inside the layer root.
 *
 * The central directory is parsed here, with bounded reads, rather than by
 * adm-zip: adm-zip reads the whole archive into memory, and a layer archive
 * may be 250 MB. The one full pass over the file computes the SHA-256 and
 * confirms that every entry's local header is where the directory says.
 */
export async function inspectZip(path: string): Promise<ArchiveInfo> {
  const abs = resolve(path)
  let fh: FileHandle
  let size: number
  try {
    fh = await open(abs, 'r')
    const st = await fh.stat()
    if (!st.isFile()) {
      await fh.close()
      throw new Error('not a regular file')
    }
    size = st.size
  } catch (err) {
    throw new InputError(
      'zip-file',
      `file not found: ${abs} (${errorMessage(err)})`,
      { cause: err }
    )
  }
  try {
    const central = await readCentral(fh, size)
    for (const name of central.names) checkName(name)
    const sha256 = await hashAndCheck(fh, size, central.offsets)
    const names = [...central.names].sort((a, b) =>
      Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
    )
    const filesSha256 = fingerprintInComment(central.comment)
    return {
      path: abs,
      size,
      sha256,
      unzippedSize: central.unzippedSize,
      entryCount: names.length,
      names,
      ...(filesSha256 !== undefined && { filesSha256 })
    }
  } catch (err) {
    if (err instanceof NotZip) {
      throw new InputError(
        'zip-file',
        `is not a readable zip archive: ${abs} (${err.message})`,
        { cause: err }
      )
    }
    if (err instanceof InputError) throw err
    throw new InputError(
      'zip-file',
      `is not a readable zip archive: ${abs} (${errorMessage(err)})`,
      { cause: err }
    )
  } finally {
    await fh.close().catch(() => undefined)
  }
}

function checkName(name: string): void {
  const unsafe =
    name === '' ||
    name.includes('\\') ||
    name.includes('\0') ||
    name.startsWith('/') ||
    /^[A-Za-z]:/.test(name) ||
    name.split('/').some((s) => s === '..')
  if (unsafe) {
    throw new InputError(
      'zip-file',
      `entry "${name}" would extract outside the layer root`
    )
  }
}

async function readAt(
  fh: FileHandle,
  at: number,
  length: number
): Promise<Buffer> {
  const buf = Buffer.alloc(length)
  let got = 0
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, at + got)
    if (bytesRead === 0) throw new NotZip('truncated')
    got += bytesRead
  }
  return buf
}

async function readCentral(fh: FileHandle, size: number): Promise<Central> {
  if (size < 22) throw new NotZip('too short')
  const tailLength = Math.min(size, 22 + MAX16)
  const tailStart = size - tailLength
  const tail = await readAt(fh, tailStart, tailLength)
  const eocd = findEndRecord(tail)
  if (eocd < 0) throw new NotZip('no end of central directory record')
  const comment = tail.toString(
    'latin1',
    eocd + 22,
    eocd + 22 + tail.readUInt16LE(eocd + 20)
  )
  let count = tail.readUInt16LE(eocd + 10)
  let cdSize = tail.readUInt32LE(eocd + 12)
  let cdOffset = tail.readUInt32LE(eocd + 16)
  const eocdAt = tailStart + eocd
  let cdEnd = eocdAt
  if (count === MAX16 || cdSize === MAX32 || cdOffset === MAX32) {
    if (eocdAt >= 20) {
      const loc = await readAt(fh, eocdAt - 20, 20)
      if (loc.readUInt32LE(0) === LOCATOR_SIG) {
        const at = Number(loc.readBigUInt64LE(8))
        if (at + 56 > eocdAt) throw new NotZip('bad ZIP64 locator')
        const rec = await readAt(fh, at, 56)
        if (rec.readUInt32LE(0) !== EOCD64_SIG) {
          throw new NotZip('bad ZIP64 end of central directory')
        }
        count = Number(rec.readBigUInt64LE(32))
        cdSize = Number(rec.readBigUInt64LE(40))
        cdOffset = Number(rec.readBigUInt64LE(48))
        cdEnd = at
      }
    }
  }
  if (cdOffset + cdSize > cdEnd) {
    throw new NotZip('central directory lies outside the file')
  }
  const cd = await readAt(fh, cdOffset, cdSize)
  const names: string[] = []
  const offsets: number[] = []
  let unzippedSize = 0
  let p = 0
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL_SIG) {
      throw new NotZip(`central directory record ${n + 1} is damaged`)
    }
    const flags = cd.readUInt16LE(p + 8)
    let usize = cd.readUInt32LE(p + 24)
    let csize = cd.readUInt32LE(p + 20)
    const nameLength = cd.readUInt16LE(p + 28)
    const extraLength = cd.readUInt16LE(p + 30)
    const commentLength = cd.readUInt16LE(p + 32)
    let offset = cd.readUInt32LE(p + 42)
    const end = p + 46 + nameLength + extraLength + commentLength
    if (end > cd.length)
      throw new NotZip(`central directory record ${n + 1} is damaged`)
    const name = cd.toString('utf8', p + 46, p + 46 + nameLength)
    const extra = cd.subarray(
      p + 46 + nameLength,
      p + 46 + nameLength + extraLength
    )
    for (let x = 0; x + 4 <= extra.length;) {
      const id = extra.readUInt16LE(x)
      const len = extra.readUInt16LE(x + 2)
      if (id === 0x0001) {
        let y = x + 4
        const next = (): number => {
          if (y + 8 > x + 4 + len)
            throw new NotZip(`bad ZIP64 field for ${name}`)
          const v = Number(extra.readBigUInt64LE(y))
          y += 8
          return v
        }
        if (usize === MAX32) usize = next()
        if (csize === MAX32) csize = next()
        if (offset === MAX32) offset = next()
      }
      x += 4 + len
    }
    if (flags & 1) {
      throw new InputError(
        'zip-file',
        `entry "${name}" is encrypted; a layer cannot be extracted from it`
      )
    }
    if (offset + 30 > cdOffset) {
      throw new NotZip(`entry "${name}" points outside the archive data`)
    }
    names.push(name)
    offsets.push(offset)
    unzippedSize += usize
    p = end
  }
  if (names.length === 0 && cdSize !== 0) throw new NotZip('empty directory')
  return { comment, names, offsets, unzippedSize }
}

/** SHA-256 of the whole file; checks local header signatures on the way. */
async function hashAndCheck(
  fh: FileHandle,
  size: number,
  offsets: number[]
): Promise<string> {
  const sorted = Float64Array.from(offsets).sort()
  const hash = createHash('sha256')
  const buf = Buffer.allocUnsafe(READ_BYTES)
  let carry = Buffer.alloc(0)
  let k = 0
  for (let at = 0; at < size;) {
    const { bytesRead } = await fh.read(
      buf,
      0,
      Math.min(READ_BYTES, size - at),
      at
    )
    if (bytesRead === 0) throw new NotZip('truncated')
    const chunk = buf.subarray(0, bytesRead)
    hash.update(chunk)
    const view = carry.length ? Buffer.concat([carry, chunk]) : chunk
    const viewStart = at - carry.length
    const viewEnd = at + bytesRead
    while (k < sorted.length && (sorted[k] as number) + 4 <= viewEnd) {
      const o = sorted[k] as number
      if (view.readUInt32LE(o - viewStart) !== LOCAL_SIG) {
        throw new NotZip(`no local header at offset ${o}`)
      }
      k++
    }
    carry = Buffer.from(view.subarray(Math.max(0, view.length - 3)))
    at += bytesRead
  }
  if (k < sorted.length) throw new NotZip('truncated')
  return hash.digest('hex')
}
