/**
 * update-functions entries: what a user may write, and which functions each
 * one names in a given region. AWS takes names or ARNs (an ARN names a
 * function in its own region only); Tencent takes `name` or
 * `namespace/name`, the namespace `default` when omitted.
 */
import type { ProviderId } from '../providers/types.js'
import type { FunctionRef } from '../providers/functions.js'

/** An entry as validated when the inputs are read. */
export interface FunctionTarget {
  label: string
  name: string
  /** AWS ARN: the only region the function is updated in. */
  region?: string
  /** Tencent: the namespace. */
  namespace?: string
}

const AWS_NAME = /^[A-Za-z0-9_-]{1,64}$/
const AWS_ARN =
  /^arn:aws[a-zA-Z-]*:lambda:(?<region>[a-z]{2}(?:-[a-z]+)+-\d{1,2}):\d{12}:function:(?<name>[A-Za-z0-9_-]{1,64})$/
const SCF_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,58}[A-Za-z0-9]$/
const SCF_NAMESPACE = /^[A-Za-z0-9_-]{1,30}$/

/** The rule an entry broke, in the user's terms; undefined when valid. */
function awsTarget(entry: string): FunctionTarget | string {
  const arn = AWS_ARN.exec(entry)
  if (arn?.groups) {
    return {
      label: entry,
      name: entry,
      region: arn.groups.region!
    }
  }
  if (entry.startsWith('arn:')) {
    return `'${entry}' is not a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME, without a version or alias)`
  }
  if (!AWS_NAME.test(entry)) {
    return `'${entry}' is not a Lambda function name (1-64 letters, digits, - and _) or function ARN`
  }
  return { label: entry, name: entry }
}

function tencentTarget(entry: string): FunctionTarget | string {
  const parts = entry.split('/')
  const [namespace, name] =
    parts.length === 2 ? [parts[0]!, parts[1]!] : ['default', parts[0]!]
  if (parts.length > 2 || !SCF_NAMESPACE.test(namespace)) {
    return `'${entry}' is not an SCF function (name or namespace/name; a namespace is 1-30 letters, digits, - and _)`
  }
  if (!SCF_NAME.test(name)) {
    return `'${entry}' is not an SCF function name (2-60 letters, digits, - and _, starting with a letter, not ending with - or _)`
  }
  return { label: entry, name, namespace }
}

/** Validates one entry; a string result is the broken rule. */
export function parseFunctionTarget(
  provider: ProviderId,
  entry: string
): FunctionTarget | string {
  return provider === 'aws' ? awsTarget(entry) : tencentTarget(entry)
}

/** The functions to move in `region`, in the order given. */
export function functionsIn(
  targets: FunctionTarget[],
  region: string
): FunctionRef[] {
  return targets
    .filter((t) => t.region === undefined || t.region === region)
    .map((t) => ({
      label: t.label,
      name: t.name,
      ...(t.namespace !== undefined && { namespace: t.namespace })
    }))
}
