/**
 * One full collection of the JavaScript heap, at a phase boundary.
 *
 * Selecting 70,000 files leaves ~2 MiB of short-lived objects (paths,
 * directory entries, the walk's stack) promoted to V8's old generation.
 * V8 collects them only when the old generation next fills, late in
 * packaging, and packaging's own garbage grows on top of them meanwhile;
 * packaging's leftovers likewise meet the checks and the SDKs' loading.
 * Collected at those two boundaries, peak RSS falls by ~2 MiB at 20,000 and
 * 70,000 files (single runs: 106-108 and 107-108 MiB against 108-110 and
 * 109-110; bench/README.md, "Seventh pass"), for 9-13 ms a collection at
 * 70,000 files (`--trace-gc`). Collecting is otherwise left to V8: these are
 * the places where the phase's end says more than its heuristics can.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

let collect: (() => void) | undefined

export function collectGarbage(): void {
  collect ??= collector()
  collect()
}

function collector(): () => void {
  // V8 installs `gc` in contexts made after the flag is set, so the
  // runner's `node` needs no --expose-gc of its own. The context is kept
  // with its `gc` (~160 KiB of heap, counted in the figures above).
  setFlagsFromString('--expose-gc')
  try {
    const gc: unknown = runInNewContext('gc')
    if (typeof gc === 'function') return gc as () => void
  } catch {
    // A runtime without it packages the same, with V8's own timing.
  }
  return () => {}
}
