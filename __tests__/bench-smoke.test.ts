/**
 * Keeps `npm run bench` working: the packaging part on tiny trees, once.
 * No timing is asserted: benchmarks are not tests.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '..')

describe('npm run bench -- --quick', () => {
  it.skipIf(!existsSync(join(ROOT, 'dist', 'index.js')))(
    'prints the ratio, memory and size lines for both trees',
    () => {
      const r = spawnSync(
        'npm',
        ['run', '--silent', 'bench', '--', '--quick', '--packaging-only'],
        { cwd: ROOT, encoding: 'utf8', timeout: 90_000 }
      )
      expect(r.status, r.stderr).toBe(0)
      for (const tree of ['small-files', 'binary-heavy']) {
        expect(r.stdout).toMatch(
          new RegExp(`${tree} packaging vs zip -r -q: median ratio \\d`)
        )
        expect(r.stdout).toContain(`${tree} peak RSS: action`)
        expect(r.stdout).toMatch(new RegExp(`${tree} size: \\d+ bytes`))
        expect(r.stdout).toContain(`${tree} archive: unzip -t passes`)
      }
    },
    120_000
  )
})
