import { describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
// @ts-expect-error plain ESM script without types
import { render } from '../scripts/readme-tables.mjs'
import { Input } from '../src/inputs/index.js'
import { buildOutputs } from '../src/summary/index.js'
import { ROOT } from './helpers/action.js'

const actionYml = readFileSync(join(ROOT, 'action.yml'), 'utf8')
const action = parse(actionYml) as {
  runs: { using: string; main: string }
  inputs: Record<
    string,
    { description: string; default?: string; required?: boolean }
  >
  outputs: Record<string, { description: string }>
}
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
// The contract lives in the repository: a clone must pass on its own.
const contract = readFileSync(join(ROOT, 'docs', 'interface.md'), 'utf8')

describe('action.yml, README and code agree', () => {
  it('runs on node24 from dist/index.js', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })
  it('README tables are the ones generated from action.yml', () => {
    expect(render(readme, actionYml)).toBe(readme)
  })
  it('every input is read by the code, described, and the code reads no other', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(
      Object.values(Input).sort()
    )
    for (const [name, spec] of Object.entries(action.inputs)) {
      expect(spec.description, name).toBeTruthy()
      expect(readme).toContain(`| \`${name}\` |`)
    }
  })
  it('every output is set by the code and described', () => {
    const produced = buildOutputs(
      {
        path: '/x.zip',
        size: 1,
        sha256: '00'.repeat(32),
        unzippedSize: 1,
        entryCount: 1,
        names: []
      },
      [],
      { provider: 'aws', layerName: 'x', dryRun: false }
    )
    expect(Object.keys(action.outputs).sort()).toEqual(
      Object.keys(produced).sort()
    )
    for (const name of Object.keys(action.outputs))
      expect(readme).toContain(`| \`${name}\` |`)
  })
  it('inputs and outputs are the ones of the shared contract, with its defaults', () => {
    for (const name of [
      ...Object.keys(action.inputs),
      ...Object.keys(action.outputs)
    ]) {
      expect(contract, name).toContain(`\`${name}\``)
    }
    const defaults: Record<string, string> = {
      provider: 'aws',
      symlinks: 'follow',
      'object-prefix': 'publish-layer/',
      upload: 'auto',
      'delete-object': 'false',
      'skip-unchanged': 'true',
      'keep-versions': '0',
      'wait-timeout': '300',
      'dry-run': 'false',
      'max-attempts': '5'
    }
    for (const [name, def] of Object.entries(defaults))
      expect(action.inputs[name]?.default, name).toBe(def)
    expect(action.inputs['layer-name']?.required).toBe(true)
  })
  it('nothing in the project reads outside the repository', () => {
    const tracked = execFileSync('git', ['ls-files'], {
      cwd: ROOT,
      encoding: 'utf8'
    })
      .split('\n')
      .filter((f) => /\.(ts|mts|mjs|cjs|js|json|ya?ml|sh)$|(^|\/)run$/.test(f))
      .filter((f) => !f.startsWith('dist/') && f !== 'package-lock.json')
      .filter((f) => existsSync(join(ROOT, f)))
    const outside = tracked.filter((f) =>
      /\.\.\/shared|'\.\.', *'shared'/.test(readFileSync(join(ROOT, f), 'utf8'))
    )
    expect(outside).toEqual([])
  })
  it('README gives the two fresh-clone command lines', () => {
    expect(readme).toContain('npm ci && npm run demo')
    expect(readme).toContain('npm ci && npm test')
  })
})
