/**
 * One provider per region for the whole run: the skip check before
 * packaging and the region's own run share it (and its connections).
 */
import type { ActionInputs } from '../inputs/types.js'
import type { Timeouts } from '../inputs/environment.js'
import type { Logger } from '../log.js'
import type { ProviderFactory } from '../providers/index.js'
import { defined } from '../util/defined.js'
import type { LayerProvider } from '../providers/types.js'

export function regionProviders(
  inputs: ActionInputs,
  timeouts: Timeouts,
  userAgent: string,
  make: ProviderFactory,
  log: Logger
): (region: string) => Promise<LayerProvider> {
  const made = new Map<string, Promise<LayerProvider>>()
  return (region) => {
    let p = made.get(region)
    if (!p) {
      p = make(
        {
          provider: inputs.provider,
          region,
          maxAttempts: inputs.maxAttempts,
          waitTimeoutSeconds: inputs.waitTimeoutSeconds,
          ...timeouts,
          userAgent,
          ...defined({
            endpointUrl: inputs.endpointUrl,
            storageEndpointUrl: inputs.storageEndpointUrl,
            tencentCredentials: inputs.tencentCredentials
          })
        },
        log
      )
      made.set(region, p)
    }
    return p
  }
}
