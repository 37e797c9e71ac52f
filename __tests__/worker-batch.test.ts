import * as fs from 'node:fs'
import { join } from 'node:path'
import * as zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  BATCH_FILES,
  BATCH_FUNCTIONS,
  BOX_DOUBLES,
  META_FIELDS,
  OUT_AT,
  OUT_FIELDS,
  STATUS_CHANGED,
  STATUS_UNREADABLE,
  runBatch,
  type BatchEnv,
  type BatchError
} from '../src/package/worker-batch.js'
import { removeDir, tempDir } from './fixtures/package-helpers.js'

let root: string

beforeAll(() => {
  root = tempDir('worker-batch-')
})
afterAll(() => removeDir(root))

function env(mem: Buffer): BatchEnv {
  return {
    fs,
    zlib,
    level: 6,
    mem,
    lanes: [zlib.createDeflateRaw({ level: 6 })],
    verdicts: new Map(),
    run: BATCH_FUNCTIONS
  }
}

// Item k's meta: a small file on lane 0, its region at `at`.
function meta(box: Float64Array, k: number, at: number, size: number): void {
  box.set([k, 0, at, size, 0, 0, 1, 0], k * META_FIELDS)
}

describe('a batch mailbox', () => {
  it('keeps the literals the worker source repeats', () => {
    // runBatch is shipped as source text, so it spells these as numbers.
    expect(META_FIELDS).toBe(8)
    expect(OUT_AT).toBe(512)
    expect(BOX_DOUBLES).toBe(BATCH_FILES * (META_FIELDS + OUT_FIELDS))
  })

  it('answers each item at OUT_AT, reusing the same box for the next batch', () => {
    const text = Buffer.from('layer '.repeat(2000))
    const odd = Buffer.from('0123456789abcdef')
    fs.writeFileSync(join(root, 'a.txt'), text)
    fs.writeFileSync(join(root, 'b.bin'), odd)
    const mem = Buffer.alloc(64 * 1024)
    const box = new Float64Array(BOX_DOUBLES)
    const e = env(mem)
    meta(box, 0, 0, text.length)
    meta(box, 1, 2 * text.length, odd.length)
    const errors: BatchError[] = []
    runBatch(e, [join(root, 'a.txt'), join(root, 'b.bin')], box, errors)
    expect(errors).toEqual([])

    const a = box.subarray(OUT_AT, OUT_AT + OUT_FIELDS)
    expect(a[0]).toBe(8)
    expect(a[1]).toBe(zlib.crc32(text))
    expect(a[3]).toBe(0)
    const deflated = mem.subarray(text.length, text.length + (a[2] as number))
    expect(zlib.inflateRawSync(deflated).equals(text)).toBe(true)

    // Sixteen bytes do not shrink: stored, its own CRC and length.
    const b = box.subarray(OUT_AT + OUT_FIELDS, OUT_AT + 2 * OUT_FIELDS)
    expect([...b]).toEqual([0, zlib.crc32(odd), odd.length, 0])

    // The same box again, full: no item's answer lands on another's meta.
    const paths: string[] = []
    for (let k = 0; k < BATCH_FILES; k++) {
      meta(box, k, k * 2 * odd.length, odd.length)
      paths.push(join(root, 'b.bin'))
    }
    const sent = box.slice(0, OUT_AT)
    runBatch(e, paths, box, errors)
    expect(errors).toEqual([])
    expect(box.subarray(0, OUT_AT)).toEqual(sent)
    for (let k = 0; k < BATCH_FILES; k++) {
      const o = OUT_AT + k * OUT_FIELDS
      expect([...box.subarray(o, o + OUT_FIELDS)]).toEqual([
        0,
        zlib.crc32(odd),
        odd.length,
        0
      ])
    }
    expect(OUT_AT + BATCH_FILES * OUT_FIELDS).toBe(BOX_DOUBLES)
    e.lanes[0]?.close()
  })

  it('reports a changed or missing file in its own slot', () => {
    fs.writeFileSync(join(root, 'c.txt'), 'twelve bytes')
    const mem = Buffer.alloc(1024)
    const box = new Float64Array(BOX_DOUBLES)
    const e = env(mem)
    meta(box, 0, 0, 5) // selected at 5 bytes, now 12
    meta(box, 1, 100, 5)
    const errors: BatchError[] = []
    runBatch(e, [join(root, 'c.txt'), join(root, 'gone.txt')], box, errors)
    expect(box[OUT_AT + 3]).toBe(STATUS_CHANGED)
    expect(box[OUT_AT + OUT_FIELDS + 3]).toBe(STATUS_UNREADABLE)
    expect(errors).toEqual([expect.objectContaining({ k: 1, code: 'ENOENT' })])
    e.lanes[0]?.close()
  })
})
