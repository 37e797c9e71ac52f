/**
 * update-functions, publish-function-version and function-alias. Every
 * entry is checked here, before any call; an ARN must name a function in
 * one of the regions published.
 */
import { InputError } from '../errors.js'
import { parseFunctionTarget, type FunctionTarget } from '../functions/refs.js'
import type { ProviderId } from '../providers/types.js'
import { Input, type InputReader } from './names.js'
import { parseBoolean, readList } from './parsers.js'

export function readUpdateFunctions(
  read: InputReader,
  provider: ProviderId,
  regions: string[]
): FunctionTarget[] {
  return readList(read, Input.UpdateFunctions).map((entry) => {
    const target = parseFunctionTarget(provider, entry)
    if (typeof target === 'string') {
      throw new InputError(Input.UpdateFunctions, target)
    }
    if (target.region !== undefined && !regions.includes(target.region)) {
      throw new InputError(
        Input.UpdateFunctions,
        `'${entry}' is in ${target.region}, which is not a region published (${regions.join(', ')})`
      )
    }
    return target
  })
}

const ALIAS = /^(?!^\d+$)[A-Za-z0-9_-]{1,128}$/

/** AWS only: what to do after each update. */
export function readFunctionRelease(
  read: InputReader,
  provider: ProviderId,
  functions: FunctionTarget[]
): { publishFunctionVersion: boolean; functionAlias?: string } {
  const publish = parseBoolean(read, Input.PublishFunctionVersion, false)
  const alias = read(Input.FunctionAlias)
  if (provider === 'tencent') {
    for (const [name, given] of [
      [Input.PublishFunctionVersion, publish],
      [Input.FunctionAlias, alias !== '']
    ] as const) {
      if (given) {
        throw new InputError(
          name,
          `is only supported with provider 'aws' (SCF layer updates have no function versions here); remove it`
        )
      }
    }
    return { publishFunctionVersion: false }
  }
  if ((publish || alias !== '') && functions.length === 0) {
    throw new InputError(
      publish ? Input.PublishFunctionVersion : Input.FunctionAlias,
      `needs 'update-functions': it applies to the functions updated`
    )
  }
  if (alias === '') return { publishFunctionVersion: publish }
  if (!publish) {
    throw new InputError(
      Input.FunctionAlias,
      `requires 'publish-function-version: true' (an alias points at a published function version)`
    )
  }
  if (!ALIAS.test(alias)) {
    throw new InputError(
      Input.FunctionAlias,
      `must be 1-128 letters, digits, - and _, and not only digits, got '${alias}'`
    )
  }
  return { publishFunctionVersion: true, functionAlias: alias }
}
