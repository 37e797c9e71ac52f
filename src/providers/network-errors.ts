/**
 * The one list of network failures, for both providers: a call that got no
 * HTTP answer at all. Whether it took effect is unknown, so it is worth
 * another attempt (and, for a write, a look for what it may have done).
 */

/** Node's codes for a connection that closed or was refused without an answer. */
const CLOSED_CODES = ['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ECONNABORTED']
/** Node's codes for a connection that got no answer in time or no address. */
const NO_ANSWER_CODES = ['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EAI_AGAIN']

/**
 * The same failures as SDKs word them when they keep only a message (the SCF
 * SDK's node-fetch: "request to ... failed, reason: socket hang up").
 */
const CLOSED_TEXT =
  /socket hang up|request to .* failed|ECONNRESET|ECONNREFUSED|ECONNABORTED|EPIPE|EAI_AGAIN/i
const TIMEOUT_TEXT = /timed? ?out|ETIMEDOUT|ESOCKETTIMEDOUT/i

export type NetworkFailure = 'closed' | 'timeout'

/**
 * How a call failed without an answer, from Node's error code and the
 * error's text; undefined when the failure is not a network one.
 */
export function networkFailure(
  code: string | undefined,
  text: string
): NetworkFailure | undefined {
  if (code !== undefined && CLOSED_CODES.includes(code)) return 'closed'
  if (code !== undefined && NO_ANSWER_CODES.includes(code)) return 'timeout'
  if (CLOSED_TEXT.test(text)) return 'closed'
  if (TIMEOUT_TEXT.test(text)) return 'timeout'
  return undefined
}
