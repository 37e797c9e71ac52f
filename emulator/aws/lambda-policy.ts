/**
 * A layer version's resource policy: AddLayerVersionPermission,
 * GetLayerVersionPolicy and RemoveLayerVersionPermission, with RevisionId
 * preconditions.
 */
import { randomUUID } from 'node:crypto'
import {
  findVersion,
  type LambdaState,
  layerArn,
  type LayerParams,
  type Statement,
  validateLayerName
} from './lambda-layers.js'
import {
  invalid,
  LambdaFailure,
  lambdaError,
  notFound,
  ok,
  optString,
  parseJson,
  Validation
} from './lambda-wire.js'
import type { Reply, RequestContext } from './types.js'

const STATEMENT_ID_PATTERN = '([a-zA-Z0-9-_]+)'

const PRINCIPAL_PATTERN = '\\d{12}|\\*|arn:(aws[a-zA-Z-]*):iam::\\d{12}:root'

const ORGANIZATION_PATTERN = 'o-[a-z0-9]{10,32}'

function checkRevision(ctx: RequestContext, current: string | undefined): void {
  const wanted = ctx.url.searchParams.get('RevisionId')
  if (wanted !== null && wanted !== current) {
    throw new LambdaFailure(
      lambdaError(
        ctx,
        412,
        'PreconditionFailedException',
        'The Revision Id provided does not match the latest Revision Id. Call the GetLayerVersionPolicy API to retrieve the latest Revision Id'
      )
    )
  }
}

interface PermissionRequest {
  sid: string
  principal: string
  organizationId?: string
}

/** Reads and validates the body, reporting every violation at once. */
function permissionRequest(
  ctx: RequestContext,
  params: LayerParams
): PermissionRequest {
  const body = parseJson(ctx)
  const sid = optString(ctx, body, 'StatementId')
  const action = optString(ctx, body, 'Action')
  const principal = optString(ctx, body, 'Principal')
  const organizationId = optString(ctx, body, 'OrganizationId')
  const v = new Validation()
  validateLayerName(v, params.layerName ?? '')
  if (sid === undefined) v.add(null, 'statementId', 'Member must not be null')
  v.length(sid, 'statementId', 1, 100)
  v.pattern(sid, 'statementId', STATEMENT_ID_PATTERN)
  if (action === undefined) v.add(null, 'action', 'Member must not be null')
  v.length(action, 'action', 0, 22)
  v.pattern(action, 'action', 'lambda:GetLayerVersion')
  if (principal === undefined)
    v.add(null, 'principal', 'Member must not be null')
  v.pattern(principal, 'principal', PRINCIPAL_PATTERN)
  v.length(organizationId, 'organizationId', 0, 34)
  v.pattern(organizationId, 'organizationId', ORGANIZATION_PATTERN)
  v.throwIfAny(ctx)
  return {
    sid: sid!,
    principal: principal!,
    ...(organizationId !== undefined && { organizationId })
  }
}

export function addPermission(
  ctx: RequestContext,
  state: LambdaState,
  params: LayerParams
): Reply {
  const { sid, principal, organizationId } = permissionRequest(ctx, params)
  const { layer, version } = findVersion(ctx, state, params)
  if (organizationId !== undefined && principal !== '*') {
    invalid(ctx, 'OrganizationId can only be specified when Principal is "*".')
  }
  checkRevision(ctx, version.policy?.revisionId)
  const policy = version.policy ?? { revisionId: '', statements: [] }
  if (policy.statements.some((s) => s.Sid === sid)) {
    throw new LambdaFailure(
      lambdaError(
        ctx,
        409,
        'ResourceConflictException',
        `The statement id (${sid}) provided already exists. Please provide a new statement id, or remove the existing statement.`
      )
    )
  }
  const statement: Statement = {
    Sid: sid,
    Effect: 'Allow',
    Principal:
      principal === '*'
        ? '*'
        : {
            AWS: /^\d{12}$/.test(principal)
              ? `arn:aws:iam::${principal}:root`
              : principal
          },
    Action: 'lambda:GetLayerVersion',
    Resource: `${layerArn(ctx, layer.name)}:${version.version}`,
    ...(organizationId !== undefined && {
      Condition: { StringEquals: { 'aws:PrincipalOrgID': organizationId } }
    })
  }
  policy.statements.push(statement)
  policy.revisionId = randomUUID()
  version.policy = policy
  return ok(ctx, 201, {
    Statement: JSON.stringify(statement),
    RevisionId: policy.revisionId
  })
}

export function getPolicy(
  ctx: RequestContext,
  state: LambdaState,
  params: LayerParams
): Reply {
  const { version } = findVersion(ctx, state, params)
  const policy = version.policy
  if (!policy || policy.statements.length === 0) {
    notFound(ctx, 'No policy is associated with the given resource.')
  }
  return ok(ctx, 200, {
    Policy: JSON.stringify({
      Version: '2012-10-17',
      Id: 'default',
      Statement: policy.statements
    }),
    RevisionId: policy.revisionId
  })
}

export function removePermission(
  ctx: RequestContext,
  state: LambdaState,
  params: LayerParams
): Reply {
  const v = new Validation()
  v.length(params.statementId, 'statementId', 1, 100)
  v.pattern(params.statementId, 'statementId', STATEMENT_ID_PATTERN)
  v.throwIfAny(ctx)
  const { version } = findVersion(ctx, state, params)
  const policy = version.policy
  if (!policy || policy.statements.length === 0) {
    notFound(ctx, 'No policy is associated with the given resource.')
  }
  checkRevision(ctx, policy.revisionId)
  const index = policy.statements.findIndex((s) => s.Sid === params.statementId)
  if (index < 0) {
    notFound(
      ctx,
      `Statement ${params.statementId ?? ''} is not found in resource policy.`
    )
  }
  policy.statements.splice(index, 1)
  policy.revisionId = randomUUID()
  if (policy.statements.length === 0) delete version.policy
  return ok(ctx, 204)
}
