/**
 * A layer's SHA-256 in each provider's own form (Lambda base64, SCF hex)
 * and back to lower-case hex, the form the action compares.
 */
import { PROVIDER_RULES } from './rules.js'
import type { ProviderId } from './types.js'

/** The archive's SHA-256 as the provider writes CodeSha256. */
export function providerSha(provider: ProviderId, sha256Hex: string): string {
  return PROVIDER_RULES[provider].shaEncoding === 'base64'
    ? Buffer.from(sha256Hex, 'hex').toString('base64')
    : sha256Hex
}

/** A provider's CodeSha256 as lower-case hex. */
export function shaToHex(provider: ProviderId, codeSha256: string): string {
  return PROVIDER_RULES[provider].shaEncoding === 'base64'
    ? Buffer.from(codeSha256, 'base64').toString('hex')
    : codeSha256.toLowerCase()
}
