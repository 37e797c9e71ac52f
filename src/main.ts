/**
 * Orchestration only: inputs → package → plan → publish per region →
 * outputs and summary. The one place that talks to @actions/core for
 * outputs and failure.
 */
import * as core from '@actions/core'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { errorMessage, InputError } from './errors.js'
import {
  envInputReader,
  readInputs,
  secretValues,
  type ActionInputs,
  type InputReader
} from './inputs.js'
import type { Logger } from './log.js'
import type { ArchiveInfo, ZipEntrySource } from './package/types.js'
import { httpTailFetcher, type TailFetcher } from './providers/content.js'
import {
  createProvider,
  loadAwsRuntimes,
  type ProviderFactory
} from './providers/index.js'
import type { LayerProvider } from './providers/types.js'
import { layoutWarnings } from './providers/layout.js'
import { PROVIDER_RULES } from './providers/rules.js'
import {
  findBuiltArchive,
  formatBytes,
  needsUpload,
  preflight,
  publishAll,
  recordReads,
  type PublishPlan
} from './publish.js'
import { buildOutputs, buildSummary, type OutputContext } from './summary.js'

export const USER_AGENT = 'publish-layer/0.1.0'

/** What tests may replace; production uses the defaults. */
export interface Dependencies {
  read: InputReader
  env: NodeJS.ProcessEnv
  createProvider: ProviderFactory
  /** Reads the end of an existing version's archive (skip-unchanged). */
  fetchTail?: TailFetcher
}

const coreLogger: Logger = {
  info: (m) => core.info(m),
  warning: (m) => core.warning(m),
  debug: (m) => core.debug(m)
}

/** Timeouts can be shortened for fault tests; a bad value is an error, not a default. */
function envMs(env: NodeJS.ProcessEnv, name: string, def: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return def
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new Error(
      `Environment variable ${name} must be a positive whole number of milliseconds, got '${raw}'`
    )
  }
  return Number(raw)
}

/** The files to package, or the given zip-file already inspected. */
type Source =
  | { kind: 'files'; entries: ZipEntrySource[] }
  | { kind: 'zip'; archive: ArchiveInfo }

async function readSource(inputs: ActionInputs, log: Logger): Promise<Source> {
  // Loaded here, not at start-up: a run that fails on its inputs never pays for it.
  const { inspectZip, selectFiles } = await import('./package/index.js')
  if (inputs.source.kind === 'zip') {
    const archive = await inspectZip(inputs.source.zipFile)
    log.info(
      `Using ${inputs.source.zipFile} as is: ${archive.entryCount} entries`
    )
    return { kind: 'zip', archive }
  }
  const entries = await selectFiles({
    patterns: inputs.source.patterns,
    baseDirectory: inputs.source.baseDirectory,
    prefix: inputs.source.prefix,
    symlinks: inputs.source.symlinks
  })
  return { kind: 'files', entries }
}

async function buildArchive(
  inputs: ActionInputs,
  entries: ZipEntrySource[],
  log: Logger
): Promise<ArchiveInfo> {
  const { writeZip } = await import('./package/index.js')
  const dir = join(inputs.runnerTemp, 'publish-layer')
  await mkdir(dir, { recursive: true })
  const out = join(dir, `${inputs.layerName}.zip`)
  log.info(
    `Packaging ${entries.length} files from ${inputs.source.kind === 'paths' ? inputs.source.baseDirectory : ''}`
  )
  return writeZip(entries, out)
}

/**
 * Whether to look for the archive among existing versions before building
 * it: not when it might break a size rule, since those input errors must
 * come before any call. `bound` is at least the real archive's size, and
 * every rule fails only what is too big, so passing with it is passing.
 */
function passesPreflight(bound: ArchiveInfo, plan: PublishPlan): boolean {
  try {
    preflight(bound, plan)
    return true
  } catch {
    return false
  }
}

function describe(a: ArchiveInfo): ArchiveInfo {
  core.info(
    `Archive ${a.path}: ${formatBytes(a.size)} (${a.entryCount} entries, ${formatBytes(a.unzippedSize)} unzipped), sha256 ${a.sha256}`
  )
  return a
}

