/**
 * The shape both providers' error tables share: each row names the codes it
 * answers (a `Family.*` entry takes every `Family.Sub` code too), may add a
 * condition the code alone does not decide, and says what the failure means.
 */
import type { ProviderErrorKind } from '../errors.js'

export interface ErrorRow<C extends { code: string | undefined }> {
  /** Provider codes this row answers; absent: `when` alone decides. */
  codes?: readonly string[]
  when?: (c: C) => boolean
  /** The message and hint; absent: the provider's own message. */
  message?: (c: C) => string
  kind?: ProviderErrorKind
  /** True: worth another attempt whatever the HTTP status says. */
  retryable?: true
}

function codeMatches(codes: readonly string[], code: string | undefined) {
  if (code === undefined) return false
  return codes.some((c) =>
    c.endsWith('.*')
      ? code === c.slice(0, -2) || code.startsWith(c.slice(0, -1))
      : code === c
  )
}

/** The first row that answers the failure, if any. */
export function lookup<C extends { code: string | undefined }>(
  table: ReadonlyArray<ErrorRow<C>>,
  c: C
): ErrorRow<C> | undefined {
  return table.find(
    (row) =>
      (row.codes === undefined || codeMatches(row.codes, c.code)) &&
      (row.when === undefined || row.when(c))
  )
}
