import { describe, expect, it } from 'vitest'
import {
  AMAZON_LINUX_GLIBC,
  AWS_PUBLISH_ACCEPTED_RUNTIMES,
  awsRuntimeInfo,
  awsRuntimeOs,
  isWellFormedAwsRuntime,
  parseRuntimeRefusal,
  runtimeRefusalMessage,
  runtimeWarnings
} from '../src/checks/aws-runtimes.js'
import {
  TENCENT_RUNTIMES,
  isKnownTencentRuntime,
  tencentRuntimeWarnings
} from '../src/checks/tencent-runtimes.js'

const day = (iso: string) => new Date(`${iso}T12:00:00Z`)

/**
 * ValidationException text PublishLayerVersion returned on 2026-01-12
 * (localstack test_lambda_api.snapshot.json,
 * publish_layer_version_exc_partially_invalid_values).
 */
const REAL_REFUSAL =
  "2 validation errors detected: Value '[invalidruntime, invalidruntime2, nodejs20.x]' at 'compatibleRuntimes' failed to satisfy constraint: Member must satisfy enum value set: [nodejs20.x, python3.14, provided.al2023, python3.12, python3.13, nodejs24.x, nodejs22.x, java25, python3.10, python3.11, java21, ruby3.3, ruby3.4, ruby3.2, python3.8, python3.9, java17, nodejs16.x, dotnet10, dotnet8, java11, dotnet6, nodejs18.x, provided.al2, java8.al2]; Value '[invalidarch, x86_64]' at 'compatibleArchitectures' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]"

describe('AWS runtime id grammar', () => {
  it.each([
    'python3.12',
    'python3.15',
    'python2.7',
    'nodejs24.x',
    'nodejs26.x',
    'nodejs',
    'nodejs4.3',
    'nodejs4.3-edge',
    'nodejs8.10',
    'java8',
    'java8.al2',
    'java17.al2023',
    'java25',
    'dotnet10',
    'dotnetcore3.1',
    'ruby4.0',
    'provided',
    'provided.al2',
    'provided.al2023',
    'go1.x'
  ])('%s is well formed', (id) => {
    expect(isWellFormedAwsRuntime(id)).toBe(true)
  })

  it.each([
    'PYTHON3.9',
    'python3',
    'python3.x',
    'node22',
    'nodejs22',
    'nodejs22.x ',
    'java',
    'java8.al3',
    'dotnet',
    'ruby3',
    'provided.al1',
    'go1.22',
    'invalidruntime',
    ''
  ])('%j is malformed', (id) => {
    expect(isWellFormedAwsRuntime(id)).toBe(false)
  })
})

describe('AWS runtime table', () => {
  it('knows each runtime PublishLayerVersion accepted, with its OS and glibc', () => {
    for (const id of AWS_PUBLISH_ACCEPTED_RUNTIMES) {
      const info = awsRuntimeInfo(id)
      expect(info, id).toBeDefined()
      expect(info?.glibc).toBe(AMAZON_LINUX_GLIBC[info?.os ?? 'Amazon Linux'])
      expect(info?.createBlocked).toMatch(/^\d{4}-\d\d-\d\d$/)
    }
  })

  it('pairs runtimes with the Amazon Linux AWS documents', () => {
    expect(awsRuntimeInfo('python3.11')).toMatchObject({
      os: 'Amazon Linux 2',
      glibc: '2.26'
    })
    expect(awsRuntimeInfo('python3.12')).toMatchObject({
      os: 'Amazon Linux 2023',
      glibc: '2.34'
    })
    expect(awsRuntimeInfo('nodejs20.x')?.os).toBe('Amazon Linux 2023')
    expect(awsRuntimeInfo('go1.x')?.os).toBe('Amazon Linux')
  })

  it('carries the extended dates of 2026-06-02', () => {
    expect(awsRuntimeInfo('python3.9')).toEqual({
      id: 'python3.9',
      os: 'Amazon Linux 2',
      glibc: '2.26',
      deprecated: '2025-12-15',
      createBlocked: '2027-02-01',
      updateBlocked: '2027-03-03'
    })
  })

  it('does not take prototype keys for runtimes', () => {
    expect(awsRuntimeInfo('constructor')).toBeUndefined()
    expect(awsRuntimeInfo('toString')).toBeUndefined()
  })

  it('infers the OS of an unknown id from its suffix only', () => {
    expect(awsRuntimeInfo('java17.al2023')).toBeUndefined()
    expect(awsRuntimeOs('java17.al2023')).toBe('Amazon Linux 2023')
    expect(awsRuntimeOs('java9.al2')).toBe('Amazon Linux 2')
    expect(awsRuntimeOs('nodejs26.x')).toBeUndefined()
  })
})

