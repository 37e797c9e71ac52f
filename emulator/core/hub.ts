/**
 * The state every emulator endpoint shares: the call log tests assert on,
 * scripted faults, the object store, settings, and hooks through which each
 * service wipes and shows its own state.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { handleControl } from './control.js'
import { ObjectStore } from './object-store.js'
import type { CallRecord, FaultRule, HeldCall, Service } from './types.js'

export type RouteHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  rest: string
) => void | Promise<void>

export class Hub {
  readonly calls: CallRecord[] = []
  faults: FaultRule[] = []
  readonly store = new ObjectStore()
  /** Per-connection upload cap in bytes/s (0 = unlimited); stands in for a real network. */
  bandwidth = 0
  /**
   * Service tunables, set with POST /_emulator/settings (merged), e.g.
   * `{"tencentActivationDelayMs": 500}`. Services read them per request.
   */
  settings: Record<string, unknown> = {}
  private seq = 0
  /** Held calls, oldest first, each with how to let it go (true) or drop it. */
  private readonly holding: Array<{
    call: HeldCall
    settle: (go: boolean) => void
  }> = []
  private readonly resetHooks: Array<() => void> = []
  private readonly stateHooks = new Map<string, () => unknown>()
  readonly routes: Array<{ prefix: string; handler: RouteHandler }> = []

  /** Services register how to wipe and show their own state. */
  onReset(hook: () => void): void {
    this.resetHooks.push(hook)
  }
  onState(name: string, hook: () => unknown): void {
    this.stateHooks.set(name, hook)
  }

  /**
   * Services add their own routes under `/_emulator/<prefix>` (e.g. the AWS
   * emulator's layer archive downloads); `rest` is the path after the prefix.
   */
  onRoute(prefix: string, handler: RouteHandler): void {
    this.routes.push({ prefix, handler })
  }

  reset(): void {
    // A held call of the previous scene must not land in the next one.
    this.settleHeld(false)
    this.calls.length = 0
    this.faults = []
    this.store.clear()
    this.bandwidth = 0
    this.settings = {}
    this.seq = 0
    for (const hook of this.resetHooks) hook()
  }

  record(call: Omit<CallRecord, 'seq' | 'time'>): CallRecord {
    const rec: CallRecord = {
      ...call,
      seq: ++this.seq,
      time: new Date().toISOString()
    }
    this.calls.push(rec)
    return rec
  }

  /** Returns the fault to apply to this call, counting it, or undefined. */
  takeFault(
    service: Service,
    operation: string,
    region: string
  ): FaultRule | undefined {
    for (const rule of this.faults) {
      if (rule.service !== service) continue
      if (rule.operation !== '*' && rule.operation !== operation) continue
      if (rule.region && rule.region !== region) continue
      if (rule.times !== undefined && rule.hits >= rule.times) continue
      rule.seen++
      if (rule.after !== undefined && rule.seen <= rule.after) continue
      rule.hits++
      return rule
    }
    return undefined
  }

  /**
   * Keeps a call until release() (true: handle it) or reset() (false: drop
   * it); a test holds a call to know where a client process is.
   */
  hold(call: HeldCall): Promise<boolean> {
    return new Promise((settle) => {
      this.holding.push({
        call: {
          service: call.service,
          operation: call.operation,
          region: call.region
        },
        settle
      })
    })
  }

  /** Calls held now, oldest first. */
  held(): HeldCall[] {
    return this.holding.map((h) => h.call)
  }

  /** Lets every held call go on; returns how many there were. */
  release(): number {
    return this.settleHeld(true)
  }

  private settleHeld(go: boolean): number {
    const all = this.holding.splice(0)
    for (const h of all) h.settle(go)
    return all.length
  }

  snapshot(): Record<string, unknown> {
    const out: Record<string, unknown> = { buckets: this.store.snapshot() }
    for (const [name, hook] of this.stateHooks) out[name] = hook()
    return out
  }

  /** Handles `/_emulator/*`; false when the request is not for it. */
  control(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    return handleControl(this, req, res)
  }
}
