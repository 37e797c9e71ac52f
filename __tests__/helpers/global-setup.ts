/**
 * Gives the whole test run one temporary root (as TMPDIR, so every
 * mkdtemp(tmpdir()) in tests, helpers and spawned actions lands in it) and
 * removes it afterwards: runs leave nothing behind in /tmp.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'publish-layer-tests-'))
  process.env.TMPDIR = root
  return () => {
    if (process.env.KEEP_TEST_TMP) return
    rmSync(root, { recursive: true, force: true })
  }
}
