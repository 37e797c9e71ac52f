/**
 * Runs the bundled action exactly as the GitHub runner does: `node
 * dist/index.js` with INPUT_* variables (hyphens kept), GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY, RUNNER_TEMP and GITHUB_WORKSPACE.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const ROOT = resolve(import.meta.dirname, '..', '..')
// A developer may point the tests at a bundle built elsewhere (e.g. while
// several people change src/ at once); CI always tests the committed dist/.
export const DIST =
  process.env.PUBLISH_LAYER_DIST ?? join(ROOT, 'dist', 'index.js')

export interface ActionRun {
  code: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  /** `::error::` lines from stdout, unescaped. */
  errors: string[]
  warnings: string[]
  durationMs: number
  /** From the last output the action wrote to its exit: sockets or timers left open show here. */
  exitAfterOutputMs: number
  runnerTemp: string
}

export interface RunOptions {
  inputs: Record<string, string>
  /** Extra environment (credentials, regions...). */
  env?: Record<string, string>
  workspace: string
  timeoutMs?: number
}

/** Parses the GITHUB_OUTPUT file format: `name<<DELIM\nvalue\nDELIM`. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!)
    if (m) {
      const [, name, delim] = m
      const value: string[] = []
      i++
      while (i < lines.length && lines[i] !== delim) value.push(lines[i++]!)
      out[name!] = value.join('\n')
    } else if (lines[i]!.includes('=')) {
      const eq = lines[i]!.indexOf('=')
      out[lines[i]!.slice(0, eq)] = lines[i]!.slice(eq + 1)
    }
  }
  return out
}

function unescape(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

/** Environment a runner gives, without anything from this machine leaking in. */
function baseEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'LANG', 'TZ', 'SYSTEMROOT', 'TMPDIR']
  const env: Record<string, string> = {}
  for (const k of keep) {
    const v = process.env[k]
    if (v !== undefined) env[k] = v
  }
  return {
    ...env,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true'
  }
}

/** A running action: the child process, and its result once it exits. */
export interface StartedAction {
  child: ChildProcess
  runnerTemp: string
  result: Promise<ActionRun>
}

export async function runAction(options: RunOptions): Promise<ActionRun> {
  return startAction(options).result
}

/** Starts the bundled action without waiting, so a test can signal or kill it. */
export function startAction(options: RunOptions): StartedAction {
  const dir = mkdtempSync(join(tmpdir(), 'pl-run-'))
  const outputFile = join(dir, 'output.txt')
  const summaryFile = join(dir, 'summary.md')
  const runnerTemp = join(dir, 'temp')
  mkdirSync(runnerTemp)
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  const env: Record<string, string> = {
    ...baseEnv(),
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: runnerTemp,
    GITHUB_WORKSPACE: options.workspace,
    ...options.env
  }
  for (const [name, value] of Object.entries(options.inputs)) {
    env[`INPUT_${name.toUpperCase()}`] = value
  }
  const started = Date.now()
  const child = spawn(process.execPath, [DIST], {
    cwd: options.workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  let lastOutputAt = started
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString()
    lastOutputAt = Date.now()
  })
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString()
    lastOutputAt = Date.now()
  })
  const timeout = options.timeoutMs ?? 90_000
  let exitedAt = 0
  child.on('exit', () => (exitedAt = Date.now()))
  const result = (async (): Promise<ActionRun> => {
    const code = await new Promise<number | null>((resolveCode, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL')
        reject(
          new Error(
            `action did not exit within ${timeout} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`
          )
        )
      }, timeout)
      // 'close', not 'exit': output still in the pipes would be lost.
      child.on('close', (c) => {
        clearTimeout(timer)
        resolveCode(c)
      })
    })
    const lines = stdout.split('\n')
    return {
      code,
      stdout,
      stderr,
      outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
      summary: readFileSync(summaryFile, 'utf8'),
      errors: lines
        .filter((l) => l.startsWith('::error::'))
        .map((l) => unescape(l.slice('::error::'.length))),
      warnings: lines
        .filter((l) => l.startsWith('::warning::'))
        .map((l) => unescape(l.slice('::warning::'.length))),
      durationMs: Date.now() - started,
      exitAfterOutputMs: Math.max(0, (exitedAt || Date.now()) - lastOutputAt),
      runnerTemp
    }
  })()
  return { child, runnerTemp, result }
}
