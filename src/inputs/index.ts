/**
 * Reads every input once, validates it, and returns one typed object per
 * provider. Nothing here calls a provider: an invalid input must fail
 * before any write (or read) call is made. Checks run in a fixed order, so
 * a step with several mistakes always reports the same one first.
 */
import { resolve } from 'node:path'
import { tmpdir } from 'node:os'
import { PROVIDER_RULES, type ProviderRules } from '../providers/rules.js'
import {
  readTencentCredentials,
  refuseTencentCredentials
} from './credentials.js'
import {
  readArchitectures,
  readLayerName,
  readRuntimes,
  readText
} from './layer.js'
import { readFunctionRelease, readUpdateFunctions } from './functions.js'
import { Input, type InputReader } from './names.js'
import { parseBoolean, parseChoice, parseInteger, parseUrl } from './parsers.js'
import { readRegions } from './regions.js'
import { readShareWith, readTags } from './sharing-and-tags.js'
import { readSourceInput } from './source.js'
import { readStorage } from './storage.js'
import type { ActionInputs } from './types.js'

export {
  envInputReader,
  Input,
  secretValues,
  type InputReader
} from './names.js'
export { splitList } from './parsers.js'
export type * from './types.js'

/** Retention, tags, waiting, attempts and endpoints, in the order checked. */
function readRunSettings(read: InputReader, rules: ProviderRules) {
  const keepVersions = parseInteger(read, Input.KeepVersions, 0, 0, 10_000)
  const tags = readTags(read, rules)
  const waitTimeoutSeconds = parseInteger(read, Input.WaitTimeout, 300, 1, 3600)
  const maxAttempts = parseInteger(read, Input.MaxAttempts, 5, 1, 20)
  const endpointUrl = parseUrl(read, Input.EndpointUrl)
  const storageEndpointUrl = parseUrl(read, Input.StorageEndpointUrl)
  return {
    keepVersions,
    tags,
    waitTimeoutSeconds,
    maxAttempts,
    ...(endpointUrl !== undefined && { endpointUrl }),
    ...(storageEndpointUrl !== undefined && { storageEndpointUrl })
  }
}

export interface ReadContext {
  env?: NodeJS.ProcessEnv
  /** Today, for runtime lifecycle warnings; injectable so tests fix the date. */
  now?: () => Date
}

/**
 * Reads and validates all inputs. Throws InputError naming the input and
 * the rule on the first problem found.
 */
export function readInputs(
  read: InputReader,
  context: ReadContext = {}
): ActionInputs {
  const env = context.env ?? process.env
  const warnings: string[] = []
  const provider = parseChoice(
    read,
    Input.Provider,
    ['aws', 'tencent'] as const,
    'aws'
  )
  const rules = PROVIDER_RULES[provider]
  const name = readLayerName(read, rules)
  const workspace = resolve(env.GITHUB_WORKSPACE || process.cwd())
  const runnerTemp = resolve(env.RUNNER_TEMP || tmpdir())
  const source = readSourceInput(read, workspace)
  const compatibleRuntimes = readRuntimes(
    read,
    provider,
    (context.now ?? (() => new Date()))(),
    warnings
  )
  const compatibleArchitectures = readArchitectures(read, rules)
  const description = readText(read, Input.Description, rules.descriptionMax)
  const licenseInfo = readText(read, Input.LicenseInfo, rules.licenseMax)
  const regions = readRegions(read, provider, rules, env, name.arnRegion)
  const storage = readStorage(read, rules, regions)
  const common = {
    layerName: name.layerName,
    layerId: name.layerId,
    source,
    compatibleRuntimes,
    description,
    licenseInfo,
    regions,
    ...storage,
    skipUnchanged: parseBoolean(read, Input.SkipUnchanged, true),
    dryRun: parseBoolean(read, Input.DryRun, false),
    strict: parseBoolean(read, Input.Strict, false)
  }
  const shareWith = readShareWith(read, rules)
  const { tags, ...settings } = readRunSettings(read, rules)
  const updateFunctions = readUpdateFunctions(read, provider, regions)
  const release = readFunctionRelease(read, provider, updateFunctions)
  const rest = {
    ...common,
    ...settings,
    updateFunctions,
    workspace,
    runnerTemp,
    warnings
  }
  if (provider === 'tencent') {
    const tencentCredentials = readTencentCredentials(read, env)
    return { provider, ...rest, tags, tencentCredentials }
  }
  refuseTencentCredentials(read)
  return { provider, ...rest, compatibleArchitectures, shareWith, ...release }
}
