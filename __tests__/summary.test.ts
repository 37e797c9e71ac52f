import { describe, expect, it } from 'vitest'
import { buildOutputs, buildSummary, providerSha } from '../src/summary.js'
import type { RegionResult } from '../src/publish.js'
import type { ArchiveInfo } from '../src/package/types.js'

const archive: ArchiveInfo = {
  path: '/tmp/x.zip',
  size: 2048,
  sha256: 'ab'.repeat(32),
  unzippedSize: 4096,
  entryCount: 3,
  names: []
}
const ok: RegionResult = {
  region: 'us-east-1',
  layerName: 'lyr',
  version: 3,
  layerArn: 'arn:aws:lambda:us-east-1:123456789012:layer:lyr',
  layerVersionArn: 'arn:aws:lambda:us-east-1:123456789012:layer:lyr:3',
  published: true,
  codeSha256: providerSha('aws', 'ab'.repeat(32)),
  storage: 'inline',
  status: 'published',
  error: '',
  deletedVersions: [],
  sharedWith: []
}
const failed: RegionResult = {
  ...ok,
  region: 'eu-west-1',
  version: null,
  layerArn: '',
  layerVersionArn: '',
  published: false,
  codeSha256: '',
  status: 'failed',
  error: 'lambda:PublishLayerVersion failed | boom'
}

describe('outputs', () => {
  it('come from the first region, results hold all', () => {
    const out = buildOutputs(archive, [ok, failed], {
      provider: 'aws',
      layerName: 'lyr',
      dryRun: false
    })
    expect(out).toMatchObject({
      'layer-version': '3',
      'layer-arn': ok.layerArn,
      'layer-version-arn': ok.layerVersionArn,
      'code-sha256': Buffer.from('ab'.repeat(32), 'hex').toString('base64'),
      'archive-sha256': 'ab'.repeat(32),
      'code-size': '2048',
      'unzipped-size': '4096',
      published: 'true',
      'archive-path': '/tmp/x.zip'
    })
    expect(JSON.parse(out.results!)).toEqual([ok, failed])
  })
  it('Tencent code-sha256 is hex and ARNs are empty', () => {
    const out = buildOutputs(
      archive,
      [{ ...ok, layerArn: '', layerVersionArn: '', codeSha256: '' }],
      { provider: 'tencent', layerName: 'lyr', dryRun: false }
    )
    expect(out['code-sha256']).toBe('ab'.repeat(32))
    expect(out['layer-arn']).toBe('')
  })
})

describe('summary', () => {
  it('has a row per region, failures, and the archive facts, with pipes escaped', () => {
    const md = buildSummary(archive, [ok, failed], {
      provider: 'aws',
      layerName: 'lyr',
      dryRun: false,
      runUrl: 'https://github.com/o/r/actions/runs/1',
      commit: 'abcdef1234567890'
    })
    expect(md).toContain(
      '| us-east-1 | 3 | `arn:aws:lambda:us-east-1:123456789012:layer:lyr:3` | ✅ published | 2.0 KiB | inline |'
    )
    expect(md).toContain('| eu-west-1 | — |')
    expect(md).toContain(
      '- `eu-west-1`: lambda:PublishLayerVersion failed \\| boom'
    )
    expect(md).toContain('ab'.repeat(32))
    expect(md).toContain(
      '[workflow run](https://github.com/o/r/actions/runs/1)'
    )
    expect(md).toContain('commit `abcdef123456`')
  })
  it('lists shares and deletions per region', () => {
    const md = buildSummary(
      archive,
      [
        {
          ...ok,
          sharedWith: ['123456789012', 'public'],
          deletedVersions: [2, 1]
        }
      ],
      { provider: 'aws', layerName: 'lyr', dryRun: false }
    )
    expect(md).toContain(
      '- `us-east-1`: shared with 123456789012, public; deleted versions 2, 1'
    )
  })
  it('says when it is a dry run', () => {
    expect(
      buildSummary(archive, [{ ...ok, status: 'planned' }], {
        provider: 'aws',
        layerName: 'lyr',
        dryRun: true
      })
    ).toMatch(/Dry run: nothing was written/)
  })
})
