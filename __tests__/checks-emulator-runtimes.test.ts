import { describe, expect, it } from 'vitest'
import {
  LIST_FILTER_RUNTIMES,
  PUBLISH_LAYER_RUNTIMES,
  runtimeConstraint
} from '../emulator/aws/runtime-acceptance.js'
import {
  AWS_PUBLISH_ACCEPTED_RUNTIMES,
  parseRuntimeRefusal
} from '../src/checks/aws-runtimes.js'

/**
 * The first validation error of PublishLayerVersion's real answer, recorded
 * 2026-01-12 (localstack test_lambda_api.snapshot.json,
 * publish_layer_version_exc_partially_invalid_values).
 */
const REAL_RUNTIME_ERROR =
  "Value '[invalidruntime, invalidruntime2, nodejs20.x]' at 'compatibleRuntimes' failed to satisfy constraint: Member must satisfy enum value set: [nodejs20.x, python3.14, provided.al2023, python3.12, python3.13, nodejs24.x, nodejs22.x, java25, python3.10, python3.11, java21, ruby3.3, ruby3.4, ruby3.2, python3.8, python3.9, java17, nodejs16.x, dotnet10, dotnet8, java11, dotnet6, nodejs18.x, provided.al2, java8.al2]"

describe('emulator runtime acceptance', () => {
  it('accepts what PublishLayerVersion accepted, 25 values, as the action also records', () => {
    expect(PUBLISH_LAYER_RUNTIMES).toHaveLength(25)
    expect(PUBLISH_LAYER_RUNTIMES).toEqual(AWS_PUBLISH_ACCEPTED_RUNTIMES)
  })

  it('keeps the wider ListLayers filter set of 56 values', () => {
    expect(new Set(LIST_FILTER_RUNTIMES).size).toBe(56)
    expect(LIST_FILTER_RUNTIMES).toContain('nodejs26.x')
    expect(PUBLISH_LAYER_RUNTIMES).not.toContain('nodejs26.x')
  })

  it('refuses with the real constraint text, which the action reads back', () => {
    const given = ['invalidruntime', 'invalidruntime2', 'nodejs20.x']
    const constraint = runtimeConstraint(given, PUBLISH_LAYER_RUNTIMES)
    const message = `Value '[${given.join(', ')}]' at 'compatibleRuntimes' failed to satisfy constraint: ${constraint}`
    expect(message).toBe(REAL_RUNTIME_ERROR)
    expect(parseRuntimeRefusal(message, given)?.refused).toEqual([
      'invalidruntime',
      'invalidruntime2'
    ])
  })

  it('accepts a list of accepted values, and is configurable', () => {
    expect(
      runtimeConstraint(['python3.12', 'java8.al2'], PUBLISH_LAYER_RUNTIMES)
    ).toBeUndefined()
    expect(runtimeConstraint([], PUBLISH_LAYER_RUNTIMES)).toBeUndefined()
    expect(runtimeConstraint(['python3.8'], ['python3.12'])).toBe(
      'Member must satisfy enum value set: [python3.12]'
    )
  })
})
