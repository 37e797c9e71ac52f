import { describe, expect, it } from 'vitest'
import { SmallSlots } from '../src/package/small-slots.js'

describe('SmallSlots', () => {
  it('keeps each file in flight under its own number as the window slides and grows', () => {
    const slots = new SmallSlots(4)
    // A window of up to 11 files in flight, with gaps (large files and
    // links are not small), written in order: more than the first capacity.
    const inFlight: number[] = []
    let written = 0
    for (let i = 0; i < 200; i++) {
      if (i % 7 !== 3) {
        slots.add(i, i * 10, i + 1)
        inFlight.push(i)
      }
      if (inFlight.length > 11) {
        const w = inFlight.shift() as number
        slots.settle(w, w % 2 === 0 ? 8 : 0, w * 3, w + 2)
        expect(slots.ready(w)).toBe(true)
        expect(slots.get(w)).toEqual({
          at: w * 10,
          size: w + 1,
          method: w % 2 === 0 ? 8 : 0,
          crc: w * 3,
          length: w + 2
        })
        slots.remove(w)
        expect(slots.has(w)).toBe(false)
        written++
      }
    }
    // The rest are still there, unsettled.
    for (const i of inFlight) {
      expect(slots.has(i)).toBe(true)
      expect(slots.ready(i)).toBe(false)
      expect(slots.get(i).at).toBe(i * 10)
    }
    expect(written).toBeGreaterThan(150)
  })

  it('keeps a CRC above 2^31 whole', () => {
    const slots = new SmallSlots()
    slots.add(5, 0, 10)
    slots.settle(5, 8, 0xfedcba98, 7)
    expect(slots.get(5).crc).toBe(0xfedcba98)
  })

  it("throws a file's error when the writer asks whether it is ready, and forgets it once removed", () => {
    const slots = new SmallSlots()
    slots.add(0, 0, 1)
    const error = new Error('cannot read x')
    slots.fail(0, error)
    expect(() => slots.ready(0)).toThrow(error)
    slots.remove(0)
    slots.add(1024, 0, 1)
    expect(slots.ready(1024)).toBe(false)
  })
})
