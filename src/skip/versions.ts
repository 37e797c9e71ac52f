/**
 * Skip unchanged, after packaging: whether one of the newest versions
 * already holds this archive with these settings, and which versions a
 * concurrent run (or a publish whose answer was lost) made of it.
 */
import { errorMessage, ProviderError } from '../errors.js'
import type { Logger } from '../log.js'
import type {
  LayerProvider,
  LayerSettings,
  LayerVersion,
  LayerVersionSummary
} from '../providers/types.js'
import type { FirstReads } from './first-reads.js'

const sorted = (list: string[]): string => [...list].sort().join('\n')

/**
 * Whether an existing version already is what we would publish: same bytes
 * (compared as hex, whatever form the provider reports) and same settings.
 */
export function isSameVersion(
  existing: LayerVersion,
  sha256Hex: string,
  settings: LayerSettings
): boolean {
  return (
    existing.sha256Hex.toLowerCase() === sha256Hex.toLowerCase() &&
    (existing.status === undefined || existing.status === 'Active') &&
    sorted(existing.compatibleRuntimes) ===
      sorted(settings.compatibleRuntimes) &&
    sorted(existing.compatibleArchitectures) ===
      sorted(settings.compatibleArchitectures) &&
    existing.description === settings.description &&
    existing.licenseInfo === settings.licenseInfo
  )
}

/** Same archive and settings whatever its status; Publishing may become it. */
function holdsArchive(
  v: LayerVersion,
  sha256Hex: string,
  settings: LayerSettings
): boolean {
  const { status: _status, ...anyStatus } = v
  return isSameVersion(anyStatus, sha256Hex, settings)
}

/** The version, or undefined when it vanished (a concurrent run deleted it). */
export async function getIfExists(
  get: () => Promise<LayerVersion>
): Promise<LayerVersion | undefined> {
  try {
    return await get()
  } catch (error) {
    if (ProviderError.isNotFound(error)) return undefined
    throw error
  }
}

/** What the skip check found: the version to keep, and the search floor. */
export interface UnchangedCheck {
  /**
   * The oldest version among the newest that hold this archive, when it is
   * Active. Only the oldest: concurrent runs each keep the oldest and delete
   * their own newer one (publish-version.ts), so a newer one may vanish.
   */
  existing: LayerVersion | undefined
  /**
   * The newest version that does not hold it: no run of this archive can
   * have published below it, so later searches start above it.
   */
  floor: number
  /**
   * That oldest version when it is still being published (SCF: Publishing):
   * a concurrent run's, or one whose run was killed while it waited. Worth
   * waiting for rather than publishing again.
   */
  publishing?: number
}

/**
 * The skip-unchanged check. Walks the newest versions while they hold this
 * archive with these settings, down to the oldest of them: that one is
 * returned if Active, or as `publishing` if still being published (a
 * concurrent run on Tencent). Versions that vanish while we look, or are
 * being deleted, are passed over. Reads through `reads`, so a region starts
 * from what was read before packaging.
 */
export async function checkUnchanged(
  reads: FirstReads,
  sha256Hex: string,
  settings: LayerSettings
): Promise<UnchangedCheck> {
  const listed = await reads.list()
  // The oldest holder so far that is Active or still being published.
  let oldest: LayerVersion | undefined
  const found = (floor: number): UnchangedCheck =>
    oldest?.status === 'Publishing'
      ? { existing: undefined, floor, publishing: oldest.version }
      : { existing: oldest, floor }
  for (const v of listed.slice(0, 20)) {
    const got = await getIfExists(() => reads.get(v.version))
    if (!got) continue
    if (
      !holdsArchive(got, sha256Hex, settings) ||
      got.status === 'PublishFailed'
    ) {
      return found(v.version)
    }
    const usable = got.status === undefined || got.status === 'Active'
    if (usable || got.status === 'Publishing') oldest = got
  }
  return found(listed.slice(20)[0]?.version ?? 0)
}

/**
 * Versions newer than `after` that hold this archive with these settings,
 * oldest first. Used after a lost response and after a concurrent race.
 * Best effort: failing to look only means a duplicate may remain.
 */
export async function sameVersionsSince(
  provider: LayerProvider,
  layerId: string,
  after: number,
  sha256Hex: string,
  settings: LayerSettings,
  log: Logger
): Promise<LayerVersion[]> {
  try {
    const candidates: LayerVersionSummary[] = (
      await provider.listVersions(layerId)
    )
      .filter((v) => v.version > after)
      .sort((a, b) => a.version - b.version)
    const out: LayerVersion[] = []
    for (const c of candidates) {
      // A concurrent run may delete its duplicate between our list and get.
      const v = await getIfExists(() => provider.getVersion(layerId, c.version))
      if (!v || v.status === 'PublishFailed') continue
      // A version still becoming Active (Tencent) may be the one we just made.
      if (holdsArchive(v, sha256Hex, settings)) out.push(v)
    }
    return out
  } catch (error) {
    log.debug(
      `[${provider.region}] looking for this archive's version failed: ${errorMessage(error)}`
    )
    return []
  }
}
