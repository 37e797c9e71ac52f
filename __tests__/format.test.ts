import { describe, expect, it } from 'vitest'
import { formatBytes, groupDigits } from '../src/util/format.js'

describe('groupDigits', () => {
  it('groups as toLocaleString("en-US") does, for the integers we print', () => {
    const samples = [0, 7, 999, 1000, 9999, 12345, 999999, 1000000]
    samples.push(262144000, 2 ** 31, Number.MAX_SAFE_INTEGER)
    for (let n = 1; n < 1e15; n = n * 7 + 3) samples.push(n)
    for (const n of samples) {
      expect(groupDigits(n)).toBe(n.toLocaleString('en-US'))
    }
  })
})

describe('formatBytes', () => {
  it('reads as people read sizes', () => {
    expect(formatBytes(1023)).toBe('1023 B')
    expect(formatBytes(1536)).toBe('1.5 KiB')
    expect(formatBytes(250 * 1024 * 1024)).toBe('250 MiB')
    expect(formatBytes(3 * 1024 ** 4)).toBe('3072 GiB')
  })
})
