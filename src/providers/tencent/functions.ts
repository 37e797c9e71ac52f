/**
 * The functions side of the Tencent adapter (update-functions): SCF
 * GetFunction and UpdateFunctionConfiguration, translated to FunctionsApi.
 * SCF has no function versions to publish, no aliases to move and no
 * listing of a layer's users; the policy handles their absence.
 */
import type {
  FunctionRef,
  FunctionState,
  FunctionsApi,
  LayerUse
} from '../functions.js'
import type { FunctionResponse, ScfApi } from './api.js'
import type { TencentCaller } from './call.js'

const DEFAULT_NAMESPACE = 'default'

/**
 * SCF function Status (cloud.tencent.com/document/product/583/115197):
 * Active takes updates; *Failed means the last create or update failed;
 * every other value (Creating, Updating, Publishing, ...) is a change in
 * progress to wait out.
 */
export function functionState(r: FunctionResponse): FunctionState {
  const layers: LayerUse[] = []
  for (const l of r.Layers ?? []) {
    if (l.LayerName && typeof l.LayerVersion === 'number') {
      layers.push({ layer: l.LayerName, version: l.LayerVersion })
    }
  }
  const status = r.Status ?? ''
  // An answer without a Status has nothing in progress to wait for.
  if (status === 'Active' || status === '') return { layers, state: 'ready' }
  if (!status.endsWith('Failed')) return { layers, state: 'updating' }
  const reasons = (r.StatusReasons ?? [])
    .map((s) => [s.ErrorCode, s.ErrorMessage].filter(Boolean).join(': '))
    .filter((s) => s !== '')
  const reason = [`status ${status}`, r.StatusDesc, ...reasons]
    .filter((s): s is string => !!s)
    .join('; ')
  return { layers, state: 'failed', reason }
}

export class TencentFunctions implements FunctionsApi {
  constructor(
    private readonly scfApi: ScfApi,
    private readonly caller: TencentCaller
  ) {}

  async getFunction(fn: FunctionRef): Promise<FunctionState> {
    const r = await this.caller.call('GetFunction', () =>
      this.scfApi.GetFunction({
        FunctionName: fn.name,
        Namespace: fn.namespace ?? DEFAULT_NAMESPACE
      })
    )
    return functionState(r)
  }

  /**
   * Sends the full layer list, as SCF replaces the function's layers with
   * it. SCF has no revision id: a change made by someone else between our
   * read and this update is not detectable and is overwritten. Repeating
   * the call after a lost answer sends the same list, so our retries on
   * network errors and throttling cannot make a different update.
   */
  async updateLayers(fn: FunctionRef, layers: LayerUse[]): Promise<void> {
    await this.caller.call('UpdateFunctionConfiguration', () =>
      this.scfApi.UpdateFunctionConfiguration({
        FunctionName: fn.name,
        Namespace: fn.namespace ?? DEFAULT_NAMESPACE,
        Layers: layers.map((l) => ({
          LayerName: l.layer,
          LayerVersion: l.version
        }))
      })
    )
  }
}
