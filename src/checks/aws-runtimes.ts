/**
 * The action's own dated table of AWS Lambda runtimes. The SDK's Runtime
 * enum is not the authority: it lags new runtimes (which we would refuse
 * until our next release) and keeps ids that PublishLayerVersion refuses.
 *
 * Sources, taken 2026-12-01:
 * - Dates: aws-cloudformation/cfn-lint
 *   `src/cfnlint/data/AdditionalSpecs/LmbdRuntimeLifecycle.json` at afd7953b0
 *   (2026-06-02, "Update Lambda runtime lifecycle dates from AWS docs"), which
 *   copies docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
 *   (columns Deprecation date, Block function create, Block function update).
 * - Operating system: the Identifier / Operating system columns of that page.
 *   glibc per OS: Amazon Linux 2018.03 2.17, Amazon Linux 2 2.26, Amazon
 *   Linux 2023 2.34.
 * - Accepted set and refusal text: PublishLayerVersion against real AWS,
 *   recorded 2026-01-12 (localstack
 *   `tests/aws/services/lambda_/test_lambda_api.snapshot.json`,
 *   `publish_layer_version_exc_*`; same list in aws-cloudformation/cfn-lint#4427).
 */

export type AmazonLinux =
  'Amazon Linux' | 'Amazon Linux 2' | 'Amazon Linux 2023'

/** The glibc each Lambda operating system ships. */
export const AMAZON_LINUX_GLIBC: Record<AmazonLinux, string> = {
  'Amazon Linux': '2.17',
  'Amazon Linux 2': '2.26',
  'Amazon Linux 2023': '2.34'
}

export interface AwsRuntimeInfo {
  id: string
  os: AmazonLinux
  glibc: string
  /** ISO dates (YYYY-MM-DD, UTC); absent when AWS has not announced one. */
  deprecated?: string
  createBlocked?: string
  updateBlocked?: string
}

/** When the table below was taken; named in the "unknown runtime" warning. */
export const AWS_RUNTIME_TABLE_DATE = '2026-06-02'

const AL1 = 'Amazon Linux'
const AL2 = 'Amazon Linux 2'
const AL2023 = 'Amazon Linux 2023'

type Row = readonly [AmazonLinux, string, string, string]

// [os, deprecated, create blocked, update blocked]
const TABLE: Record<string, Row> = {
  'nodejs24.x': [AL2023, '2028-04-30', '2028-06-01', '2028-07-01'],
  'nodejs22.x': [AL2023, '2027-04-30', '2027-06-01', '2027-07-01'],
  'nodejs20.x': [AL2023, '2026-04-30', '2027-02-01', '2027-03-03'],
  'nodejs18.x': [AL2, '2025-09-01', '2027-02-01', '2027-03-03'],
  'nodejs16.x': [AL2, '2024-06-12', '2027-02-01', '2027-03-03'],
  'nodejs14.x': [AL2, '2023-12-04', '2024-01-09', '2027-03-03'],
  'nodejs12.x': [AL2, '2023-03-31', '2023-03-31', '2023-04-30'],
  'nodejs10.x': [AL2, '2021-07-30', '2021-07-30', '2022-02-14'],
  'nodejs8.10': [AL1, '2020-03-06', '2020-02-04', '2020-03-06'],
  'nodejs6.10': [AL1, '2019-08-12', '2019-07-12', '2019-08-12'],
  'nodejs4.3-edge': [AL1, '2020-03-05', '2019-03-31', '2019-04-30'],
  'nodejs4.3': [AL1, '2020-03-05', '2020-02-03', '2020-03-05'],
  nodejs: [AL1, '2016-08-30', '2016-09-30', '2016-10-31'],
  'python3.14': [AL2023, '2029-06-30', '2029-07-31', '2029-08-31'],
  'python3.13': [AL2023, '2029-06-30', '2029-07-31', '2029-08-31'],
  'python3.12': [AL2023, '2028-10-31', '2028-11-30', '2029-01-10'],
  'python3.11': [AL2, '2027-06-30', '2027-07-31', '2027-08-31'],
  'python3.10': [AL2, '2026-10-31', '2027-02-01', '2027-03-03'],
  'python3.9': [AL2, '2025-12-15', '2027-02-01', '2027-03-03'],
  'python3.8': [AL2, '2024-10-14', '2027-02-01', '2027-03-03'],
  'python3.7': [AL1, '2023-12-04', '2024-01-09', '2027-03-03'],
  'python3.6': [AL1, '2022-07-18', '2022-07-18', '2022-08-29'],
  'python2.7': [AL1, '2021-07-15', '2021-07-15', '2022-05-30'],
  java25: [AL2023, '2029-06-30', '2029-07-31', '2029-08-31'],
  java21: [AL2023, '2029-06-30', '2029-07-31', '2029-08-31'],
  java17: [AL2, '2027-06-30', '2027-07-31', '2027-08-31'],
  java11: [AL2, '2027-06-30', '2027-07-31', '2027-08-31'],
  'java8.al2': [AL2, '2027-06-30', '2027-07-31', '2027-08-31'],
  java8: [AL1, '2024-01-08', '2024-02-08', '2027-03-03'],
  dotnet10: [AL2023, '2028-11-14', '2028-12-14', '2029-01-15'],
  dotnet8: [AL2023, '2026-11-10', '2027-02-01', '2027-03-03'],
  dotnet6: [AL2, '2024-12-20', '2027-02-01', '2027-03-03'],
  'dotnetcore3.1': [AL2, '2023-04-03', '2023-04-03', '2023-05-03'],
  'dotnetcore2.1': [AL1, '2022-01-05', '2022-01-05', '2022-04-13'],
  'dotnetcore2.0': [AL1, '2019-05-30', '2019-04-30', '2019-05-30'],
  'dotnetcore1.0': [AL1, '2019-06-27', '2019-06-30', '2019-07-30'],
  'ruby4.0': [AL2023, '2029-03-31', '2029-04-30', '2029-05-31'],
  'ruby3.4': [AL2023, '2028-03-31', '2028-04-30', '2028-05-31'],
  'ruby3.3': [AL2023, '2027-03-31', '2027-04-30', '2027-05-31'],
  'ruby3.2': [AL2, '2026-03-31', '2027-02-01', '2027-03-03'],
  'ruby2.7': [AL2, '2023-12-07', '2024-01-09', '2027-03-03'],
  'ruby2.5': [AL1, '2021-07-30', '2021-07-30', '2022-03-31'],
  'provided.al2023': [AL2023, '2029-06-30', '2029-07-31', '2029-08-31'],
  'provided.al2': [AL2, '2026-07-31', '2027-02-01', '2027-03-03'],
  provided: [AL1, '2024-01-08', '2024-02-08', '2027-03-03'],
  'go1.x': [AL1, '2024-01-08', '2024-02-08', '2027-03-03']
}

