/** Where to publish: the region list, or the environment's region. */
import { InputError } from '../errors.js'
import type { ProviderRules } from '../providers/rules.js'
import type { ProviderId } from '../providers/types.js'
import { Input, type InputReader } from './names.js'
import { readList } from './parsers.js'

export function readRegions(
  read: InputReader,
  provider: ProviderId,
  rules: ProviderRules,
  env: NodeJS.ProcessEnv,
  arnRegion: string | undefined
): string[] {
  let regions = readList(read, Input.Region)
  if (regions.length === 0) {
    const fromEnv =
      provider === 'aws'
        ? env.AWS_REGION || env.AWS_DEFAULT_REGION
        : env.TENCENTCLOUD_REGION
    if (fromEnv) regions = [fromEnv.trim()]
    else if (arnRegion) regions = [arnRegion]
  }
  if (regions.length === 0) {
    throw new InputError(
      Input.Region,
      provider === 'aws'
        ? 'is required: set it, or AWS_REGION / AWS_DEFAULT_REGION (configure-aws-credentials sets them)'
        : 'is required: set it, or TENCENTCLOUD_REGION'
    )
  }
  for (const r of regions) {
    if (!rules.region.pattern.test(r)) {
      throw new InputError(
        Input.Region,
        `'${r}' is not a ${rules.displayName} region name (e.g. ${rules.region.example})`
      )
    }
  }
  if (arnRegion && regions.some((r) => r !== arnRegion)) {
    throw new InputError(
      Input.LayerName,
      `is an ARN in ${arnRegion}, which does not match region ${regions.join(', ')}; give a plain layer name to publish to other regions`
    )
  }
  return regions
}
