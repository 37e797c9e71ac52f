/**
 * One region's copy of the archive in S3 or COS: uploading it, re-uploading
 * it when a concurrent run's delete-object removed it, and cleaning up
 * after the region's run whatever happened.
 */
import { errorMessage } from '../errors.js'
import type { Logger } from '../log.js'
import type { ArchiveInfo } from '../package/types.js'
import { PROVIDER_RULES } from '../providers/rules.js'
import type {
  LayerContent,
  LayerProvider,
  ObjectLocation
} from '../providers/types.js'
import { formatBytes } from '../util/format.js'

/** Logs upload progress at each 10% step or every 15 s, not on every event. */
export function progressLogger(
  log: Logger,
  label: string,
  now: () => number = Date.now
): (loaded: number, total: number) => void {
  let lastStep = -1
  let lastTime = now()
  return (loaded, total) => {
    const step = total > 0 ? Math.floor((loaded / total) * 10) : 0
    const t = now()
    if (step > lastStep || t - lastTime >= 15_000) {
      lastStep = Math.max(step, lastStep)
      lastTime = t
      const pct = total > 0 ? Math.floor((loaded / total) * 100) : 0
      log.info(
        `${label}: ${pct}% (${formatBytes(loaded)} of ${formatBytes(total)})`
      )
    }
  }
}

export class ArchiveUpload {
  private uploaded: ObjectLocation | undefined
  private started = false

  constructor(
    private readonly provider: LayerProvider,
    readonly target: ObjectLocation,
    private readonly archive: ArchiveInfo,
    private readonly log: Logger,
    private readonly signal?: AbortSignal
  ) {}

  /** `bucket/key`, as results and the summary show it. */
  get storage(): string {
    return `${this.target.bucket}/${this.target.key}`
  }

  async upload(): Promise<LayerContent> {
    const { region } = this.provider
    const scheme = PROVIDER_RULES[this.provider.id].storage.scheme
    this.log.info(
      `[${region}] uploading ${formatBytes(this.archive.size)} to ${scheme}://${this.storage}`
    )
    this.started = true
    this.uploaded = await this.provider.uploadArchive(
      this.archive.path,
      this.target,
      progressLogger(this.log, `[${region}] upload`),
      this.signal
    )
    return { kind: 'object', location: this.uploaded }
  }

  /** The shared object vanished before publish read it: put it back. */
  async again(): Promise<LayerContent> {
    this.log.info(
      `[${this.provider.region}] ${this.storage} was gone when the layer was published (another run's delete-object?); uploading it again`
    )
    this.uploaded = await this.provider.uploadArchive(
      this.archive.path,
      this.target,
      undefined,
      this.signal
    )
    return { kind: 'object', location: this.uploaded }
  }

  /** delete-object, and a last sweep for uploads the service started late. */
  async cleanUp(deleteObject: boolean): Promise<void> {
    const { region } = this.provider
    const uploaded = this.uploaded
    if (uploaded && deleteObject) {
      try {
        await this.provider.deleteObject(uploaded)
        this.log.info(`[${region}] deleted ${uploaded.bucket}/${uploaded.key}`)
      } catch (error) {
        this.log.warning(
          `[${region}] could not delete ${uploaded.bucket}/${uploaded.key}: ${errorMessage(error)}`
        )
      }
    }
    if (this.started && this.provider.sweepUploads) {
      await this.provider.sweepUploads(this.target).catch((error: unknown) => {
        this.log.debug(`[${region}] ${errorMessage(error)}`)
      })
    }
  }
}
