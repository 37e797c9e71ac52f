import * as zlib from 'node:zlib'

// zlib.crc32 arrived in Node 20.15 / 22.2; an older runtime gets the table.
const native = (
  zlib as { crc32?: (data: Uint8Array, value?: number) => number }
).crc32

let table: Uint32Array | undefined

function tableCrc32(data: Uint8Array, value = 0): number {
  if (!table) {
    table = new Uint32Array(256)
    for (let n = 0; n < 256; n++) {
      let c = n
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
      table[n] = c >>> 0
    }
  }
  const t = table
  let crc = ~value >>> 0
  for (let i = 0; i < data.length; i++) {
    crc = (t[(crc ^ (data[i] as number)) & 0xff] as number) ^ (crc >>> 8)
  }
  return ~crc >>> 0
}

/** CRC-32 (ISO-HDLC, as zip uses), continuing from `value`. */
export function crc32(data: Uint8Array, value = 0): number {
  return native ? native(data, value) >>> 0 : tableCrc32(data, value)
}

/** Exported for the tests: the fallback must agree with zlib. */
export const crc32Table = tableCrc32

function gf2Times(mat: Uint32Array, vec: number): number {
  let sum = 0
  for (let i = 0; vec !== 0; i++, vec >>>= 1) {
    if (vec & 1) sum ^= mat[i] as number
  }
  return sum >>> 0
}

function gf2Square(square: Uint32Array, mat: Uint32Array): void {
  for (let n = 0; n < 32; n++) square[n] = gf2Times(mat, mat[n] as number)
}

/**
 * CRC of A+B from crc(A), crc(B) and B's length (zlib's crc32_combine, which
 * Node does not expose): chunks of one file are checksummed in parallel.
 */
export function crc32Combine(crc1: number, crc2: number, len2: number): number {
  if (len2 <= 0) return crc1 >>> 0
  const even = new Uint32Array(32)
  const odd = new Uint32Array(32)
  odd[0] = 0xedb88320
  for (let n = 1, row = 1; n < 32; n++, row <<= 1) odd[n] = row
  gf2Square(even, odd)
  gf2Square(odd, even)
  let len = len2
  let crc = crc1 >>> 0
  for (;;) {
    gf2Square(even, odd)
    if (len % 2 === 1) crc = gf2Times(even, crc)
    len = Math.floor(len / 2)
    if (len === 0) break
    gf2Square(odd, even)
    if (len % 2 === 1) crc = gf2Times(odd, crc)
    len = Math.floor(len / 2)
    if (len === 0) break
  }
  return (crc ^ crc2) >>> 0
}
