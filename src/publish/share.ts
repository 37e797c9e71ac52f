/**
 * share-with: read access to a published version, one grant per principal.
 * Statement ids are deterministic, so a re-run recognises its own grants.
 */
import { InputError } from '../errors.js'
import type { Principal } from '../inputs/types.js'
import type { Logger } from '../log.js'
import type { LayerProvider } from '../providers/types.js'
import type { PublishPlan, RegionResult } from './plan.js'

export interface Grant {
  label: string
  statementId: string
  principal: string
  organizationId?: string
}

export function permissionFor(p: Principal): Grant {
  switch (p.kind) {
    case 'account':
      return {
        label: p.id,
        statementId: `publish-layer-${p.id}`,
        principal: p.id
      }
    case 'organization':
      return {
        label: p.id,
        statementId: `publish-layer-${p.id}`,
        principal: '*',
        organizationId: p.id
      }
    case 'public':
      return {
        label: 'public',
        statementId: 'publish-layer-public',
        principal: '*'
      }
  }
}

/** Grants read access per principal; a grant already there counts as done. */
export async function share(
  provider: LayerProvider,
  plan: PublishPlan,
  result: RegionResult,
  log: Logger
): Promise<void> {
  for (const p of plan.shareWith) {
    const perm = permissionFor(p)
    if (plan.dryRun || result.version === null) {
      result.sharedWith.push(perm.label)
      continue
    }
    if (!provider.addPermission) {
      throw new InputError('share-with', `is not supported by ${provider.id}`)
    }
    const added = await provider.addPermission(
      plan.layerId,
      result.version,
      perm.statementId,
      perm.principal,
      ...(perm.organizationId !== undefined ? [perm.organizationId] : [])
    )
    result.sharedWith.push(perm.label)
    log.info(
      `[${result.region}] ${added ? 'shared' : 'already shared'} version ${result.version} with ${perm.label}`
    )
  }
}
