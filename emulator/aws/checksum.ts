/**
 * The flexible checksums S3 accepts (`x-amz-checksum-<algorithm>`), base64 of
 * the big-endian digest, and the MD5 ETags.
 */
import { createHash } from 'node:crypto'
import { crc32 as zlibCrc32 } from 'node:zlib'

export type ChecksumAlgorithm =
  'crc32' | 'crc32c' | 'crc64nvme' | 'sha1' | 'sha256'
export const CHECKSUM_ALGORITHMS: ChecksumAlgorithm[] = [
  'crc32',
  'crc32c',
  'crc64nvme',
  'sha1',
  'sha256'
]

export function isChecksumAlgorithm(v: string): v is ChecksumAlgorithm {
  return (CHECKSUM_ALGORITHMS as string[]).includes(v)
}

let crc32cTable: Uint32Array | undefined
function crc32c(data: Buffer): number {
  if (!crc32cTable) {
    crc32cTable = new Uint32Array(256)
    for (let n = 0; n < 256; n++) {
      let c = n
      for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1
      crc32cTable[n] = c >>> 0
    }
  }
  let crc = 0xffffffff
  for (let i = 0; i < data.length; i++) {
    crc = crc32cTable[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8)
  }
  return (crc ^ 0xffffffff) >>> 0
}

let crc64Table: BigUint64Array | undefined
function crc64nvme(data: Buffer): bigint {
  const mask = 0xffffffffffffffffn
  if (!crc64Table) {
    crc64Table = new BigUint64Array(256)
    const poly = 0x9a6c9329ac4bc9b5n
    for (let n = 0; n < 256; n++) {
      let c = BigInt(n)
      for (let k = 0; k < 8; k++) c = c & 1n ? poly ^ (c >> 1n) : c >> 1n
      crc64Table[n] = c
    }
  }
  let crc = mask
  for (let i = 0; i < data.length; i++) {
    crc = crc64Table[Number((crc ^ BigInt(data[i]!)) & 0xffn)]! ^ (crc >> 8n)
  }
  return (crc ^ mask) & mask
}

/** Raw digest bytes. */
export function checksumBytes(
  algorithm: ChecksumAlgorithm,
  data: Buffer
): Buffer {
  switch (algorithm) {
    case 'crc32': {
      const out = Buffer.alloc(4)
      out.writeUInt32BE(zlibCrc32(data) >>> 0)
      return out
    }
    case 'crc32c': {
      const out = Buffer.alloc(4)
      out.writeUInt32BE(crc32c(data))
      return out
    }
    case 'crc64nvme': {
      const out = Buffer.alloc(8)
      out.writeBigUInt64BE(crc64nvme(data))
      return out
    }
    case 'sha1':
      return createHash('sha1').update(data).digest()
    case 'sha256':
      return createHash('sha256').update(data).digest()
  }
}

export function checksum(algorithm: ChecksumAlgorithm, data: Buffer): string {
  return checksumBytes(algorithm, data).toString('base64')
}

export function md5Hex(data: Buffer): string {
  return createHash('md5').update(data).digest('hex')
}

/** Display name S3 uses in messages (`CRC32`, `SHA256`...). */
export function algorithmLabel(algorithm: ChecksumAlgorithm): string {
  return algorithm.toUpperCase()
}
