/** Facts about the run that outputs and the summary link to. */
import type { ActionInputs } from './inputs/types.js'
import type { OutputContext } from './summary/types.js'

export function runContext(
  inputs: ActionInputs,
  env: NodeJS.ProcessEnv
): OutputContext {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID, GITHUB_SHA } =
    env
  return {
    provider: inputs.provider,
    layerName: inputs.layerName,
    dryRun: inputs.dryRun,
    ...(GITHUB_SERVER_URL && GITHUB_REPOSITORY && GITHUB_RUN_ID
      ? {
          runUrl: `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`
        }
      : {}),
    ...(GITHUB_SHA ? { commit: GITHUB_SHA } : {})
  }
}
