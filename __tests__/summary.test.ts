import { describe, expect, it } from 'vitest'
import {
  buildOutputs,
  buildSummary,
  headline,
  providerSha
} from '../src/summary/index.js'
import type { RegionResult } from '../src/publish/plan.js'
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
  sharedWith: [],
  functions: [],
  keptInUse: []
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
    // Issue 15: the ARN left the table for a code block of its own (one
    // line, copyable whole), size moved to the Archive section and storage
    // to a line under the table; this row used to hold all three.
    expect(md).toContain('| us-east-1 | 3 | ✅ published |')
    expect(md).toContain(
      '```text\narn:aws:lambda:us-east-1:123456789012:layer:lyr:3\n```'
    )
    expect(md).toContain('Storage: inline')
    expect(md).toContain('Archive: 2.0 KiB zipped')
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

describe('summary page layout (issue 15)', () => {
  const aws = { provider: 'aws', layerName: 'lyr', dryRun: false } as const
  const unchanged: RegionResult = {
    ...ok,
    region: 'ap-southeast-2',
    version: 2,
    layerVersionArn: 'arn:aws:lambda:ap-southeast-2:123456789012:layer:lyr:2',
    published: false,
    status: 'unchanged',
    storage: ''
  }

  it('opens with a headline, then the failures, then the table', () => {
    const md = buildSummary(archive, [ok, unchanged, failed], aws)
    const lines = md.split('\n')
    expect(lines[2]).toBe(
      '**Published version 3 to 1 region; 1 unchanged; 1 failed.**'
    )
    expect(lines[4]).toMatch(/^- `eu-west-1`: /)
    expect(lines[6]).toBe('| Region | Version | Status |')
  })

  it('words every mix of outcomes', () => {
    const other = { ...ok, region: 'eu-west-1', version: 7 }
    expect(headline([ok, other, ok], aws)).toBe(
      'Published version 3 to 2 regions and version 7 to 1 region.'
    )
    expect(headline([unchanged, unchanged], aws)).toBe(
      'Published nothing; 2 unchanged.'
    )
    expect(
      headline([{ ...ok, status: 'planned', version: null }], {
        ...aws,
        dryRun: true
      })
    ).toBe('Would publish a new version to 1 region.')
    expect(
      headline([ok], aws, {
        warnings: ['a', 'b'],
        functions: {
          'us-east-1': [{ name: 'f', from: 2, to: 3, status: 'failed' }]
        }
      })
    ).toBe(
      'Published version 3 to 1 region; 1 function update failed; 2 warnings.'
    )
  })

  it('keeps ARNs out of the table, one per line in a code block', () => {
    const md = buildSummary(archive, [ok, unchanged, failed], aws)
    expect(md).toContain(
      [
        'Layer version ARNs:',
        '',
        '```text',
        ok.layerVersionArn,
        unchanged.layerVersionArn,
        '```'
      ].join('\n')
    )
    expect(md).not.toMatch(/^\|.*arn:aws/m)
  })

  it('names Tencent versions name:version in the table and has no ARN block', () => {
    const md = buildSummary(
      archive,
      [{ ...ok, region: 'ap-guangzhou', layerArn: '', layerVersionArn: '' }],
      { provider: 'tencent', layerName: 'lyr', dryRun: false }
    )
    expect(md).toContain('| Region | Version | Layer | Status |')
    expect(md).toContain('| ap-guangzhou | 3 | `lyr:3` | ✅ published |')
    expect(md).not.toContain('```')
  })

  it('shows storage short and the full key collapsed', () => {
    const key = `publish-layer/lyr/${'cd'.repeat(32)}.zip`
    const md = buildSummary(
      archive,
      [
        { ...ok, storage: `my-layers-us-east-1/${key}` },
        { ...ok, region: 'eu-west-1' }
      ],
      aws
    )
    expect(md).toContain(
      'Storage: S3 bucket `my-layers-us-east-1`, key `publish-layer/…/cdcdcdcdcdcd….zip`; inline for 1 region (full keys under Storage below).'
    )
    expect(md).toContain(
      `<details><summary>Storage</summary>\n\n- \`us-east-1\`: \`my-layers-us-east-1/${key}\``
    )
  })

  it('writes per-region buckets as their pattern, other buckets by name', () => {
    const key = `publish-layer/lyr/${'cd'.repeat(32)}.zip`
    const at = (region: string, bucket: string): RegionResult => ({
      ...ok,
      region,
      storage: `${bucket}/${key}`
    })
    expect(
      buildSummary(
        archive,
        [
          at('us-east-1', 'my-layers-us-east-1'),
          at('eu-west-1', 'my-layers-eu-west-1')
        ],
        aws
      )
    ).toContain('Storage: S3 buckets `my-layers-{region}`, key ')
    expect(
      buildSummary(
        archive,
        [at('us-east-1', 'a-bucket'), at('eu-west-1', 'b-bucket')],
        {
          ...aws,
          provider: 'tencent'
        }
      )
    ).toContain('Storage: COS buckets `a-bucket`, `b-bucket`, key ')
  })

  it('names a function given as an ARN by its name and qualifier', () => {
    const md = buildSummary(archive, [ok], aws, {
      functions: {
        'us-east-1': [
          {
            name: 'arn:aws:lambda:us-east-1:123456789012:function:orders:live',
            from: 2,
            to: 3,
            status: 'updated'
          }
        ]
      }
    })
    expect(md).toContain('- `us-east-1` `orders:live`: 2 → 3, updated')
  })

  it('adds the optional sections in a fixed order, each only when given', () => {
    const bare = buildSummary(archive, [ok], aws)
    expect(bare.match(/<summary>/g)).toHaveLength(1)
    expect(bare).toContain('<summary>Archive: 2.0 KiB zipped')
    expect(bare).toContain('| Fact | Value |')
    const md = buildSummary(archive, [ok], aws, {
      size: {
        largest: [{ path: 'python/numpy', bytes: 3 * 1024 * 1024 }],
        duplicates: [
          { name: 'six', paths: ['python/six', 'python/x/six'], bytes: 1024 }
        ],
        limitShare: 0.5
      },
      warnings: ['<b>careful</b> with *this*'],
      functions: {
        'us-east-1': [
          {
            name: 'f',
            from: 2,
            to: 3,
            status: 'updated',
            version: '9',
            alias: 'live'
          }
        ]
      }
    })
    const order = [...md.matchAll(/<summary>([^:(<]+)/g)].map((m) =>
      m[1]!.trim()
    )
    expect(order).toEqual(['Functions moved', 'Warnings', 'Size', 'Archive'])
    expect(md).toContain('<summary>Functions moved (1): 1 updated</summary>')
    expect(md).toContain(
      '- `us-east-1` `f`: 2 → 3, updated, function version 9, alias `live`'
    )
    expect(md).toContain('- &lt;b&gt;careful&lt;/b&gt; with \\*this\\*')
    expect(md).toContain(
      '<summary>Size: 50% of the unzipped limit, 1 duplicated package</summary>'
    )
    expect(md).toContain('- 3.0 MiB `python/numpy`')
    expect(md).toContain(
      '- `six`: 2 copies, 1.0 KiB extra: `python/six`, `python/x/six`'
    )
  })

  it("shows each result's own function moves and the versions kept for them", () => {
    const md = buildSummary(
      archive,
      [
        {
          ...ok,
          functions: [
            { name: 'api', from: 2, to: 3, status: 'updated' },
            {
              name: 'job',
              from: null,
              to: 3,
              status: 'failed',
              error: 'does not use the layer'
            }
          ],
          keptInUse: [{ version: 1, functions: ['cron:4'] }]
        }
      ],
      aws
    )
    expect(md).toContain(
      '**Published version 3 to 1 region; 1 function update failed.**'
    )
    expect(md).toContain(
      '- `us-east-1`: function `job`: does not use the layer'
    )
    expect(md).toContain(
      '<summary>Functions moved (2): 1 updated, 1 failed</summary>'
    )
    expect(md).toContain(
      '- `us-east-1` `job`: — → 3, failed, does not use the layer'
    )
    expect(md).toContain('- `us-east-1`: kept version 1, in use by `cron:4`')
  })

  it('names the size limit and how many packages are duplicated in all', () => {
    const md = buildSummary(archive, [ok], aws, {
      size: {
        largest: [],
        duplicates: [{ name: 'six', paths: ['a/six', 'b/six'], bytes: 2048 }],
        duplicateCount: 4,
        limitShare: 0.812,
        limitBytes: 262_144_000
      }
    })
    expect(md).toContain(
      '<summary>Size: 81% of the 250 MiB unzipped limit, 4 duplicated packages</summary>'
    )
    expect(md).toContain(
      'Packages present more than once (the costliest 1 of 4):'
    )
  })

  it('has no table with an empty header cell', () => {
    const md = buildSummary(archive, [ok, failed], aws)
    for (const line of md.split('\n').filter((l) => l.startsWith('| '))) {
      expect(line).not.toMatch(/\|\s*\|/)
    }
  })
})
