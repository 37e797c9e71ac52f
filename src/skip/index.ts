/**
 * Skip unchanged, the phase before packaging: everything it decides comes
 * back as data (what was read per region, and the archive when it need
 * not be built); the check after packaging lives in versions.ts.
 */
import { errorMessage } from '../errors.js'
import type { Logger } from '../log.js'
import type { ArchiveInfo, EntryList } from '../package/types.js'
import type { TailFetcher } from '../providers/archive-tail.js'
import type { LayerProvider } from '../providers/types.js'
import type { PublishPlan } from '../publish/plan.js'
import { passesPreflight } from '../publish/storage.js'
import { formatBytes } from '../util/format.js'
import { checkBeforePackaging } from './before-packaging.js'
import type { RegionReads } from './first-reads.js'

export interface SkipBeforePackaging {
  /** What each region's run starts from (empty when nothing was read). */
  reads: RegionReads[]
  /** The archive these files make, when every region already holds it. */
  archive?: ArchiveInfo
}

export interface SkipContext {
  plan: PublishPlan
  regions: string[]
  providerFor: (region: string) => Promise<LayerProvider>
  fetchTail: TailFetcher
  log: Logger
}

/**
 * Looks for the files' archive among the newest versions before building
 * it: not when it might break a size rule, since those input errors must
 * come before any call. The bound is at least the real archive's size, and
 * every rule fails only what is too big, so passing with it is passing.
 */
export async function skipBeforePackaging(
  entries: EntryList,
  ctx: SkipContext
): Promise<SkipBeforePackaging> {
  const { plan, regions, log } = ctx
  if (!plan.skipUnchanged) return { reads: [] }
  // Loaded here, not at start-up: a run that fails on its inputs never pays for it.
  const { digestFiles, listedArchive } = await import('../package/index.js')
  const listed = listedArchive(entries)
  if (!passesPreflight(listed, plan)) return { reads: [] }
  let providers: LayerProvider[]
  try {
    providers = await Promise.all(regions.map(ctx.providerFor))
  } catch (error) {
    // The region runs report a provider that cannot be made.
    log.debug(`skip check before packaging: ${errorMessage(error)}`)
    return { reads: [] }
  }
  const settings = { ...plan.settings, layerName: plan.layerId }
  const { reads, known } = await checkBeforePackaging(
    providers,
    plan.layerId,
    settings,
    () => digestFiles(entries),
    ctx.fetchTail,
    log
  )
  if (!known) return { reads }
  log.info(
    `The newest version in ${regions.length === 1 ? regions[0] : `each of ${regions.length} regions`} was built from these very ${entries.length} files (fingerprint in its archive): not packaging them again. Archive sha256 ${known.sha256}, ${formatBytes(known.size)}`
  )
  return {
    reads,
    archive: { ...listed, size: known.size, sha256: known.sha256 }
  }
}
