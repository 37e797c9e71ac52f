/**
 * update-functions and retention's in-use rule, through publishRegion with
 * in-memory providers: the layer is replaced in place, waits and revision
 * conflicts are handled, and a version a function uses is never deleted.
 */
import { describe, expect, it } from 'vitest'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ProviderError } from '../src/errors.js'
import { changeFor } from '../src/functions/layers.js'
import { parseFunctionTarget } from '../src/functions/refs.js'
import { readInputs, type InputReader } from '../src/inputs/index.js'
import { failureOf } from '../src/publish/fan-out.js'
import type { PublishPlan } from '../src/publish/plan.js'
import { publishRegion } from '../src/publish/region.js'
import { FakeFunctions } from './helpers/fake-functions.js'
import { FakeProvider } from './helpers/fake-provider.js'
import { archiveOf, testPlan } from './helpers/plan.js'

class FunctionsProvider extends FakeProvider {
  constructor(
    region: string,
    readonly functions = new FakeFunctions()
  ) {
    super(region)
  }
}

const base: PublishPlan = testPlan({
  functions: {
    targets: [{ label: 'f', name: 'f' }],
    publishVersion: false,
    waitTimeoutSeconds: 300
  }
})
const logs: string[] = []
const log = {
  info: (m: string) => logs.push(m),
  warning: (m: string) => logs.push(`warning ${m}`),
  debug: () => {}
}
const THIS = 'arn:fake:us-east-1:lyr'
const OTHER = 'arn:aws:lambda:us-east-1:111122223333:layer:other'

/** A provider whose layer already has version 1, used by function f. */
async function scene(): Promise<FunctionsProvider> {
  const p = new FunctionsProvider('us-east-1')
  await p.publishLayer(base.settings, {
    kind: 'inline',
    zip: Buffer.from('old')
  })
  p.functions.add('f', [
    { layer: OTHER, version: 2 },
    { layer: THIS, version: 1 }
  ])
  return p
}

describe('the layer is replaced in place', () => {
  it('keeps other layers and their order; knows current and absent', () => {
    const layers = [
      { layer: 'a', version: 1 },
      { layer: 'me', version: 3 },
      { layer: 'b', version: 7 }
    ]
    expect(changeFor(layers, { layer: 'me', version: 4 })).toEqual({
      kind: 'move',
      from: 3,
      layers: [
        { layer: 'a', version: 1 },
        { layer: 'me', version: 4 },
        { layer: 'b', version: 7 }
      ]
    })
    expect(changeFor(layers, { layer: 'me', version: 3 })).toEqual({
      kind: 'current'
    })
    expect(changeFor(layers, { layer: 'zz', version: 1 })).toEqual({
      kind: 'absent'
    })
  })
})

