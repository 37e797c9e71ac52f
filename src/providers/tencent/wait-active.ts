/**
 * SCF publishes asynchronously: a new version is Publishing until it turns
 * Active (usable) or PublishFailed. This polls until it settles.
 */
import { ProviderError } from '../../errors.js'
import type { LayerVersion } from '../types.js'
import type { Clock } from './api.js'
import type { ErrorDetail } from './errors.js'

/** Poll GetLayerVersion every 1 s at first, backing off to 5 s. */
const POLL_FIRST_MS = 1000
const POLL_MAX_MS = 5000

export interface WaitContext {
  region: string
  waitTimeoutSeconds: number
  clock: Clock
  debug(message: string): void
  getVersion(
    name: string,
    version: number,
    detail: ErrorDetail
  ): Promise<LayerVersion>
  deleteVersion(name: string, version: number): Promise<void>
}

const waitError = (
  ctx: WaitContext,
  operation: string,
  code: string,
  message: string
) =>
  new ProviderError({
    provider: 'tencent',
    operation: `scf:${operation}`,
    region: ctx.region,
    code,
    message
  })

/**
 * Polls until Active; PublishFailed and the wait-timeout are errors.
 * `justPublished`: the version was created by this call, so not finding
 * it yet is read-after-write lag, not a deleted version.
 */
export async function waitActive(
  ctx: WaitContext,
  name: string,
  version: number,
  justPublished = false
): Promise<LayerVersion> {
  const deadline = ctx.clock.now() + ctx.waitTimeoutSeconds * 1000
  let delay = POLL_FIRST_MS
  for (;;) {
    const current = await readStatus(ctx, name, version, justPublished)
    const status = current?.status ?? ''
    if (current && status === 'Active') return current
    if (status === 'PublishFailed') {
      throw await publishFailed(ctx, name, version)
    }
    if (status !== 'Publishing' && status !== '') {
      throw waitError(
        ctx,
        'GetLayerVersion',
        'UnexpectedStatus',
        `${name} version ${version} went to status ${status} while waiting for Active`
      )
    }
    const left = deadline - ctx.clock.now()
    if (left <= 0) {
      throw waitError(
        ctx,
        'GetLayerVersion',
        'WaitTimeout',
        `${name} version ${version} is still ${current ? status || 'Publishing' : 'not readable (ResourceNotFound.LayerVersion)'} after ${ctx.waitTimeoutSeconds} s; raise 'wait-timeout' or check the layer in the SCF console`
      )
    }
    ctx.debug(
      `[${ctx.region}] ${name} version ${version} is ${status || 'Publishing'}; checking again in ${Math.min(delay, left)} ms`
    )
    await ctx.clock.sleep(Math.min(delay, left))
    delay = Math.min(POLL_MAX_MS, Math.round(delay * 1.5))
  }
}

/**
 * Right after PublishLayerVersion, GetLayerVersion may briefly answer
 * ResourceNotFound.LayerVersion (reads lag writes; Tencent's own toolkit
 * keeps polling through errors). Undefined then: keep waiting, within
 * wait-timeout, rather than fail a publish that worked.
 */
async function readStatus(
  ctx: WaitContext,
  name: string,
  version: number,
  justPublished: boolean
): Promise<LayerVersion | undefined> {
  try {
    return await ctx.getVersion(name, version, {
      // The version exists; publishing again would not help.
      retryable: false,
      context: `version ${version} of ${name} was published, but its status could not be read`
    })
  } catch (error) {
    if (
      justPublished &&
      error instanceof ProviderError &&
      error.code === 'ResourceNotFound.LayerVersion'
    ) {
      ctx.debug(
        `[${ctx.region}] ${name} version ${version} is not readable yet`
      )
      return undefined
    }
    throw error
  }
}

/** A failed version is unusable but counts toward the 200-version cap. */
async function publishFailed(
  ctx: WaitContext,
  name: string,
  version: number
): Promise<ProviderError> {
  let cleanup = 'it was deleted'
  try {
    await ctx.deleteVersion(name, version)
  } catch {
    cleanup = 'it could not be deleted and stays listed until you delete it'
  }
  return waitError(
    ctx,
    'PublishLayerVersion',
    'PublishFailed',
    `SCF could not publish ${name} version ${version} (status PublishFailed); ${cleanup}. Check that the archive is a valid zip and unzips to under 500 MB`
  )
}