/** What PublishLayerVersion accepted on 2026-01-12 (order as AWS listed it). */
export const AWS_PUBLISH_ACCEPTED_RUNTIMES: readonly string[] = [
  'nodejs20.x python3.14 provided.al2023 python3.12 python3.13 nodejs24.x',
  'nodejs22.x java25 python3.10 python3.11 java21 ruby3.3 ruby3.4 ruby3.2',
  'python3.8 python3.9 java17 nodejs16.x dotnet10 dotnet8 java11 dotnet6',
  'nodejs18.x provided.al2 java8.al2'
]
  .join(' ')
  .split(' ')

// Families as AWS names them; the OS suffix may name a future Amazon Linux.
const GRAMMAR: readonly RegExp[] = [
  /^python(?:2\.7|3\.\d{1,2})$/,
  /^nodejs(?:\d{1,2}\.x|4\.3(?:-edge)?|6\.10|8\.10)?$/,
  /^java\d{1,2}(?:\.al2|\.al20\d\d)?$/,
  /^dotnet\d{1,2}$/,
  /^dotnetcore\d\.\d$/,
  /^ruby\d\.\d$/,
  /^provided(?:\.al2|\.al20\d\d)?$/,
  /^go1\.x$/
]

/** True when `id` belongs to a Lambda runtime family (case-sensitive, as AWS is). */
export function isWellFormedAwsRuntime(id: string): boolean {
  return GRAMMAR.some((pattern) => pattern.test(id))
}

/** The table's row for `id`, or undefined for an id the table does not know. */
export function awsRuntimeInfo(id: string): AwsRuntimeInfo | undefined {
  const row = Object.hasOwn(TABLE, id) ? TABLE[id] : undefined
  if (!row) return undefined
  const [os, deprecated, createBlocked, updateBlocked] = row
  return {
    id,
    os,
    glibc: AMAZON_LINUX_GLIBC[os],
    deprecated,
    createBlocked,
    updateBlocked
  }
}

/**
 * The operating system a runtime runs on: from the table, else from an
 * `.al2` / `.al2023` suffix (so a new `java17.al2023` is still checked
 * against the right glibc); undefined when nothing says.
 */
export function awsRuntimeOs(id: string): AmazonLinux | undefined {
  const known = awsRuntimeInfo(id)
  if (known) return known.os
  if (id.endsWith('.al2023')) return AL2023
  if (id.endsWith('.al2')) return AL2
  return undefined
}

