/**
 * What ships in dist/: small enough, lazy where it matters, and only the
 * SCF client of the Tencent SDK.
 */
import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './helpers/action.js'

const dist = join(ROOT, 'dist')
const js = readdirSync(dist).filter((f) => /\.(c|m)?js$/.test(f))
const text = (f: string) => readFileSync(join(dist, f), 'utf8')

describe('dist/', () => {
  it('holds at most 6 MB of JavaScript, source maps aside', () => {
    const total = js.reduce((s, f) => s + statSync(join(dist, f)).size, 0)
    console.log(`dist/ JavaScript: ${total} bytes in ${js.length} files`)
    expect(total).toBeLessThanOrEqual(6_000_000)
  })
  it('keeps every SDK out of the entry chunk (loaded only when used)', () => {
    const entry = text('index.js')
    for (const marker of [
      'LambdaClient',
      'S3Client',
      'tencentcloudapi.com',
      'cos-nodejs-sdk',
      'undici'
    ]) {
      expect(entry.includes(marker), marker).toBe(false)
    }
  })
  it('contains the SCF client of the Tencent SDK and no other product', () => {
    const all = js.map(text).join('\n')
    // Each product client's constructor names its endpoint and API version.
    const clients = [
      ...all.matchAll(
        /"([a-z]+)\.tencentcloudapi\.com", "(\d{4}-\d{2}-\d{2})"/g
      )
    ].map((m) => `${m[1]} ${m[2]}`)
    expect(clients).toEqual(['scf 2018-04-16'])
  })
})
