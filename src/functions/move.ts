/**
 * Moving one function to the new layer version: wait until no update is in
 * progress, replace the layer in place (with the RevisionId read, so a
 * concurrent change is refused rather than overwritten), wait until the
 * update is done, then optionally publish a function version and point an
 * alias at it. A refused update is re-read and tried again, a bounded
 * number of times.
 */
import { errorMessage, ProviderError, throwIfCancelled } from '../errors.js'
import type {
  FunctionRef,
  FunctionState,
  FunctionsApi,
  LayerUse
} from '../providers/functions.js'
import { changeFor } from './layers.js'

export type MoveStatus = 'updated' | 'up to date' | 'planned' | 'failed'

/** One function's outcome; serialised into `results` and the summary. */
export interface FunctionMove {
  name: string
  /** The layer version it used before; null when it did not use the layer. */
  from: number | null
  to: number
  status: MoveStatus
  /** Function version published after the update (publish-function-version). */
  version?: string
  /** Alias pointed at that version (function-alias). */
  alias?: string
  error?: string
}

export interface MoveOptions {
  dryRun: boolean
  publishVersion: boolean
  alias?: string
  /** How long one function may stay updating before we give up. */
  waitTimeoutMs: number
  /** Updates refused because the function changed meanwhile, at most. */
  maxConflicts: number
  sleep: (ms: number) => Promise<void>
  now: () => number
  signal?: AbortSignal
}

const POLL_FIRST_MS = 1000
const POLL_MAX_MS = 5000

/** Reads the function until no update is in progress. */
async function settled(
  api: FunctionsApi,
  fn: FunctionRef,
  opts: MoveOptions
): Promise<FunctionState> {
  const deadline = opts.now() + opts.waitTimeoutMs
  for (let delay = POLL_FIRST_MS; ; delay = Math.min(POLL_MAX_MS, delay * 2)) {
    const state = await api.getFunction(fn)
    if (state.state !== 'updating') return state
    if (opts.now() + delay > deadline) {
      throw new Error(
        `still updating after ${Math.round(opts.waitTimeoutMs / 1000)} s (wait-timeout)`
      )
    }
    await opts.sleep(delay)
  }
}

/** Publishes a function version and moves the alias, as asked. */
async function release(
  api: FunctionsApi,
  fn: FunctionRef,
  move: FunctionMove,
  opts: MoveOptions,
  revisionId: string | undefined
): Promise<void> {
  if (!opts.publishVersion || !api.publishVersion) return
  move.version = await api.publishVersion(fn, revisionId)
  if (opts.alias !== undefined && api.pointAlias) {
    await api.pointAlias(fn, opts.alias, move.version)
    move.alias = opts.alias
  }
}

/**
 * What earlier rounds did: the version the function was on when first
 * read, and whether an update was sent. A refused repeat of an update
 * whose answer was lost finds the function already moved: that is still
 * this run's update, from the version first read.
 */
interface Rounds {
  firstFrom?: number
  sent: boolean
  lastConflict?: ProviderError
}

/** One read-decide-update round; undefined when the update was refused. */
async function attempt(
  api: FunctionsApi,
  fn: FunctionRef,
  target: LayerUse,
  opts: MoveOptions,
  rounds: Rounds
): Promise<FunctionMove | undefined> {
  const before = await settled(api, fn, opts)
  const change = changeFor(before.layers, target)
  if (change.kind === 'move') rounds.firstFrom ??= change.from
  const moved = change.kind === 'current' && rounds.sent
  const move: FunctionMove = {
    name: fn.label,
    from: change.kind === 'move' || moved ? rounds.firstFrom! : target.version,
    to: target.version,
    status: moved ? 'updated' : 'up to date'
  }
  if (change.kind === 'absent') {
    throw new Error(
      `does not use layer ${target.layer} (a function must already use the layer to be moved; add it once by hand)`
    )
  }
  if (opts.dryRun) {
    if (change.kind === 'move') move.status = 'planned'
    return move
  }
  if (change.kind === 'move') {
    throwIfCancelled(opts.signal)
    rounds.sent = true
    try {
      await api.updateLayers(fn, change.layers, before.revisionId)
    } catch (error) {
      if (error instanceof ProviderError && error.kind === 'conflict') {
        rounds.lastConflict = error
        return undefined
      }
      throw error
    }
    move.status = 'updated'
  }
  const after = await settled(api, fn, opts)
  if (after.state === 'failed') {
    throw new Error(`the update failed: ${after.reason ?? 'no reason given'}`)
  }
  await release(api, fn, move, opts, after.revisionId)
  return move
}

export async function moveFunction(
  api: FunctionsApi,
  fn: FunctionRef,
  target: LayerUse,
  opts: MoveOptions
): Promise<FunctionMove> {
  const rounds: Rounds = { sent: false }
  try {
    for (let round = 1; round <= opts.maxConflicts; round++) {
      const move = await attempt(api, fn, target, opts, rounds)
      if (move) return move
    }
    const last = rounds.lastConflict
      ? ` (last: ${rounds.lastConflict.message})`
      : ''
    throw new Error(
      `changed by someone else ${opts.maxConflicts} times while being updated; run the step again${last}`
    )
  } catch (error) {
    return {
      name: fn.label,
      from: null,
      to: target.version,
      status: 'failed',
      error: errorMessage(error)
    }
  }
}