describe('update-functions', () => {
  it('moves [other:2, this:1] to [other:2, this:2]; a second run changes nothing', async () => {
    const p = await scene()
    const a = archiveOf('new')
    const r = await publishRegion(p, a, base, log)
    expect(r.status).toBe('published')
    expect(r.functions).toEqual([
      { name: 'f', from: 1, to: 2, status: 'updated' }
    ])
    expect(p.functions.fns.get('f')!.layers).toEqual([
      { layer: OTHER, version: 2 },
      { layer: THIS, version: 2 }
    ])
    const before = p.functions.calls.length
    const again = await publishRegion(p, a, base, log)
    expect(again.status).toBe('unchanged')
    expect(again.functions).toEqual([
      { name: 'f', from: 2, to: 2, status: 'up to date' }
    ])
    expect(p.functions.calls.slice(before)).not.toContain('update f')
  })

  it('a function that does not use the layer fails alone, named at the end', async () => {
    const p = await scene()
    p.functions.add('typo', [{ layer: OTHER, version: 2 }])
    const plan = {
      ...base,
      functions: {
        ...base.functions,
        targets: [
          { label: 'typo', name: 'typo' },
          { label: 'f', name: 'f' }
        ]
      }
    }
    const r = await publishRegion(p, archiveOf('new'), plan, log)
    expect(r.status).toBe('published')
    expect(r.functions.map((f) => [f.name, f.status])).toEqual([
      ['typo', 'failed'],
      ['f', 'updated']
    ])
    expect(r.functions[0]!.error).toMatch(/does not use layer arn:fake/)
    expect(p.functions.fns.get('typo')!.layers).toEqual([
      { layer: OTHER, version: 2 }
    ])
    expect(failureOf([r])?.message).toMatch(
      /not moved to the new layer version:\nus-east-1: function typo: does not use layer/
    )
  })

  it('an update racing another (RevisionId) is re-read and converges', async () => {
    const p = await scene()
    let raced = false
    p.functions.beforeUpdate = (name) => {
      if (raced) return
      raced = true
      p.functions.fns.get(name)!.revision++ // someone else changed it
    }
    const r = await publishRegion(p, archiveOf('new'), base, log)
    expect(r.functions[0]).toMatchObject({ status: 'updated', to: 2 })
    expect(p.functions.calls.filter((c) => c === 'update f')).toHaveLength(2)
  })

  it('gives up after a bounded number of conflicts, naming why', async () => {
    const p = await scene()
    p.functions.beforeUpdate = (name) => p.functions.fns.get(name)!.revision++
    const r = await publishRegion(p, archiveOf('new'), base, log)
    expect(r.functions[0]).toMatchObject({ status: 'failed' })
    expect(r.functions[0]!.error).toMatch(
      /changed by someone else 3 times.*\(last: lambda:UpdateFunctionConfiguration failed in r: PreconditionFailedException/
    )
    expect(p.functions.calls.filter((c) => c === 'update f')).toHaveLength(3)
  })

  it('an update whose answer was lost, refused when repeated, is still reported as this run moving it', async () => {
    const p = await scene()
    const update = p.functions.updateLayers.bind(p.functions)
    let first = true
    p.functions.updateLayers = async (ref, layers, revisionId) => {
      await update(ref, layers, revisionId)
      if (!first) return
      first = false
      // The update took effect; the SDK's repeat met the new revision.
      throw new ProviderError({
        provider: 'aws',
        operation: 'lambda:UpdateFunctionConfiguration',
        region: 'us-east-1',
        code: 'PreconditionFailedException',
        message:
          'The Revision Id provided does not match the latest Revision Id.',
        httpStatus: 412,
        kind: 'conflict'
      })
    }
    const r = await publishRegion(p, archiveOf('new'), base, log)
    expect(r.functions).toEqual([
      { name: 'f', from: 1, to: 2, status: 'updated' }
    ])
    expect(p.functions.calls.filter((c) => c === 'update f')).toHaveLength(1)
  })

  it('waits while an update is in progress, before and after', async () => {
    const p = await scene()
    p.functions.fns.get('f')!.updatingReads = 2
    p.functions.updateReads = 2
    const r = await publishRegion(p, archiveOf('new'), base, log)
    expect(r.functions[0]!.status).toBe('updated')
    expect(p.functions.calls).toEqual([
      'get f',
      'get f',
      'get f',
      'update f',
      'get f',
      'get f',
      'get f'
    ])
  })

  it('an update that fails is an error with its reason', async () => {
    const p = await scene()
    p.functions.beforeUpdate = (name) => {
      p.functions.fns.get(name)!.failWith = 'Layer version does not exist'
    }
    const r = await publishRegion(p, archiveOf('new'), base, log)
    expect(r.functions[0]).toMatchObject({
      status: 'failed',
      error: 'the update failed: Layer version does not exist'
    })
  })

  it('publishes a function version and moves the alias; a re-run keeps both', async () => {
    const p = await scene()
    const plan = {
      ...base,
      functions: { ...base.functions, publishVersion: true, alias: 'live' }
    }
    const a = archiveOf('new')
    const r = await publishRegion(p, a, plan, log)
    expect(r.functions[0]).toEqual({
      name: 'f',
      from: 1,
      to: 2,
      status: 'updated',
      version: '1',
      alias: 'live'
    })
    expect(p.functions.fns.get('f')!.aliases.get('live')).toBe('1')
    const again = await publishRegion(p, a, plan, log)
    expect(again.functions[0]).toMatchObject({
      status: 'up to date',
      version: '1',
      alias: 'live'
    })
    expect(p.functions.fns.get('f')!.versions).toHaveLength(1)
  })

  it('a dry run plans each move and writes nothing', async () => {
    const p = await scene()
    logs.length = 0
    const r = await publishRegion(
      p,
      archiveOf('new'),
      { ...base, dryRun: true },
      log
    )
    expect(r.functions).toEqual([
      { name: 'f', from: 1, to: 2, status: 'planned' }
    ])
    expect(logs).toContain('[us-east-1] would move f from :1 to :2')
    expect(p.functions.calls).toEqual(['get f'])
  })

  it('a region whose publish failed moves none of its functions', async () => {
    const p = await scene()
    p.failOn.set('publishLayer', new Error('boom'))
    const r = await publishRegion(p, archiveOf('new'), base, log)
    expect(r.status).toBe('failed')
    expect(r.functions).toEqual([])
    expect(p.functions.calls).toEqual([])
  })

  it('an ARN moves its function in its own region only', async () => {
    const arn = 'arn:aws:lambda:eu-west-1:123456789012:function:f'
    const target = parseFunctionTarget('aws', arn)
    expect(target).toEqual({ label: arn, name: arn, region: 'eu-west-1' })
    const p = await scene()
    const plan = {
      ...base,
      functions: { ...base.functions, targets: [target as never] }
    }
    const r = await publishRegion(p, archiveOf('new'), plan, log)
    expect(r.functions).toEqual([])
    expect(p.functions.calls).toEqual([])
  })
})

describe('keep-versions never deletes a version in use', () => {
  it('keeps the version a function still uses and says which function holds it', async () => {
    const p = new FunctionsProvider('us-east-1')
    for (const t of ['v1', 'v2', 'v3']) {
      await p.publishLayer(base.settings, {
        kind: 'inline',
        zip: Buffer.from(t)
      })
    }
    p.functions.add('f', [{ layer: THIS, version: 1 }])
    const r = await publishRegion(
      p,
      archiveOf('v4'),
      {
        ...base,
        keepVersions: 1,
        functions: { ...base.functions, targets: [] }
      },
      log
    )
    expect(r.version).toBe(4)
    expect(r.deletedVersions).toEqual([3, 2])
    expect(r.keptInUse).toEqual([{ version: 1, functions: ['f'] }])
    expect(p.versions.map((v) => v.version)).toEqual([1, 4])
  })

  it('a delete refused as bound (SCF) is kept, not a warning', async () => {
    const p = new FakeProvider('ap-guangzhou', 'tencent')
    for (const t of ['v1', 'v2']) {
      await p.publishLayer(base.settings, {
        kind: 'inline',
        zip: Buffer.from(t)
      })
    }
    p.failOn.set(
      'deleteVersion',
      new ProviderError({
        provider: 'tencent',
        operation: 'scf:DeleteLayerVersion',
        region: 'ap-guangzhou',
        code: 'ResourceInUse.LayerVersion',
        message: 'bound',
        httpStatus: 200,
        kind: 'in-use'
      })
    )
    logs.length = 0
    const r = await publishRegion(
      p,
      archiveOf('v3'),
      {
        ...base,
        provider: 'tencent',
        keepVersions: 2,
        functions: { ...base.functions, targets: [] }
      },
      log
    )
    expect(r.keptInUse).toEqual([{ version: 1, functions: [] }])
    expect(r.deletedVersions).toEqual([])
    expect(logs.filter((l) => l.startsWith('warning'))).toEqual([])
  })
})

describe('update-functions inputs', () => {
  const ws = mkdtempSync(join(tmpdir(), 'pl-fn-inputs-'))
  const env = { GITHUB_WORKSPACE: ws, RUNNER_TEMP: tmpdir() }
  const reader =
    (values: Record<string, string>): InputReader =>
    (name) =>
      values[name] ?? ''
  const aws = { 'layer-name': 'l', path: '**', region: 'us-east-1' }
  const tencent = {
    ...aws,
    provider: 'tencent',
    region: 'ap-guangzhou',
    'compatible-runtimes': 'Python3.9',
    'tencent-secret-id': 'i',
    'tencent-secret-key': 'k'
  }
  it('reads names, ARNs and namespace/name', () => {
    const a = readInputs(
      reader({
        ...aws,
        'update-functions':
          'api, arn:aws:lambda:us-east-1:123456789012:function:worker',
        'publish-function-version': 'true',
        'function-alias': 'live'
      }),
      { env }
    )
    expect(a.updateFunctions.map((f) => f.label)).toEqual([
      'api',
      'arn:aws:lambda:us-east-1:123456789012:function:worker'
    ])
    expect(a.publishFunctionVersion).toBe(true)
    expect(a.functionAlias).toBe('live')
    const t = readInputs(
      reader({ ...tencent, 'update-functions': 'api\nprod/worker' }),
      { env }
    )
    expect(t.updateFunctions).toEqual([
      { label: 'api', name: 'api', namespace: 'default' },
      { label: 'prod/worker', name: 'worker', namespace: 'prod' }
    ])
  })
  it.each([
    [aws, 'bad name!', 'update-functions', /not a Lambda function name/],
    [
      aws,
      'arn:aws:lambda:us-east-1:123456789012:function:f:live',
      'update-functions',
      /not a Lambda function ARN/
    ],
    [
      aws,
      'arn:aws:lambda:eu-west-1:123456789012:function:f',
      'update-functions',
      /in eu-west-1, which is not a region published/
    ],
    [tencent, 'a/b/c', 'update-functions', /not an SCF function/],
    [tencent, '1abc', 'update-functions', /not an SCF function name/]
  ])('refuses %#', (values, entry, input, rule) => {
    expect(() =>
      readInputs(reader({ ...values, 'update-functions': entry }), { env })
    ).toThrow(rule)
    expect(() =>
      readInputs(reader({ ...values, 'update-functions': entry }), { env })
    ).toThrow(`Input '${input}'`)
  })
  it('refuses an alias without publish-function-version, and both on Tencent', () => {
    expect(() =>
      readInputs(
        reader({ ...aws, 'update-functions': 'f', 'function-alias': 'live' }),
        { env }
      )
    ).toThrow(/Input 'function-alias': requires 'publish-function-version/)
    expect(() =>
      readInputs(
        reader({
          ...tencent,
          'update-functions': 'fn',
          'publish-function-version': 'true'
        }),
        { env }
      )
    ).toThrow(
      /Input 'publish-function-version': is only supported with provider 'aws'/
    )
  })
})
