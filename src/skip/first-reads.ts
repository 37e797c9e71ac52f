/**
 * The reads a region's skip check starts from. When the check before
 * packaging already listed the layer and read its newest version, those
 * outcomes (answers or failures) are handed in as data and used once each:
 * the region does not make the same calls again, and a read that failed
 * after every attempt fails at once rather than taking that time twice.
 * Any further read goes to the provider.
 */
import type {
  LayerProvider,
  LayerVersion,
  LayerVersionSummary
} from '../providers/types.js'

/** A call's outcome kept as data. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown }

/** What was read of one region's layer before packaging. */
export interface RegionReads {
  region: string
  list?: Settled<LayerVersionSummary[]>
  /** The newest version, read when the list had one. */
  newest?: { version: number; read: Settled<LayerVersion> }
}

export async function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await p }
  } catch (error) {
    return { ok: false, error }
  }
}

const unwrap = <T>(s: Settled<T>): T => {
  if (s.ok) return s.value
  throw s.error
}

/** Reads of one layer in one region, starting from what is already known. */
export class FirstReads {
  private list_: Settled<LayerVersionSummary[]> | undefined
  private newest: RegionReads['newest']

  constructor(
    private readonly provider: LayerProvider,
    private readonly layerId: string,
    known?: RegionReads
  ) {
    this.list_ = known?.list
    this.newest = known?.newest
  }

  async list(): Promise<LayerVersionSummary[]> {
    const kept = this.list_
    this.list_ = undefined
    return kept ? unwrap(kept) : this.provider.listVersions(this.layerId)
  }

  async get(version: number): Promise<LayerVersion> {
    const kept = this.newest
    if (kept?.version === version) {
      this.newest = undefined
      return unwrap(kept.read)
    }
    return this.provider.getVersion(this.layerId, version)
  }
}