export type RuntimeWarningKind = 'unknown' | 'deprecated' | 'blocked'

export interface RuntimeWarning {
  runtime: string
  kind: RuntimeWarningKind
  message: string
}

const DAY_MS = 86_400_000
/** Warn this many days before function creation is blocked. */
export const CREATE_BLOCK_NOTICE_DAYS = 90

function daysUntil(isoDate: string, today: Date): number {
  const utcToday = Date.UTC(
    today.getUTCFullYear(),
    today.getUTCMonth(),
    today.getUTCDate()
  )
  return Math.round((Date.parse(`${isoDate}T00:00:00Z`) - utcToday) / DAY_MS)
}

function lifecycleWarning(
  info: AwsRuntimeInfo,
  today: Date
): RuntimeWarning | undefined {
  const { id, deprecated, createBlocked, updateBlocked } = info
  const prefix = `compatible-runtimes: '${id}'`
  if (createBlocked !== undefined) {
    const days = daysUntil(createBlocked, today)
    if (days <= CREATE_BLOCK_NOTICE_DAYS) {
      const when =
        days > 0
          ? `from ${createBlocked} (in ${days} days)`
          : `since ${createBlocked}`
      const update = updateBlocked
        ? `, updating them from ${updateBlocked}`
        : ''
      return {
        runtime: id,
        kind: 'blocked',
        message: `${prefix}: AWS blocks creating functions with this runtime ${when}${update}; the provider may refuse it`
      }
    }
  }
  if (deprecated !== undefined && daysUntil(deprecated, today) <= 0) {
    const blocks = createBlocked
      ? `; function creation is blocked from ${createBlocked}${updateBlocked ? `, updates from ${updateBlocked}` : ''}`
      : ''
    return {
      runtime: id,
      kind: 'deprecated',
      message: `${prefix} is deprecated since ${deprecated}${blocks}`
    }
  }
  return undefined
}

/**
 * One warning per runtime worth one: unknown to the table (sent as is),
 * creation blocked within CREATE_BLOCK_NOTICE_DAYS or already, or deprecated.
 * Malformed ids are the caller's input error and are not reported here.
 */
export function runtimeWarnings(
  ids: readonly string[],
  today: Date
): RuntimeWarning[] {
  const warnings: RuntimeWarning[] = []
  for (const id of new Set(ids)) {
    if (!isWellFormedAwsRuntime(id)) continue
    const info = awsRuntimeInfo(id)
    if (!info) {
      warnings.push({
        runtime: id,
        kind: 'unknown',
        message: `compatible-runtimes: '${id}' is not in this action's table of Lambda runtimes (taken ${AWS_RUNTIME_TABLE_DATE}); it is sent as is`
      })
      continue
    }
    const warning = lifecycleWarning(info, today)
    if (warning) warnings.push(warning)
  }
  return warnings
}

export interface RuntimeRefusal {
  /** The values the service says it accepts, as listed in its message. */
  accepted: string[]
  /** The given values not among them. */
  refused: string[]
}

// The list form may come wrapped ("Member must satisfy constraint: [Member
// must satisfy enum value set: [...]]"), as AWS words it for architectures.
const ENUM_REFUSAL =
  /at '(?:compatibleRuntimes|compatibleRuntime|runtime)' failed to satisfy constraint: (?:Member must satisfy constraint: \[)?Member must satisfy enum value set: \[([^\]]*)\]/

/**
 * Reads AWS's ValidationException text ("Value '[a, b]' at
 * 'compatibleRuntimes' failed to satisfy constraint: Member must satisfy enum
 * value set: [...]") for the accepted set; undefined when the message is not
 * a runtime refusal.
 */
export function parseRuntimeRefusal(
  message: string,
  given: readonly string[]
): RuntimeRefusal | undefined {
  const match = ENUM_REFUSAL.exec(message)
  if (!match?.[1]) return undefined
  const accepted = match[1]
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value.length > 0)
  const acceptedSet = new Set(accepted)
  const refused = given.filter((value) => !acceptedSet.has(value))
  return { accepted, refused }
}

/**
 * The message PublishLayerVersion sends when runtimes are refused, for an
 * emulator to reproduce it (architecture errors, when both occur, follow
 * after "; " and are not built here).
 */
export function runtimeRefusalMessage(
  given: readonly string[],
  accepted: readonly string[]
): string {
  return `1 validation error detected: Value '[${given.join(', ')}]' at 'compatibleRuntimes' failed to satisfy constraint: Member must satisfy enum value set: [${accepted.join(', ')}]`
}
