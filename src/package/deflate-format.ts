/*
 * Format constants: the same file gives the same bytes whatever the memory
 * budget or concurrency, because every file is compressed in the same pieces.
 *
 * - A file of up to PROBE_BYTES is deflated whole by one of LANES reusable
 *   deflate streams, the n-th such file of the archive by lane n mod LANES
 *   (a reset stream is not quite a fresh one: its window still holds the
 *   previous file, which can change a byte at the end of the next, so which
 *   lane compresses a file must not depend on timing).
 * - A larger file is a 64 KiB probe, then 1 MiB chunks, each primed with the
 *   32 KiB before it, as pigz does; each piece is a one-shot deflate. If the
 *   probe does not shrink by 2 %, the whole file is stored (worker-batch.ts:
 *   not worth an inflate on every cold start).
 *
 * Both are deflated by worker threads (deflate-workers.ts, worker-batch.ts),
 * each lane's stream owned by one worker.
 */
export const PROBE_BYTES = 64 * 1024
export const CHUNK_BYTES = 1024 * 1024
export const DICT_BYTES = 32 * 1024
export const LANES = 4

/** A compressed (or stored) range of a file. */
export interface Piece {
  method: 0 | 8
  /** A small file's CRC-32 (a large file's is the writer's, piece by piece in order). */
  crc: number
  /** Uncompressed bytes covered. */
  size: number
  /** What the entry stores: a view of the piece's region of the ring. */
  data: Buffer
  /** The file's bytes the piece covers, as read (for the fingerprint). */
  raw: Buffer
}
