/**
 * What each scripted fault answers, per protocol: the provider's own
 * throttling and server errors, and the explicit `error` kind. `reset`,
 * `delay` and `commit-then-reset` are wire events the pipeline plays; they
 * have no reply.
 */
import type { FaultRule } from './types.js'

export interface FaultError {
  status: number
  code: string
  message: string
}

export interface FaultTable {
  throttle: FaultError
  error500: FaultError
  error503: FaultError
  /** What an `error` rule gets for the fields it leaves out. */
  error: FaultError
}

/** S3 and COS answer the same (COS mirrors S3's XML API). */
export const STORAGE_FAULTS: FaultTable = {
  throttle: {
    status: 503,
    code: 'SlowDown',
    message: 'Please reduce your request rate.'
  },
  error500: {
    status: 500,
    code: 'InternalError',
    message: 'We encountered an internal error. Please try again.'
  },
  error503: {
    status: 503,
    code: 'ServiceUnavailable',
    message: 'Service is unable to handle request.'
  },
  error: {
    status: 400,
    code: 'InjectedFault',
    message: 'Fault injected by the emulator'
  }
}

/** The error a rule answers with, or undefined for the wire-event kinds. */
export function faultError(
  table: FaultTable,
  rule: FaultRule
): FaultError | undefined {
  switch (rule.kind) {
    case 'throttle':
    case 'error500':
    case 'error503':
      return table[rule.kind]
    case 'error':
      return {
        status: rule.status ?? table.error.status,
        code: rule.code ?? table.error.code,
        message: rule.message ?? table.error.message
      }
    default:
      return undefined
  }
}
