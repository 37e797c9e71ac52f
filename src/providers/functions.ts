/**
 * What the action needs of a provider to move functions to a new layer
 * version (update-functions) and to keep versions still in use
 * (keep-versions). Policy — which layer to replace, when a function is up
 * to date, retries on a concurrent change — lives in src/functions/; the
 * adapters only translate these calls. No SDK types cross this interface.
 */

/** A function named in update-functions, resolved for one region. */
export interface FunctionRef {
  /** As the user wrote it (name, ARN, or namespace/name), for messages. */
  label: string
  /** AWS: the name or full ARN sent as FunctionName. Tencent: the name. */
  name: string
  /** Tencent only: the namespace (`default` when omitted). */
  namespace?: string
}

/**
 * One layer a function uses. `layer` identifies the layer across its
 * versions: AWS the layer ARN (no version), Tencent the layer name.
 */
export interface LayerUse {
  layer: string
  version: number
}

/** A function's configuration as far as layers and updates go. */
export interface FunctionState {
  /** Layers in the order the function has them. */
  layers: LayerUse[]
  /**
   * `ready`: an update may start. `updating`: one is in progress (AWS
   * LastUpdateStatus InProgress, SCF Updating). `failed`: the last update
   * failed (reason in `reason`).
   */
  state: 'ready' | 'updating' | 'failed'
  reason?: string
  /** AWS RevisionId: an update passes it, so a concurrent change is refused. */
  revisionId?: string
}

/** The functions side of a provider, present where the provider has one. */
export interface FunctionsApi {
  getFunction(fn: FunctionRef): Promise<FunctionState>
  /**
   * Replaces the function's layer list. With `revisionId`, a function
   * changed since it was read is refused with a ProviderError whose
   * `kind` is `conflict` (AWS PreconditionFailedException).
   */
  updateLayers(
    fn: FunctionRef,
    layers: LayerUse[],
    revisionId?: string
  ): Promise<void>
  /** AWS: publishes a function version; resolves its number (as a string). */
  publishVersion?(fn: FunctionRef, revisionId?: string): Promise<string>
  /** AWS: points `alias` at `version`, creating the alias if needed. */
  pointAlias?(fn: FunctionRef, alias: string, version: string): Promise<void>
  /**
   * AWS: for each version of `layer` (the layer ARN), the functions and
   * published function versions that use it (ListFunctions with
   * FunctionVersion=ALL, every page). Tencent has no such listing: a bound
   * version's delete is refused (ProviderError kind `in-use`) instead.
   */
  layerUsers?(layer: string): Promise<Map<number, string[]>>
}
