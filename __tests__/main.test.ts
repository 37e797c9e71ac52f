/**
 * main.ts with @actions/core mocked and a fake provider injected: the order
 * of effects (secrets masked first), outputs, and how failures surface.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeWorkspace } from './helpers/workspace.js'
import { FakeProvider } from './helpers/fake-provider.js'

const events: string[] = []
const outputs: Record<string, string> = {}
let summaryText = ''
vi.mock('@actions/core', () => ({
  setSecret: (s: string) => events.push(`secret:${s}`),
  setOutput: (k: string, v: string) => {
    events.push(`output:${k}`)
    outputs[k] = v
  },
  setFailed: (m: string) => events.push(`failed:${m}`),
  info: (m: string) => events.push(`info:${m}`),
  warning: (m: string) => events.push(`warning:${m}`),
  debug: () => {},
  group: async (_name: string, fn: () => Promise<unknown>) => fn(),
  summary: {
    addRaw(text: string) {
      summaryText += text
      return this
    },
    async write() {
      events.push('summary')
    }
  }
}))

const { run } = await import('../src/main.js')

beforeEach(() => {
  events.length = 0
  summaryText = ''
  for (const k of Object.keys(outputs)) delete outputs[k]
})

function env(ws: string): NodeJS.ProcessEnv {
  return {
    GITHUB_WORKSPACE: ws,
    RUNNER_TEMP: mkdtempSync(join(tmpdir(), 'pl-main-')),
    GITHUB_STEP_SUMMARY: join(ws, 'summary.md'),
    TENCENTCLOUD_SECRET_KEY: 'tencent-key-from-env'
  }
}

describe('run', () => {
  it('masks secrets first, publishes through the provider, sets every output and the summary', async () => {
    const ws = makeWorkspace({ 'python/a.py': 'a' })
    const providers: FakeProvider[] = []
    await run({
      env: env(ws),
      read: (n) =>
        ({
          'layer-name': 'lyr',
          path: 'python/**',
          region: 'us-east-1,eu-west-1',
          'compatible-runtimes': ''
        })[n] ?? '',
      createProvider: async (cfg) => {
        const p = new FakeProvider(cfg.region, 'aws', 50 * 1024 * 1024)
        providers.push(p)
        return p
      }
    })
    expect(events[0]).toBe('secret:tencent-key-from-env')
    expect(events.some((e) => e.startsWith('failed:'))).toBe(false)
    expect(providers.map((p) => p.region).sort()).toEqual([
      'eu-west-1',
      'us-east-1'
    ])
    expect(Object.keys(outputs).sort()).toEqual(
      [
        'archive-path',
        'archive-sha256',
        'code-sha256',
        'code-size',
        'layer-arn',
        'layer-version',
        'layer-version-arn',
        'published',
        'results',
        'unzipped-size'
      ].sort()
    )
    expect(outputs['layer-version-arn']).toBe('arn:fake:us-east-1:lyr:1')
    expect(JSON.parse(outputs.results!)).toHaveLength(2)
    expect(
      readFileSync(outputs['archive-path']!).subarray(0, 2).toString()
    ).toBe('PK')
    expect(summaryText).toContain('| eu-west-1 | 1 |')
    expect(events.at(-1)).toBe('summary')
  })

  it('fails with the input error and never creates a provider', async () => {
    const ws = makeWorkspace({ 'python/a.py': 'a' })
    let created = 0
    await run({
      env: env(ws),
      read: (n) =>
        ({
          'layer-name': 'lyr',
          path: 'python/**',
          region: 'us-east-1',
          'keep-versions': '-3'
        })[n] ?? '',
      createProvider: async (cfg) => {
        created++
        return new FakeProvider(cfg.region)
      }
    })
    expect(created).toBe(0)
    expect(events.filter((e) => e.startsWith('failed:'))).toEqual([
      "failed:Input 'keep-versions': must be a whole number from 0 to 10000, got '-3'"
    ])
    expect(Object.keys(outputs)).toEqual([])
  })

  it('sets outputs and the summary even when a region fails, then fails naming it', async () => {
    const ws = makeWorkspace({ 'python/a.py': 'a' })
    await run({
      env: env(ws),
      read: (n) =>
        ({ 'layer-name': 'lyr', path: 'python/**', region: 'us-east-1' })[n] ??
        '',
      createProvider: async (cfg) => {
        const p = new FakeProvider(cfg.region, 'aws', 50 * 1024 * 1024)
        p.failOn.set('publishLayer', new Error('denied'))
        return p
      }
    })
    expect(JSON.parse(outputs.results!)[0]).toMatchObject({
      status: 'failed',
      error: 'denied'
    })
    expect(events.filter((e) => e.startsWith('failed:'))).toEqual([
      'failed:us-east-1: denied'
    ])
  })

  it('turns a thrown non-Error into a failure instead of succeeding silently', async () => {
    const ws = makeWorkspace({ 'python/a.py': 'a' })
    await run({
      env: env(ws),
      read: (n) =>
        ({ 'layer-name': 'lyr', path: 'python/**', region: 'us-east-1' })[n] ??
        '',
      createProvider: async () => {
        throw 'a string'
      }
    })
    expect(events.filter((e) => e.startsWith('failed:'))).toEqual([
      'failed:us-east-1: a string'
    ])
  })
})
