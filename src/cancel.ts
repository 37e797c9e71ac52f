/**
 * Cancellation as the runner does it: SIGINT, then SIGTERM 7.5 s later,
 * then SIGKILL. The first signal aborts the run's AbortSignal (checked
 * before every write, passed to uploads so they abort their multipart
 * uploads); if the run has not finished a few seconds later, the process
 * exits anyway, so a cancelled step is never left to be killed mid-write.
 */
import { CancelledError } from './errors.js'

/** Time from the first signal to a forced exit: inside the runner's 5 s goal. */
export const CANCEL_GRACE_MS = 4000

export interface Cancellation {
  signal: AbortSignal
  /**
   * Stops listening; call when the run is over. After a signal, the forced
   * exit stays armed: the run may be over while a request it abandoned
   * still holds the process open. The timer is unref'd, so a process with
   * nothing left to do exits first, by itself.
   */
  dispose(): void
}

export function watchCancellation(
  onForcedExit: (error: CancelledError) => void,
  proc: Pick<NodeJS.Process, 'on' | 'off'> = process,
  graceMs = CANCEL_GRACE_MS
): Cancellation {
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const handler = (name: NodeJS.Signals): void => {
    if (controller.signal.aborted) return
    const error = new CancelledError(name)
    controller.abort(error)
    timer = setTimeout(() => onForcedExit(error), graceMs)
    timer.unref()
  }
  proc.on('SIGINT', handler)
  proc.on('SIGTERM', handler)
  return {
    signal: controller.signal,
    dispose: () => {
      proc.off('SIGINT', handler)
      proc.off('SIGTERM', handler)
    }
  }
}
