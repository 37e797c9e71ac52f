/**
 * Function versions and aliases: PublishVersion (nothing new when $LATEST
 * has not changed since the last version, as Lambda answers), CreateAlias,
 * GetAlias and UpdateAlias with RevisionId.
 */
import { randomUUID } from 'node:crypto'
import {
  type Alias,
  configuration,
  conflict,
  findFunction,
  functionArn,
  type FunctionConfig,
  type FunctionParams,
  type FunctionState,
  functionNotFound,
  type LambdaFunction,
  preconditionFailed,
  refuseWhileBusy
} from './lambda-functions.js'
import {
  invalid,
  notFound,
  ok,
  optString,
  parseJson,
  Validation
} from './lambda-wire.js'
import type { Reply, RequestContext } from './types.js'

const ALIAS_PATTERN = '(?!^[0-9]+$)([a-zA-Z0-9-_]+)'
const VERSION_PATTERN = '(\\$LATEST|[0-9]+)'

function sameConfig(a: FunctionConfig, b: FunctionConfig): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

export function publishVersion(
  ctx: RequestContext,
  fns: FunctionState,
  params: FunctionParams
): Reply {
  const { fn, qualifier } = findFunction(ctx, fns, params)
  if (qualifier !== undefined) {
    invalid(ctx, 'Version publishing is only supported on $LATEST.')
  }
  const body = parseJson(ctx)
  const codeSha256 = optString(ctx, body, 'CodeSha256')
  const description = optString(ctx, body, 'Description')
  const revisionId = optString(ctx, body, 'RevisionId')
  const v = new Validation()
  v.length(description, 'description', 0, 256)
  v.throwIfAny(ctx)
  const latest = fn.latest
  if (revisionId !== undefined && revisionId !== latest.revisionId) {
    preconditionFailed(ctx)
  }
  if (codeSha256 !== undefined && codeSha256 !== latest.config.codeSha256) {
    invalid(
      ctx,
      `CodeSHA256 (${codeSha256}) is different from current CodeSHA256 in $LATEST (${latest.config.codeSha256}). Please try again with the CodeSHA256 in $LATEST.`
    )
  }
  refuseWhileBusy(ctx, fn)
  const last = fn.versions.get(fn.lastVersion)
  if (last && fn.publishedFrom && sameConfig(fn.publishedFrom, latest.config)) {
    return ok(ctx, 201, configuration(ctx, fn, last, fn.lastVersion))
  }
  const version = ++fn.lastVersion
  const revision = {
    config: {
      ...latest.config,
      ...(description !== undefined && { description })
    },
    revisionId: randomUUID(),
    lastModified: latest.lastModified
  }
  fn.versions.set(version, revision)
  fn.publishedFrom = latest.config
  return ok(ctx, 201, configuration(ctx, fn, revision, version))
}

function aliasArn(ctx: RequestContext, fn: LambdaFunction, name: string) {
  return `${functionArn(ctx, fn.name)}:${name}`
}

function aliasReply(
  ctx: RequestContext,
  fn: LambdaFunction,
  status: number,
  alias: Alias
): Reply {
  return ok(ctx, status, {
    AliasArn: aliasArn(ctx, fn, alias.name),
    Name: alias.name,
    FunctionVersion: alias.functionVersion,
    Description: alias.description,
    RevisionId: alias.revisionId
  })
}

/** A version an alias may point at must exist. */
function checkVersion(
  ctx: RequestContext,
  fn: LambdaFunction,
  version: string
): void {
  if (version === '$LATEST') return
  if (!fn.versions.has(Number(version))) {
    functionNotFound(ctx, `${functionArn(ctx, fn.name)}:${version}`)
  }
}

function findAlias(
  ctx: RequestContext,
  fns: FunctionState,
  params: FunctionParams
): { fn: LambdaFunction; alias: Alias } {
  const { fn } = findFunction(ctx, fns, params)
  const name = params.aliasName ?? ''
  const v = new Validation()
  v.length(name, 'name', 1, 128)
  v.pattern(name, 'name', ALIAS_PATTERN)
  v.throwIfAny(ctx)
  const alias = fn.aliases.get(name)
  if (!alias) {
    notFound(ctx, `Cannot find alias arn: ${aliasArn(ctx, fn, name)}`)
  }
  return { fn, alias }
}

export function createAlias(
  ctx: RequestContext,
  fns: FunctionState,
  params: FunctionParams
): Reply {
  const { fn } = findFunction(ctx, fns, params)
  const body = parseJson(ctx)
  const name = optString(ctx, body, 'Name')
  const version = optString(ctx, body, 'FunctionVersion')
  const description = optString(ctx, body, 'Description')
  const v = new Validation()
  if (name === undefined) v.add(null, 'name', 'Member must not be null')
  if (version === undefined) {
    v.add(null, 'functionVersion', 'Member must not be null')
  }
  v.length(name, 'name', 1, 128)
  v.pattern(name, 'name', ALIAS_PATTERN)
  v.length(version, 'functionVersion', 1, 1024)
  v.pattern(version, 'functionVersion', VERSION_PATTERN)
  v.length(description, 'description', 0, 256)
  v.throwIfAny(ctx)
  checkVersion(ctx, fn, version!)
  if (fn.aliases.has(name!)) {
    conflict(ctx, `Alias already exists: ${aliasArn(ctx, fn, name!)}`)
  }
  const alias: Alias = {
    name: name!,
    functionVersion: version!,
    description: description ?? '',
    revisionId: randomUUID()
  }
  fn.aliases.set(alias.name, alias)
  return aliasReply(ctx, fn, 201, alias)
}

export function getAlias(
  ctx: RequestContext,
  fns: FunctionState,
  params: FunctionParams
): Reply {
  const { fn, alias } = findAlias(ctx, fns, params)
  return aliasReply(ctx, fn, 200, alias)
}

export function updateAlias(
  ctx: RequestContext,
  fns: FunctionState,
  params: FunctionParams
): Reply {
  const { fn, alias } = findAlias(ctx, fns, params)
  const body = parseJson(ctx)
  const version = optString(ctx, body, 'FunctionVersion')
  const description = optString(ctx, body, 'Description')
  const revisionId = optString(ctx, body, 'RevisionId')
  const v = new Validation()
  v.length(version, 'functionVersion', 1, 1024)
  v.pattern(version, 'functionVersion', VERSION_PATTERN)
  v.length(description, 'description', 0, 256)
  v.throwIfAny(ctx)
  if (revisionId !== undefined && revisionId !== alias.revisionId) {
    preconditionFailed(ctx)
  }
  if (version !== undefined) checkVersion(ctx, fn, version)
  const updated: Alias = {
    ...alias,
    ...(version !== undefined && { functionVersion: version }),
    ...(description !== undefined && { description }),
    revisionId: randomUUID()
  }
  fn.aliases.set(alias.name, updated)
  return aliasReply(ctx, fn, 200, updated)
}
