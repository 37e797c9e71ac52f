/**
 * Skip unchanged without packaging. When every region's newest version has
 * these settings and its archive's comment carries the fingerprint of these
 * very files, the archive this run would build is byte for byte that one
 * (the writer is deterministic): its SHA-256 and size are known, and the
 * usual check after packaging then finds it unchanged everywhere. Reads a
 * few hundred bytes per region; the files are hashed only if every region
 * has such a candidate.
 */
import { errorMessage } from '../errors.js'
import type { Logger } from '../log.js'
import {
  FINGERPRINT_TAIL_BYTES,
  fingerprintOf
} from '../package/fingerprint.js'
import type { TailFetcher } from '../providers/archive-tail.js'
import type { LayerProvider, LayerSettings } from '../providers/types.js'
import { mapLimit } from '../util/concurrency.js'
import { settle, type RegionReads } from './first-reads.js'
import { getIfExists, isSameVersion } from './versions.js'

/** The archive a re-run would build, known without building it. */
export interface KnownArchive {
  /** SHA-256 of the archive, lower-case hex. */
  sha256: string
  size: number
}

/** What the check before packaging learnt; each region starts from `reads`. */
export interface EarlyCheck {
  reads: RegionReads[]
  /** Set when every region already holds the archive these files make. */
  known?: KnownArchive
}

/** Lists the layer and reads its newest version, keeping every outcome. */
export async function readNewest(
  provider: LayerProvider,
  layerId: string
): Promise<RegionReads> {
  const list = await settle(provider.listVersions(layerId))
  const newest = list.ok ? list.value[0] : undefined
  if (!newest) return { region: provider.region, list }
  const read = await settle(provider.getVersion(layerId, newest.version))
  return {
    region: provider.region,
    list,
    newest: { version: newest.version, read }
  }
}

interface Candidate extends KnownArchive {
  fingerprint: string
}

async function candidateOf(
  reads: RegionReads,
  settings: LayerSettings,
  fetchTail: TailFetcher
): Promise<Candidate | undefined> {
  const { newest } = reads
  if (!newest) return undefined
  const v = await getIfExists(async () => {
    if (newest.read.ok) return newest.read.value
    throw newest.read.error
  })
  if (!v?.contentUrl || !isSameVersion(v, v.sha256Hex, settings)) {
    return undefined
  }
  const tail = await fetchTail(v.contentUrl, FINGERPRINT_TAIL_BYTES)
  const fingerprint = tail && fingerprintOf(tail.bytes)
  if (!tail || !fingerprint) return undefined
  return { sha256: v.sha256Hex, size: tail.totalSize, fingerprint }
}

/**
 * Reads every region (at most 4 at once) and tells whether the files'
 * fingerprint matches the archive every region's newest version holds.
 * Best effort, never throws: a failed read only means "build and compare
 * as usual", and the region's own run reports it.
 */
export async function checkBeforePackaging(
  providers: LayerProvider[],
  layerId: string,
  settings: LayerSettings,
  filesSha256: () => string,
  fetchTail: TailFetcher,
  log: Logger
): Promise<EarlyCheck> {
  const found = await mapLimit(providers, 4, async (provider) => {
    const reads = await readNewest(provider, layerId)
    const candidate = await candidateOf(reads, settings, fetchTail).catch(
      (error: unknown) => {
        log.debug(`[${provider.region}] ${errorMessage(error)}`)
        return undefined
      }
    )
    return { reads, candidate }
  })
  const reads = found.map((f) => f.reads)
  const [first, ...rest] = found.map((f) => f.candidate)
  const agree =
    first !== undefined &&
    rest.every(
      (c) =>
        c !== undefined &&
        c.fingerprint === first.fingerprint &&
        c.sha256 === first.sha256 &&
        c.size === first.size
    )
  if (!agree) return { reads }
  try {
    if (filesSha256() !== first.fingerprint) return { reads }
  } catch (error) {
    log.debug(
      `could not tell without packaging whether the files changed: ${errorMessage(error)}`
    )
    return { reads }
  }
  return { reads, known: { sha256: first.sha256, size: first.size } }
}
