/**
 * Reads every input once, validates it, and returns one typed object.
 * Nothing here calls a provider: an invalid input must fail before any
 * write (or read) call is made.
 */
import { existsSync, realpathSync, statSync } from 'node:fs'
import { isAbsolute, relative, resolve } from 'node:path'
import { tmpdir } from 'node:os'
import { InputError } from './errors.js'
import { PROVIDER_RULES, TENCENT_KNOWN_RUNTIMES } from './providers/rules.js'
import type { ProviderId } from './providers/types.js'

/** Input names as written in action.yml (kebab-case, listed once). */
export const Input = {
  Provider: 'provider',
  LayerName: 'layer-name',
  Path: 'path',
  BaseDirectory: 'base-directory',
  Prefix: 'prefix',
  ZipFile: 'zip-file',
  Symlinks: 'symlinks',
  CompatibleRuntimes: 'compatible-runtimes',
  CompatibleArchitectures: 'compatible-architectures',
  Description: 'description',
  LicenseInfo: 'license-info',
  Region: 'region',
  Bucket: 'bucket',
  ObjectPrefix: 'object-prefix',
  Upload: 'upload',
  DeleteObject: 'delete-object',
  SkipUnchanged: 'skip-unchanged',
  ShareWith: 'share-with',
  KeepVersions: 'keep-versions',
  Tags: 'tags',
  WaitTimeout: 'wait-timeout',
  DryRun: 'dry-run',
  MaxAttempts: 'max-attempts',
  TencentSecretId: 'tencent-secret-id',
  TencentSecretKey: 'tencent-secret-key',
  TencentSessionToken: 'tencent-session-token',
  EndpointUrl: 'endpoint-url',
  StorageEndpointUrl: 'storage-endpoint-url'
} as const

export type Source =
  | {
      kind: 'paths'
      patterns: string[]
      /** Absolute, real path, inside the workspace. */
      baseDirectory: string
      prefix: string
      symlinks: 'follow' | 'preserve'
    }
  | { kind: 'zip'; zipFile: string }

export type Principal =
  | { kind: 'account'; id: string }
  | { kind: 'organization'; id: string }
  | { kind: 'public' }

export interface TencentCredentials {
  secretId: string
  secretKey: string
  sessionToken?: string
}

export interface ActionInputs {
  provider: ProviderId
  /** Plain layer name (taken out of the ARN when an ARN was given). */
  layerName: string
  /** What goes to the API as LayerName (the ARN when one was given). */
  layerId: string
  source: Source
  compatibleRuntimes: string[]
  compatibleArchitectures: string[]
  description: string
  licenseInfo: string
  tags: Record<string, string>
  regions: string[]
  /** May contain `{region}`. */
  bucket?: string
  objectPrefix: string
  upload: 'auto' | 'always' | 'never'
  deleteObject: boolean
  skipUnchanged: boolean
  shareWith: Principal[]
  keepVersions: number
  waitTimeoutSeconds: number
  dryRun: boolean
  maxAttempts: number
  endpointUrl?: string
  storageEndpointUrl?: string
  tencentCredentials?: TencentCredentials
  workspace: string
  runnerTemp: string
  /** Non-fatal findings (e.g. an unknown Tencent runtime), for the log. */
  warnings: string[]
}

/** Reads one input by name, trimmed, '' when absent (core.getInput semantics). */
export type InputReader = (name: string) => string