describe('runtimeWarnings', () => {
  it('says nothing for runtimes far from their dates', () => {
    expect(
      runtimeWarnings(['python3.13', 'nodejs24.x'], day('2026-12-01'))
    ).toEqual([])
  })

  it('warns once that a well-formed unknown id is sent as is', () => {
    const warnings = runtimeWarnings(
      ['nodejs26.x', 'nodejs26.x'],
      day('2026-12-01')
    )
    expect(warnings).toEqual([
      {
        runtime: 'nodejs26.x',
        kind: 'unknown',
        message:
          "compatible-runtimes: 'nodejs26.x' is not in this action's table of Lambda runtimes (taken 2026-06-02); it is sent as is"
      }
    ])
  })

  it('leaves malformed ids to the input check', () => {
    expect(runtimeWarnings(['Python3.9'], day('2026-12-01'))).toEqual([])
  })

  it('warns about a deprecated runtime with its dates', () => {
    const [warning] = runtimeWarnings(['python3.10'], day('2026-11-01'))
    expect(warning).toEqual({
      runtime: 'python3.10',
      kind: 'deprecated',
      message:
        "compatible-runtimes: 'python3.10' is deprecated since 2026-10-31; function creation is blocked from 2027-02-01, updates from 2027-03-03"
    })
  })

  it('is silent the day before deprecation and warns on the day', () => {
    expect(runtimeWarnings(['python3.10'], day('2026-10-30'))).toEqual([])
    expect(runtimeWarnings(['python3.10'], day('2026-10-31'))).toHaveLength(1)
  })

  it('warns that the provider may refuse a runtime whose creation block is within 90 days', () => {
    const [warning] = runtimeWarnings(['python3.9'], day('2026-12-01'))
    expect(warning?.kind).toBe('blocked')
    expect(warning?.message).toBe(
      "compatible-runtimes: 'python3.9': AWS blocks creating functions with this runtime from 2027-02-01 (in 62 days), updating them from 2027-03-03; the provider may refuse it"
    )
  })

  it('the 90-day notice starts exactly 90 days ahead', () => {
    // nodejs22.x: creation blocked 2027-06-01, deprecated 2027-04-30.
    expect(runtimeWarnings(['nodejs22.x'], day('2027-03-02'))).toEqual([])
    const [warning] = runtimeWarnings(['nodejs22.x'], day('2027-03-03'))
    expect(warning?.kind).toBe('blocked')
    expect(warning?.message).toContain('(in 90 days)')
  })

  it('says since when creation has been blocked', () => {
    const [warning] = runtimeWarnings(['go1.x'], day('2026-12-01'))
    expect(warning?.kind).toBe('blocked')
    expect(warning?.message).toContain('since 2024-02-08')
    expect(warning?.message).toContain('the provider may refuse it')
  })
})

describe('parseRuntimeRefusal', () => {
  it('reads the refused values from AWS’s real ValidationException', () => {
    const refusal = parseRuntimeRefusal(REAL_REFUSAL, [
      'invalidruntime',
      'invalidruntime2',
      'nodejs20.x'
    ])
    expect(refusal?.refused).toEqual(['invalidruntime', 'invalidruntime2'])
    expect(refusal?.accepted).toEqual([...AWS_PUBLISH_ACCEPTED_RUNTIMES])
  })

  it('reads the single-runtime form', () => {
    const message =
      "Value PYTHON3.9 at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [nodejs20.x, python3.9] or be a valid ARN"
    expect(parseRuntimeRefusal(message, ['PYTHON3.9'])).toEqual({
      accepted: ['nodejs20.x', 'python3.9'],
      refused: ['PYTHON3.9']
    })
  })

  it('is undefined for other validation errors', () => {
    const architectures =
      "1 validation error detected: Value '[X86_64]' at 'architectures' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]"
    expect(parseRuntimeRefusal(architectures, ['x86_64'])).toBeUndefined()
    expect(parseRuntimeRefusal('Rate exceeded', [])).toBeUndefined()
  })

  it('round-trips the message an emulator builds', () => {
    const message = runtimeRefusalMessage(
      ['python3.9', 'nodejs26.x'],
      AWS_PUBLISH_ACCEPTED_RUNTIMES
    )
    expect(message).toMatch(
      /^1 validation error detected: Value '\[python3\.9, nodejs26\.x\]' at 'compatibleRuntimes'/
    )
    expect(
      parseRuntimeRefusal(message, ['python3.9', 'nodejs26.x'])?.refused
    ).toEqual(['nodejs26.x'])
  })
})

describe('Tencent runtimes', () => {
  it('uses the documented Nodejs20.19, not Nodejs20.x', () => {
    expect(isKnownTencentRuntime('Nodejs20.19')).toBe(true)
    expect(isKnownTencentRuntime('Nodejs20.x')).toBe(false)
    expect(TENCENT_RUNTIMES).toContain('Java11')
    expect(TENCENT_RUNTIMES.some((r) => r.endsWith('.x'))).toBe(false)
  })

  it('is case-sensitive', () => {
    expect(isKnownTencentRuntime('nodejs18.15')).toBe(false)
  })

  it('warns once per unknown name, with the message the action gives today', () => {
    expect(
      tencentRuntimeWarnings(['Nodejs18.15', 'Python3.12', 'Python3.12'])
    ).toEqual([
      {
        runtime: 'Python3.12',
        message:
          "compatible-runtimes: 'Python3.12' is not a runtime name this action knows for SCF (e.g. Nodejs18.15, Python3.9); sending it as given"
      }
    ])
  })

  it('suggests the documented name of the same major version', () => {
    const [warning] = tencentRuntimeWarnings(['Nodejs20.x'])
    expect(warning?.suggestion).toBe('Nodejs20.19')
    const [php] = tencentRuntimeWarnings(['Php8.1'])
    expect(php?.suggestion).toBe('Php8.0')
    const [python] = tencentRuntimeWarnings(['Python3.11'])
    expect(python?.suggestion).toBeUndefined()
  })
})

describe('parseRuntimeRefusal on the wrapped list form', () => {
  it('reads "Member must satisfy constraint: [Member must satisfy enum value set: [...]]"', () => {
    const message =
      "1 validation error detected: Value '[python9.9]' at 'compatibleRuntimes' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [python3.12, nodejs22.x]]"
    expect(parseRuntimeRefusal(message, ['python9.9', 'python3.12'])).toEqual({
      accepted: ['python3.12', 'nodejs22.x'],
      refused: ['python9.9']
    })
  })
})
