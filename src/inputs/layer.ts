/**
 * The layer's identity and settings: name (or ARN), runtimes,
 * architectures, description and licence, each against its provider's rules.
 */
import { InputError } from '../errors.js'
import {
  isWellFormedAwsRuntime,
  runtimeWarnings
} from '../checks/aws-runtimes.js'
import { tencentRuntimeWarnings } from '../checks/tencent-runtimes.js'
import { PROVIDER_RULES, type ProviderRules } from '../providers/rules.js'
import type { ProviderId } from '../providers/types.js'
import { Input, type InputReader } from './names.js'
import { readList } from './parsers.js'

export interface LayerName {
  layerName: string
  layerId: string
  /** The region fixed by a layer ARN, when one was given. */
  arnRegion?: string
}

export function readLayerName(
  read: InputReader,
  rules: ProviderRules
): LayerName {
  const rawName = read(Input.LayerName)
  if (rawName === '') {
    throw new InputError(Input.LayerName, 'is required')
  }
  const arn = rules.layerArn?.exec(rawName)
  if (arn) {
    return {
      layerName: arn.groups?.name ?? rawName,
      layerId: rawName,
      ...(arn.groups?.region !== undefined && {
        arnRegion: arn.groups.region
      })
    }
  }
  if (!rules.layerName.pattern.test(rawName)) {
    throw new InputError(
      Input.LayerName,
      `${rules.layerName.rule} (${rules.displayName}), got '${rawName}'`
    )
  }
  return { layerName: rawName, layerId: rawName }
}

/**
 * Runtimes within the provider's count. AWS ids are judged by family
 * against the action's dated table, not the SDK's enum (which lags new
 * runtimes and keeps refused ones): malformed is an error; unknown,
 * deprecated or soon blocked is a warning. Unknown Tencent names warn.
 */
export function readRuntimes(
  read: InputReader,
  provider: ProviderId,
  today: Date,
  warnings: string[]
): string[] {
  const rules = PROVIDER_RULES[provider]
  const runtimes = readList(read, Input.CompatibleRuntimes)
  if (runtimes.length < rules.runtimes.min) {
    throw new InputError(
      Input.CompatibleRuntimes,
      `is required for ${rules.displayName}: give 1 to ${rules.runtimes.max} runtimes, e.g. Nodejs18.15`
    )
  }
  if (runtimes.length > rules.runtimes.max) {
    throw new InputError(
      Input.CompatibleRuntimes,
      `allows at most ${rules.runtimes.max} runtimes on ${rules.displayName}, got ${runtimes.length}`
    )
  }
  if (provider === 'tencent') {
    warnings.push(...tencentRuntimeWarnings(runtimes).map((w) => w.message))
    return runtimes
  }
  const bad = runtimes.filter((r) => !isWellFormedAwsRuntime(r))
  if (bad.length > 0) {
    throw new InputError(
      Input.CompatibleRuntimes,
      `unknown Lambda runtime ${bad.map((b) => `'${b}'`).join(', ')} (expected names like python3.12, nodejs22.x, provided.al2023)`
    )
  }
  warnings.push(...runtimeWarnings(runtimes, today).map((w) => w.message))
  return runtimes
}

export function readArchitectures(
  read: InputReader,
  rules: ProviderRules
): string[] {
  const architectures = readList(read, Input.CompatibleArchitectures)
  if (architectures.length > 0 && rules.maxArchitectures === 0) {
    throw new InputError(
      Input.CompatibleArchitectures,
      `is not supported by ${rules.displayName} (it has no layer architectures); remove it`
    )
  }
  for (const a of architectures) {
    if (!rules.architectures.includes(a)) {
      throw new InputError(
        Input.CompatibleArchitectures,
        `must be ${rules.architectures.map((x) => `'${x}'`).join(' or ')}, got '${a}'`
      )
    }
  }
  return architectures
}

/** A free-text input within the provider's documented length. */
export function readText(
  read: InputReader,
  name: string,
  max: number | undefined
): string {
  const value = read(name)
  if (max !== undefined && value.length > max) {
    throw new InputError(
      name,
      `must be at most ${max} characters, got ${value.length}`
    )
  }
  return value
}
