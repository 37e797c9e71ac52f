/** Builds throw-away workspaces for end-to-end runs. */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createHash, randomBytes } from 'node:crypto'

export function makeWorkspace(
  files: Record<string, string | Buffer>,
  executables: string[] = []
): string {
  const ws = mkdtempSync(join(tmpdir(), 'pl-ws-'))
  for (const [name, content] of Object.entries(files)) {
    const p = join(ws, name)
    mkdirSync(dirname(p), { recursive: true })
    writeFileSync(p, content)
  }
  for (const name of executables) chmodSync(join(ws, name), 0o755)
  return ws
}

/** Incompressible bytes from a seed, so sizes above a limit are reproducible. */
export function seededBytes(size: number, seed: string): Buffer {
  const out = Buffer.allocUnsafe(size)
  let block = createHash('sha256').update(seed).digest()
  for (let off = 0; off < size; off += block.length) {
    block.copy(out, off, 0, Math.min(block.length, size - off))
    block = createHash('sha256').update(block).digest()
  }
  return out
}

export function randomName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`
}

export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}
