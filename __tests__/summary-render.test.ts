/**
 * Renders the job summary of a three-region run to docs/summary-example.md,
 * which the README embeds, so users can see what a run leaves behind. The
 * file is rewritten on every run and the test fails when the committed one
 * differs: commit the rewritten file with the change to src/summary/.
 */
import { describe, expect, it } from 'vitest'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { buildSummary, providerSha } from '../src/summary/index.js'
import type { RegionResult } from '../src/publish/plan.js'
import type { ArchiveInfo } from '../src/package/types.js'
import { ROOT } from './helpers/action.js'

const FILE = join(ROOT, 'docs', 'summary-example.md')
const SHA = '3f5a0c9be41d7e26a8b4f0d1c2e3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5'
const ACCOUNT = '123456789012'
const KEY = `publish-layer/shared-deps/${SHA}.zip`

const archive: ArchiveInfo = {
  path: '/home/runner/work/_temp/publish-layer/shared-deps.zip',
  size: 57_349_120,
  sha256: SHA,
  unzippedSize: 168_034_304,
  entryCount: 4_817,
  names: []
}

function region(
  name: string,
  version: number,
  rest: Partial<RegionResult>
): RegionResult {
  const layerArn = `arn:aws:lambda:${name}:${ACCOUNT}:layer:shared-deps`
  return {
    region: name,
    layerName: 'shared-deps',
    version,
    layerArn,
    layerVersionArn: `${layerArn}:${version}`,
    published: true,
    codeSha256: providerSha('aws', SHA),
    storage: `my-layers-${name}/${KEY}`,
    status: 'published',
    error: '',
    deletedVersions: [],
    sharedWith: [],
    functions: [],
    keptInUse: [],
    ...rest
  }
}

/** A run with `region: us-east-1, eu-west-1, ap-southeast-2`. */
const results: RegionResult[] = [
  region('us-east-1', 14, {
    sharedWith: ['o-a1b2c3d4e5'],
    deletedVersions: [9]
  }),
  region('eu-west-1', 14, { sharedWith: ['o-a1b2c3d4e5'] }),
  // This region already had the same archive and settings.
  region('ap-southeast-2', 11, {
    published: false,
    status: 'unchanged',
    storage: ''
  })
]

const markdown = buildSummary(archive, results, {
  provider: 'aws',
  layerName: 'shared-deps',
  dryRun: false,
  runUrl: 'https://github.com/OWNER/REPO/actions/runs/1234567890',
  commit: '9fceb02d0ae598e95dc970b74767f19372d61af8'
})

describe('the rendered job summary', () => {
  it('has one row per region and the archive facts', () => {
    for (const r of results) {
      expect(markdown).toContain(`| ${r.region} | ${r.version} |`)
    }
    expect(markdown).toContain('⏸️ unchanged')
    expect(markdown).toContain(SHA)
  })

  it('is the committed docs/summary-example.md', () => {
    let committed: string | undefined
    try {
      committed = readFileSync(FILE, 'utf8')
    } catch {
      committed = undefined
    }
    mkdirSync(dirname(FILE), { recursive: true })
    writeFileSync(FILE, markdown)
    // A missing file is written, not failed: the first run creates it.
    expect(
      committed ?? markdown,
      'docs/summary-example.md was out of date and has been rewritten: commit it'
    ).toBe(markdown)
  })

  it('is what the README shows', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    const block =
      /<!-- summary-example:start -->\n([\s\S]*?)<!-- summary-example:end -->/.exec(
        readme
      )
    expect(block, 'README.md has no summary-example block').not.toBeNull()
    expect(
      block![1]!.trim(),
      'copy docs/summary-example.md between the summary-example markers'
    ).toBe(markdown.trim())
  })
})
