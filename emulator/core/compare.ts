import { timingSafeEqual } from 'node:crypto'

/**
 * Compares a computed signature with the one a client sent without leaking,
 * through timing, how much of it matched.
 */
export function sameSignature(expected: string, given: string): boolean {
  const x = Buffer.from(expected, 'utf8')
  const y = Buffer.from(given, 'utf8')
  return x.length === y.length && timingSafeEqual(x, y)
}
