/**
 * The emulator's shared vocabulary: the call log record and the scripted
 * fault rule, both part of the `/_emulator/*` wire contract.
 */
export type Service = 'lambda' | 's3' | 'scf' | 'cos'

export interface CallRecord {
  seq: number
  service: Service | 'unknown'
  operation: string
  region: string
  /** HTTP status sent; 0 when the connection was reset instead. */
  status: number
  /** True for any call that changes state (publish, put, delete, permission...). */
  write: boolean
  method: string
  path: string
  /** Error code answered, if any (`TooManyRequestsException`, `InternalError`...). */
  errorCode?: string
  /** The fault applied, if one was. */
  fault?: FaultKind
  requestBytes: number
  time: string
}

export type FaultKind =
  | 'throttle' // the provider's own throttling error
  | 'error500'
  | 'error503'
  | 'reset' // destroy the socket without answering
  | 'delay' // answer normally, after delayMs (beyond the client timeout)
  | 'commit-then-reset' // do the work, then destroy the socket (lost response)
  | 'error' // answer with an explicit status/code/message
  | 'hold' // keep the call, unhandled, until POST /_emulator/release

/** A call a `hold` fault is keeping, as GET /_emulator/held shows it. */
export interface HeldCall {
  service: Service
  operation: string
  region: string
}

export interface FaultRule {
  id: string
  service: Service
  /** Operation name as recorded in the call log, or `*`. */
  operation: string
  /** Only this region; any when absent. */
  region?: string
  kind: FaultKind
  /** How many matching calls get the fault; absent = every one, forever. */
  times?: number
  /** Skip this many matching calls before faulting. */
  after?: number
  delayMs?: number
  /** For kind `error`. */
  status?: number
  code?: string
  message?: string
  hits: number
  seen: number
}

/** What a protocol handler answers; the pipeline sends it (or not, on a fault). */
export interface Reply {
  status: number
  headers: Record<string, string>
  body?: Buffer | string
  /** Error code answered, for the call log. */
  errorCode?: string
}
