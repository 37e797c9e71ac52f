import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SpillBlocks } from '../src/package/spill-blocks.js'
import { removeDir, tempDir } from './fixtures/package-helpers.js'

let dir: string
beforeAll(() => {
  dir = tempDir('spill')
})
afterAll(() => removeDir(dir))

const bytesOf = (m: ArrayBuffer): Uint8Array => new Uint8Array(m)

function filled(count: number, resident: number): SpillBlocks<Uint8Array> {
  const blocks = new SpillBlocks(1024, resident, bytesOf, dir)
  for (let n = 0; n < count; n++) blocks.add().fill(n + 1)
  return blocks
}

describe('SpillBlocks', () => {
  it('keeps only its resident blocks in memory and reads the others back as they were', () => {
    const blocks = filled(10, 2)
    expect(blocks.count).toBe(10)
    expect(blocks.bytes).toBe(2 * 1024)
    for (const n of [0, 9, 3, 3, 8, 1, 0]) {
      const b = blocks.get(n)
      expect(b.length).toBe(1024)
      expect(b.every((x) => x === n + 1)).toBe(true)
    }
    expect(blocks.bytes).toBe(2 * 1024)
    blocks.close()
  })

  it('writes a changed block back before its memory holds another', () => {
    const blocks = filled(6, 2)
    blocks.get(1, true)[7] = 99
    // Read back once clean: a block only read is not written again.
    blocks.get(2)
    blocks.get(3)
    blocks.get(4)
    expect(blocks.get(1)[7]).toBe(99)
    expect(blocks.get(1)[8]).toBe(2)
    blocks.close()
  })

  it('keeps a block usable until as many others as it keeps have been asked for', () => {
    const blocks = filled(8, 4)
    const a = blocks.get(0)
    blocks.get(5)
    blocks.get(6)
    blocks.get(7)
    expect(a[0]).toBe(1)
    // One more, and the least recently asked for (block 0) makes room.
    blocks.get(2)
    expect(a[0]).toBe(3)
    blocks.close()
  })

  it('holds every block once told to, for reading in no order', () => {
    const blocks = filled(6, 2)
    blocks.keepAll()
    for (const n of [0, 1, 2, 3, 4, 5]) expect(blocks.get(n)[0]).toBe(n + 1)
    expect(blocks.bytes).toBe(6 * 1024)
    const first = blocks.get(0)
    for (const n of [5, 4, 3, 2, 1]) blocks.get(n)
    expect(first[0]).toBe(1)
    blocks.close()
  })

  it('leaves no file behind, even while it is in use', () => {
    const blocks = filled(5, 1)
    expect(blocks.get(0)[0]).toBe(1)
    // Unlinked as soon as made: a killed run leaves nothing to clean up.
    expect(readdirSync(dir)).toEqual([])
    blocks.close()
    expect(readdirSync(dir)).toEqual([])
    expect(() => blocks.get(9)).toThrow(RangeError)
  })

  it('keeps every block in memory when it has nowhere to spill them', () => {
    const blocks = new SpillBlocks(
      1024,
      2,
      bytesOf,
      join(dir, 'no', 'such', 'folder')
    )
    for (let n = 0; n < 6; n++) blocks.add().fill(n + 1)
    expect(blocks.bytes).toBe(6 * 1024)
    for (const n of [5, 0, 3]) expect(blocks.get(n)[9]).toBe(n + 1)
    blocks.close()
  })
})