/** Reads inputs straight from the runner's environment (INPUT_<NAME>, hyphens kept). */
export function envInputReader(
  env: NodeJS.ProcessEnv = process.env
): InputReader {
  return (name) =>
    (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()
}

/**
 * Values that must be masked before anything else runs, read without
 * validation so that even a failing run never echoes them.
 */
export function secretValues(
  read: InputReader,
  env: NodeJS.ProcessEnv = process.env
): string[] {
  return [
    read(Input.TencentSecretId) || env.TENCENTCLOUD_SECRET_ID || '',
    read(Input.TencentSecretKey) || env.TENCENTCLOUD_SECRET_KEY || '',
    read(Input.TencentSessionToken) || env.TENCENTCLOUD_SESSION_TOKEN || '',
    env.AWS_SECRET_ACCESS_KEY ?? '',
    env.AWS_SESSION_TOKEN ?? ''
  ].filter((v) => v.length > 0)
}

/** Splits a list input on newlines and on commas outside `{}`/`[]`. */
export function splitList(raw: string): string[] {
  const out: string[] = []
  for (const line of raw.split(/\r?\n/)) {
    let depth = 0
    let current = ''
    for (const ch of line) {
      if (ch === '{' || ch === '[') depth++
      if (ch === '}' || ch === ']') depth = Math.max(0, depth - 1)
      if (ch === ',' && depth === 0) {
        out.push(current)
        current = ''
      } else {
        current += ch
      }
    }
    out.push(current)
  }
  return out.map((s) => s.trim()).filter((s) => s.length > 0)
}

function parseBoolean(read: InputReader, name: string, def: boolean): boolean {
  const raw = read(name)
  if (raw === '') return def
  if (['true', 'True', 'TRUE'].includes(raw)) return true
  if (['false', 'False', 'FALSE'].includes(raw)) return false
  throw new InputError(name, `must be true or false, got '${raw}'`)
}

function parseInteger(
  read: InputReader,
  name: string,
  def: number,
  min: number,
  max: number
): number {
  const raw = read(name)
  if (raw === '') return def
  if (!/^\d+$/.test(raw)) {
    throw new InputError(
      name,
      `must be a whole number from ${min} to ${max}, got '${raw}'`
    )
  }
  const n = Number(raw)
  if (n < min || n > max) {
    throw new InputError(name, `must be from ${min} to ${max}, got ${n}`)
  }
  return n
}

function parseChoice<T extends string>(
  read: InputReader,
  name: string,
  choices: readonly T[],
  def: T
): T {
  const raw = read(name)
  if (raw === '') return def
  if ((choices as readonly string[]).includes(raw)) return raw as T
  throw new InputError(
    name,
    `must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got '${raw}'`
  )
}

function parseUrl(read: InputReader, name: string): string | undefined {
  const raw = read(name)
  if (raw === '') return undefined
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new InputError(name, `must be an http(s) URL, got '${raw}'`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(name, `must be an http(s) URL, got '${raw}'`)
  }
  return raw.replace(/\/+$/, '')
}

function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

/** A relative folder inside the archive or bucket: no `..`, not absolute. */
function checkRelativePath(name: string, value: string): string {
  if (value.includes('\\')) {
    throw new InputError(name, `must use / as separator, got '${value}'`)
  }
  if (value.startsWith('/') || /^[A-Za-z]:/.test(value)) {
    throw new InputError(
      name,
      `must be relative (no leading /), got '${value}'`
    )
  }
  const parts = value.split('/').filter((p) => p !== '' && p !== '.')
  if (parts.includes('..')) {
    throw new InputError(name, `must not contain '..', got '${value}'`)
  }
  return parts.join('/')
}

function parseShareWith(raw: string[]): Principal[] {
  const seen = new Set<string>()
  const out: Principal[] = []
  for (const item of raw) {
    let p: Principal
    if (/^\d{12}$/.test(item)) p = { kind: 'account', id: item }
    else if (/^o-[a-z0-9]{10,32}$/.test(item))
      p = { kind: 'organization', id: item }
    else if (item === 'public') p = { kind: 'public' }
    else
      throw new InputError(
        Input.ShareWith,
        `each entry must be a 12-digit account id, an organization id (o- and 10-32 lower-case letters or digits) or 'public', got '${item}'`
      )
    const key = p.kind === 'public' ? 'public' : p.id
    if (!seen.has(key)) out.push(p)
    seen.add(key)
  }
  return out
}

function parseTags(raw: string): Record<string, string> {
  const tags: Record<string, string> = {}
  for (const line of raw.split(/\r?\n/)) {
    const t = line.trim()
    if (t === '') continue
    const eq = t.indexOf('=')
    if (eq <= 0) {
      throw new InputError(
        Input.Tags,
        `each line must be key=value, got '${t}'`
      )
    }
    const key = t.slice(0, eq).trim()
    const value = t.slice(eq + 1).trim()
    if (key.length > 127 || value.length > 255) {
      throw new InputError(
        Input.Tags,
        `keys are at most 127 and values at most 255 characters ('${key}')`
      )
    }
    if (key in tags) {
      throw new InputError(Input.Tags, `key '${key}' is given twice`)
    }
    tags[key] = value
  }
  return tags
}

export interface ReadContext {
  env?: NodeJS.ProcessEnv
  /** Valid AWS runtime names (the SDK's Runtime enum), loaded only for AWS. */
  awsRuntimes?: readonly string[]
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

  // Layer name.
  const rawName = read(Input.LayerName)
  if (rawName === '') {
    throw new InputError(Input.LayerName, 'is required')
  }
  let layerName = rawName
  let arnRegion: string | undefined
  const arn = rules.layerArn?.exec(rawName)
  if (arn) {
    layerName = arn.groups?.name ?? rawName
    arnRegion = arn.groups?.region
  } else if (!rules.layerName.pattern.test(rawName)) {
    throw new InputError(
      Input.LayerName,
      `${rules.layerName.rule} (${rules.displayName}), got '${rawName}'`
    )
  }

  // Workspace and source.
  const workspace = resolve(env.GITHUB_WORKSPACE || process.cwd())
  const runnerTemp = resolve(env.RUNNER_TEMP || tmpdir())
  const pathList = splitList(read(Input.Path))
  const zipFile = read(Input.ZipFile)
  let source: Source
  if (zipFile !== '' && pathList.length > 0) {
    throw new InputError(
      Input.ZipFile,
      `cannot be combined with 'path': give one or the other`
    )
  }
  if (zipFile !== '') {
    const zipPath = resolve(workspace, zipFile)
    if (!existsSync(zipPath) || !statSync(zipPath).isFile()) {
      throw new InputError(Input.ZipFile, `file not found: ${zipFile}`)
    }
    source = { kind: 'zip', zipFile: zipPath }
  } else {
    if (pathList.length === 0) {
      throw new InputError(
        Input.Path,
        `is required unless 'zip-file' is given (one glob per line)`
      )
    }
    if (pathList.every((p) => p.startsWith('!'))) {
      throw new InputError(
        Input.Path,
        'needs at least one pattern that is not an exclusion (!)'
      )
    }
    const rawBase = read(Input.BaseDirectory)
    const base = resolve(workspace, rawBase || '.')
    if (!existsSync(base) || !statSync(base).isDirectory()) {
      throw new InputError(
        Input.BaseDirectory,
        `must be an existing directory, got '${rawBase}'`
      )
    }
    const realWorkspace = existsSync(workspace)
      ? realpathSync(workspace)
      : workspace
    const realBase = realpathSync(base)
    if (!isInside(realWorkspace, realBase)) {
      throw new InputError(
        Input.BaseDirectory,
        `must lie inside the workspace (${workspace}), got '${rawBase}'`
      )
    }
    const prefix = checkRelativePath(Input.Prefix, read(Input.Prefix))
    const symlinks = parseChoice(
      read,
      Input.Symlinks,
      ['follow', 'preserve'] as const,
      'follow'
    )
    source = {
      kind: 'paths',
      patterns: pathList,
      baseDirectory: realBase,
      prefix,
      symlinks
    }
  }

  // Runtimes and architectures.
  const compatibleRuntimes = [
    ...new Set(splitList(read(Input.CompatibleRuntimes)))
  ]
  if (compatibleRuntimes.length < rules.runtimes.min) {
    throw new InputError(
      Input.CompatibleRuntimes,
      `is required for ${rules.displayName}: give 1 to ${rules.runtimes.max} runtimes, e.g. Nodejs18.15`
    )
  }
  if (compatibleRuntimes.length > rules.runtimes.max) {
    throw new InputError(
      Input.CompatibleRuntimes,
      `allows at most ${rules.runtimes.max} runtimes on ${rules.displayName}, got ${compatibleRuntimes.length}`
    )
  }
  if (provider === 'aws' && context.awsRuntimes) {
    const known = new Set(context.awsRuntimes)
    const bad = compatibleRuntimes.filter((r) => !known.has(r))
    if (bad.length > 0) {
      throw new InputError(
        Input.CompatibleRuntimes,
        `unknown Lambda runtime ${bad.map((b) => `'${b}'`).join(', ')} (expected names like python3.12, nodejs22.x, provided.al2023)`
      )
    }
  }
  if (provider === 'tencent') {
    const known = new Set<string>(TENCENT_KNOWN_RUNTIMES)
    for (const r of compatibleRuntimes) {
      if (!known.has(r)) {
        warnings.push(
          `compatible-runtimes: '${r}' is not a runtime name this action knows for SCF (e.g. Nodejs18.15, Python3.9); sending it as given`
        )
      }
    }
  }
  const compatibleArchitectures = [
    ...new Set(splitList(read(Input.CompatibleArchitectures)))
  ]
  if (compatibleArchitectures.length > 0 && rules.maxArchitectures === 0) {
    throw new InputError(
      Input.CompatibleArchitectures,
      `is not supported by ${rules.displayName} (it has no layer architectures); remove it`
    )
  }
  for (const a of compatibleArchitectures) {
    if (!rules.architectures.includes(a)) {
      throw new InputError(
        Input.CompatibleArchitectures,
        `must be ${rules.architectures.map((x) => `'${x}'`).join(' or ')}, got '${a}'`
      )
    }
  }

  const description = read(Input.Description)
  if (
    rules.descriptionMax !== undefined &&
    description.length > rules.descriptionMax
  ) {
    throw new InputError(
      Input.Description,
      `must be at most ${rules.descriptionMax} characters, got ${description.length}`
    )
  }
  const licenseInfo = read(Input.LicenseInfo)
  if (rules.licenseMax !== undefined && licenseInfo.length > rules.licenseMax) {
    throw new InputError(
      Input.LicenseInfo,
      `must be at most ${rules.licenseMax} characters, got ${licenseInfo.length}`
    )
  }

  // Regions.
  let regions = [...new Set(splitList(read(Input.Region)))]
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

  // Storage.
  const bucketRaw = read(Input.Bucket)
  const bucket = bucketRaw === '' ? undefined : bucketRaw
  if (bucket !== undefined) {
    if (regions.length > 1 && !bucket.includes('{region}')) {
      throw new InputError(
        Input.Bucket,
        `must contain {region} when publishing to several regions (a layer's bucket must be in the layer's region), e.g. my-layers-{region}`
      )
    }
    for (const r of regions) {
      const name = bucket.replaceAll('{region}', r)
      if (!rules.bucket.pattern.test(name)) {
        throw new InputError(
          Input.Bucket,
          `${rules.bucket.rule}, got '${name}'`
        )
      }
    }
  }
  // Empty means the default: the runner cannot tell an explicit '' apart.
  const rawObjectPrefix = read(Input.ObjectPrefix) || 'publish-layer/'
  const objectPrefixPath = checkRelativePath(
    Input.ObjectPrefix,
    rawObjectPrefix
  )
  const objectPrefix = objectPrefixPath === '' ? '' : `${objectPrefixPath}/`
  if (!/^[A-Za-z0-9!_.*'()/-]*$/.test(objectPrefix)) {
    throw new InputError(
      Input.ObjectPrefix,
      `may contain only letters, digits and !_.*'()/-, got '${rawObjectPrefix}'`
    )
  }
  const upload = parseChoice(
    read,
    Input.Upload,
    ['auto', 'always', 'never'] as const,
    'auto'
  )
  if (upload === 'always' && bucket === undefined) {
    throw new InputError(Input.Bucket, `is required when upload is 'always'`)
  }
  const deleteObject = parseBoolean(read, Input.DeleteObject, false)
  const skipUnchanged = parseBoolean(read, Input.SkipUnchanged, true)
  const dryRun = parseBoolean(read, Input.DryRun, false)

  // Sharing, retention, tags.
  const shareList = splitList(read(Input.ShareWith))
  if (shareList.length > 0 && !rules.supportsSharing) {
    throw new InputError(
      Input.ShareWith,
      `is not supported by ${rules.displayName} (it has no layer permission API); remove it`
    )
  }
  const shareWith = parseShareWith(shareList)
  const keepVersions = parseInteger(read, Input.KeepVersions, 0, 0, 10_000)
  const rawTags = read(Input.Tags)
  if (rawTags !== '' && !rules.supportsTags) {
    throw new InputError(
      Input.Tags,
      `is only supported with provider 'tencent'; remove it`
    )
  }
  const tags = parseTags(rawTags)
  const waitTimeoutSeconds = parseInteger(read, Input.WaitTimeout, 300, 1, 3600)
  const maxAttempts = parseInteger(read, Input.MaxAttempts, 5, 1, 20)

  const endpointUrl = parseUrl(read, Input.EndpointUrl)
  const storageEndpointUrl = parseUrl(read, Input.StorageEndpointUrl)

  // Credentials: Tencent's come from inputs or env; AWS's only from the SDK chain.
  let tencentCredentials: TencentCredentials | undefined
  if (provider === 'tencent') {
    const secretId =
      read(Input.TencentSecretId) || env.TENCENTCLOUD_SECRET_ID || ''
    const secretKey =
      read(Input.TencentSecretKey) || env.TENCENTCLOUD_SECRET_KEY || ''
    const sessionToken =
      read(Input.TencentSessionToken) || env.TENCENTCLOUD_SESSION_TOKEN || ''
    if (secretId === '') {
      throw new InputError(
        Input.TencentSecretId,
        'is required for provider tencent: set the input or TENCENTCLOUD_SECRET_ID'
      )
    }
    if (secretKey === '') {
      throw new InputError(
        Input.TencentSecretKey,
        'is required for provider tencent: set the input or TENCENTCLOUD_SECRET_KEY'
      )
    }
    tencentCredentials = {
      secretId,
      secretKey,
      ...(sessionToken !== '' && { sessionToken })
    }
  } else {
    for (const name of [
      Input.TencentSecretId,
      Input.TencentSecretKey,
      Input.TencentSessionToken
    ]) {
      if (read(name) !== '') {
        throw new InputError(
          name,
          `is only used with provider 'tencent'; AWS credentials come from the environment (aws-actions/configure-aws-credentials)`
        )
      }
    }
  }

  return {
    provider,
    layerName,
    layerId: rawName,
    source,
    compatibleRuntimes,
    compatibleArchitectures,
    description,
    licenseInfo,
    tags,
    regions,
    ...(bucket !== undefined && { bucket }),
    objectPrefix,
    upload,
    deleteObject,
    skipUnchanged,
    shareWith,
    keepVersions,
    waitTimeoutSeconds,
    dryRun,
    maxAttempts,
    ...(endpointUrl !== undefined && { endpointUrl }),
    ...(storageEndpointUrl !== undefined && { storageEndpointUrl }),
    ...(tencentCredentials !== undefined && { tencentCredentials }),
    workspace,
    runnerTemp,
    warnings
  }
}
