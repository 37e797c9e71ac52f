/*
 * The entry table's columns (entry-table.ts), a block of rows at a time:
 * one 32 KiB buffer per block, so that a block goes to its file and comes
 * back as one piece (spill-blocks.ts).
 */

/** Rows per block: blocks, not arrays grown by doubling, so no column holds twice what it needs. */
export const BLOCK_SHIFT = 11
export const BLOCK = 1 << BLOCK_SHIFT
/** Bytes of a block: 4 + 4 + 4 + 2 + 2 a row. */
export const BLOCK_BYTES = 16 * BLOCK
/** A size column's value for "not read yet, or in `big`". */
export const UNKNOWN = 0xffffffff

export interface Columns {
  /** Where the name's own segment is in `names`. */
  own: Uint32Array
  /** Its folder's number in `names` (the names' start and the real path). */
  folder: Uint32Array
  /** UNKNOWN until the file's lstat (a listed file's size is read when asked). */
  size: Uint32Array
  ownBytes: Uint16Array
  mode: Uint16Array
}

/** The columns over a block's memory. */
export function columns(memory: ArrayBuffer): Columns {
  return {
    own: new Uint32Array(memory, 0, BLOCK),
    folder: new Uint32Array(memory, 4 * BLOCK, BLOCK),
    size: new Uint32Array(memory, 8 * BLOCK, BLOCK),
    ownBytes: new Uint16Array(memory, 12 * BLOCK, BLOCK),
    mode: new Uint16Array(memory, 14 * BLOCK, BLOCK)
  }
}
