/**
 * The phases of a run, in order: inputs → source → skip check → package →
 * checks → publish per region → outputs and summary. Each phase is a call
 * into its module; this is the one place that talks to @actions/core for
 * outputs and failure.
 */
import * as core from '@actions/core'
import { watchCancellation, type Cancellation } from './cancel.js'
import { errorMessage, InputError, throwIfCancelled } from './errors.js'
import { readTimeouts } from './inputs/environment.js'
import {
  envInputReader,
  readInputs,
  secretValues,
  type InputReader
} from './inputs/index.js'
import type { ActionInputs } from './inputs/types.js'
import type { Logger } from './log.js'
import type { ArchiveInfo } from './package/types.js'
import { archiveSummaryLine, buildArchive } from './packaging.js'
import { httpTailFetcher, type TailFetcher } from './providers/archive-tail.js'
import { createProvider, type ProviderFactory } from './providers/index.js'
import {
  prePublishChecks,
  type CheckFacts,
  type LayerContents
} from './checks/index.js'
import { failureOf, publishAll, publishTitle } from './publish/fan-out.js'
import { planFrom, type RegionResult } from './publish/plan.js'
import { regionProviders } from './publish/providers.js'
import type { RegionReads } from './skip/first-reads.js'
import { skipBeforePackaging, type SkipContext } from './skip/index.js'
import { contentsOf, selectSource } from './source.js'
import { runContext } from './run-context.js'
import {
  buildOutputs,
  buildSummary,
  type OutputContext
} from './summary/index.js'

export const USER_AGENT = 'publish-layer/0.1.0'

/** What tests may replace; production uses the defaults. */
export interface Dependencies {
  read: InputReader
  env: NodeJS.ProcessEnv
  createProvider: ProviderFactory
  /** Reads the end of an existing version's archive (skip-unchanged). */
  fetchTail?: TailFetcher
  /** Cancellation; by default SIGINT and SIGTERM, as the runner sends them. */
  signal?: AbortSignal
}

const log: Logger = {
  info: (m) => core.info(m),
  warning: (m) => core.warning(m),
  debug: (m) => core.debug(m)
}

/** Source selection, the skip check before packaging, then packaging. */
interface Packaged {
  archive: ArchiveInfo
  contents: LayerContents
  reads: RegionReads[]
}

async function packagePhase(
  inputs: ActionInputs,
  skip: SkipContext
): Promise<Packaged> {
  const selection = await selectSource(inputs, log)
  if (selection.kind === 'zip') {
    log.info(archiveSummaryLine(selection.archive))
    const contents = contentsOf(selection)
    return { archive: selection.archive, contents, reads: [] }
  }
  const early = await skipBeforePackaging(selection.entries, skip)
  if (early.archive) {
    const contents = contentsOf(selection)
    return { archive: early.archive, contents, reads: early.reads }
  }
  const built = await buildArchive(inputs, selection.entries, log)
  log.info(archiveSummaryLine(built))
  // After packaging, which reads the files' sizes as it goes.
  return { archive: built, contents: contentsOf(selection), reads: early.reads }
}

/** Step outputs and the job summary. */
async function report(
  archive: ArchiveInfo,
  results: RegionResult[],
  ctx: OutputContext,
  checks: CheckFacts,
  env: NodeJS.ProcessEnv
): Promise<void> {
  const extras = { warnings: checks.warnings, size: checks.size }
  for (const [name, value] of Object.entries(
    buildOutputs(archive, results, ctx, extras)
  )) {
    core.setOutput(name, value)
  }
  if (env.GITHUB_STEP_SUMMARY) {
    const page = buildSummary(archive, results, ctx, extras)
    await core.summary.addRaw(page).write()
  }
}

/** The runner's cancellation, with a forced exit if the run lingers. */
function processCancellation(): Cancellation {
  return watchCancellation((error) => {
    core.setFailed(error.message)
    process.exit(1)
  })
}

export async function run(deps: Partial<Dependencies> = {}): Promise<void> {
  const env = deps.env ?? process.env
  const read = deps.read ?? envInputReader(env)
  const cancellation = deps.signal ? undefined : processCancellation()
  const signal = deps.signal ?? cancellation!.signal
  try {
    // Mask first, so that no later failure can echo a secret.
    for (const secret of secretValues(read, env)) core.setSecret(secret)
    const inputs = readInputs(read, { env })
    const plan = { ...planFrom(inputs), signal }
    const timeouts = readTimeouts(env)
    const providerFor = regionProviders(
      inputs,
      timeouts,
      USER_AGENT,
      deps.createProvider ?? createProvider,
      log
    )

    const fetchTail =
      deps.fetchTail ?? httpTailFetcher(timeouts.requestTimeoutMs)
    const { archive, contents, reads } = await core.group('Package', () =>
      packagePhase(inputs, {
        plan,
        regions: inputs.regions,
        providerFor,
        fetchTail,
        log
      })
    )
    const checks = await prePublishChecks(archive, plan, contents, inputs)
    for (const w of checks.warnings) core.warning(w)
    throwIfCancelled(signal)
    const results = await core.group(
      publishTitle(inputs.regions, archive, plan),
      () =>
        publishAll(inputs.regions, providerFor, archive, plan, log, 4, reads)
    )

    await report(archive, results, runContext(inputs, env), checks, env)
    throwIfCancelled(signal)
    const failure = failureOf(results)
    if (failure) throw failure
  } catch (error) {
    core.setFailed(errorMessage(error))
    if (error instanceof Error && !(error instanceof InputError)) {
      core.debug(error.stack ?? '')
    }
  } finally {
    cancellation?.dispose()
  }
}
