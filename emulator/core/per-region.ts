/** Named records kept per region, as both clouds scope their resources. */
export class PerRegion<T> {
  private readonly regions = new Map<string, Map<string, T>>()

  /** The region's records, created empty on first use. */
  of(region: string): Map<string, T> {
    let map = this.regions.get(region)
    if (!map) {
      map = new Map()
      this.regions.set(region, map)
    }
    return map
  }

  /** The region's records, without creating them. */
  peek(region: string): Map<string, T> | undefined {
    return this.regions.get(region)
  }

  clear(): void {
    this.regions.clear()
  }

  /** `{ region: [view(record), …] }`, for `/_emulator/state`. */
  view(show: (record: T) => unknown): Record<string, unknown[]> {
    const out: Record<string, unknown[]> = {}
    for (const [region, records] of this.regions) {
      out[region] = [...records.values()].map(show)
    }
    return out
  }
}