export async function run(deps: Partial<Dependencies> = {}): Promise<void> {
  const env = deps.env ?? process.env
  const read = deps.read ?? envInputReader(env)
  const makeProvider = deps.createProvider ?? createProvider
  try {
    // Mask first, so that no later failure can echo a secret.
    for (const secret of secretValues(read, env)) core.setSecret(secret)

    const inputs = readInputs(read, { env })
    if (inputs.provider === 'aws' && inputs.compatibleRuntimes.length > 0) {
      // Validated against the SDK's own enum, loaded only when needed.
      readInputs(read, { env, awsRuntimes: await loadAwsRuntimes() })
    }
    for (const w of inputs.warnings) core.warning(w)

    const plan: PublishPlan = {
      provider: inputs.provider,
      layerId: inputs.layerId,
      layerName: inputs.layerName,
      settings: {
        layerName: inputs.layerId,
        compatibleRuntimes: inputs.compatibleRuntimes,
        compatibleArchitectures: inputs.compatibleArchitectures,
        description: inputs.description,
        licenseInfo: inputs.licenseInfo,
        tags: inputs.tags
      },
      ...(inputs.bucket !== undefined && { bucket: inputs.bucket }),
      objectPrefix: inputs.objectPrefix,
      upload: inputs.upload,
      deleteObject: inputs.deleteObject,
      skipUnchanged: inputs.skipUnchanged,
      dryRun: inputs.dryRun,
      shareWith: inputs.shareWith,
      keepVersions: inputs.keepVersions,
      maxAttempts: inputs.maxAttempts
    }

    const requestTimeoutMs = envMs(
      env,
      'PUBLISH_LAYER_REQUEST_TIMEOUT_MS',
      120_000
    )
    const connectTimeoutMs = envMs(
      env,
      'PUBLISH_LAYER_CONNECT_TIMEOUT_MS',
      10_000
    )
    const made = new Map<string, Promise<LayerProvider>>()
    const providerFor = (region: string): Promise<LayerProvider> => {
      let p = made.get(region)
      if (!p) {
        p = makeProvider(
          {
            provider: inputs.provider,
            region,
            maxAttempts: inputs.maxAttempts,
            waitTimeoutSeconds: inputs.waitTimeoutSeconds,
            requestTimeoutMs,
            connectTimeoutMs,
            userAgent: USER_AGENT,
            ...(inputs.endpointUrl !== undefined && {
              endpointUrl: inputs.endpointUrl
            }),
            ...(inputs.storageEndpointUrl !== undefined && {
              storageEndpointUrl: inputs.storageEndpointUrl
            }),
            ...(inputs.tencentCredentials !== undefined && {
              tencentCredentials: inputs.tencentCredentials
            })
          },
          coreLogger
        )
        made.set(region, p)
      }
      return p
    }
    // Set when the newest versions were read before packaging: the region
    // runs start from those answers.
    let readProviders: Map<string, LayerProvider> | undefined

    const archive = await core.group('Package', async () => {
      const source = await readSource(inputs, coreLogger)
      if (source.kind === 'zip') return describe(source.archive)
      const { digestFiles, maxArchiveSize } = await import('./package/index.js')
      const { entries } = source
      // All the archive will be but its bytes; its size is a bound.
      const listed: ArchiveInfo = {
        path: '',
        size: maxArchiveSize(entries),
        sha256: '',
        unzippedSize: entries.reduce((n, e) => n + e.size, 0),
        entryCount: entries.length,
        names: entries.map((e) => e.name)
      }
      if (inputs.skipUnchanged && passesPreflight(listed, plan)) {
        try {
          const recorded = await Promise.all(
            inputs.regions.map(async (r) => recordReads(await providerFor(r)))
          )
          const providers = recorded.map((r) => r.provider)
          const known = await findBuiltArchive(
            providers,
            plan,
            () => digestFiles(entries),
            deps.fetchTail ?? httpTailFetcher(requestTimeoutMs),
            coreLogger
          )
          // Whatever was found, each region's run starts from these reads.
          for (const r of recorded) r.replay()
          readProviders = new Map(providers.map((p) => [p.region, p]))
          if (known) {
            core.info(
              `The newest version in ${inputs.regions.length === 1 ? inputs.regions[0] : `each of ${inputs.regions.length} regions`} was built from these very ${entries.length} files (fingerprint in its archive): not packaging them again. Archive sha256 ${known.sha256}, ${formatBytes(known.size)}`
            )
            return { ...listed, size: known.size, sha256: known.sha256 }
          }
        } catch (error) {
          // The region runs below report a provider that cannot be made.
          core.debug(`skip check before packaging: ${errorMessage(error)}`)
        }
      }
      return describe(await buildArchive(inputs, entries, coreLogger))
    })

    preflight(archive, plan)
    for (const w of layoutWarnings(
      inputs.provider,
      inputs.compatibleRuntimes,
      archive.names
    )) {
      core.warning(w)
    }

    const providerName =
      inputs.provider === 'aws' ? 'AWS Lambda' : 'Tencent Cloud SCF'
    const results = await core.group(
      `Publish to ${providerName} (${inputs.regions.join(', ')}), ${needsUpload(archive.size, plan.upload, PROVIDER_RULES[plan.provider].maxInlineBytes) ? 'via object storage' : 'inline'}`,
      () =>
        publishAll(
          inputs.regions,
          async (region) => readProviders?.get(region) ?? providerFor(region),
          archive,
          plan,
          coreLogger
        )
    )

    const ctx: OutputContext = {
      provider: inputs.provider,
      layerName: inputs.layerName,
      dryRun: inputs.dryRun,
      ...(env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
        ? {
            runUrl: `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
          }
        : {}),
      ...(env.GITHUB_SHA ? { commit: env.GITHUB_SHA } : {})
    }
    for (const [name, value] of Object.entries(
      buildOutputs(archive, results, ctx)
    )) {
      core.setOutput(name, value)
    }
    if (env.GITHUB_STEP_SUMMARY) {
      await core.summary.addRaw(buildSummary(archive, results, ctx)).write()
    }

    const failed = results.filter((r) => r.status === 'failed')
    if (failed.length > 0) {
      const lines = failed.map((r) => `${r.region}: ${r.error}`)
      throw new Error(
        failed.length === 1 && results.length === 1
          ? lines[0]!
          : `Publishing failed in ${failed.length} of ${results.length} regions:\n${lines.join('\n')}`
      )
    }
  } catch (error) {
    core.setFailed(errorMessage(error))
    if (error instanceof Error && !(error instanceof InputError)) {
      core.debug(error.stack ?? '')
    }
  }
}
