import { describe, expect, it } from 'vitest'
import {
  packagePath,
  sizeBreakdown,
  type SizedEntry
} from '../src/checks/size.js'

const AWS_LIMIT = 262_144_000

/** A package's files: `count` files of `each` bytes under `root`. */
function files(root: string, count: number, each: number): SizedEntry[] {
  return [
    { name: `${root}/`, size: 0 },
    ...Array.from({ length: count }, (_, i) => ({
      name: `${root}/f${i}.js`,
      size: each
    }))
  ]
}

describe('packagePath', () => {
  it.each([
    ['nodejs/node_modules/lodash/fp/map.js', 'nodejs/node_modules/lodash'],
    [
      'nodejs/node_modules/@aws-sdk/client-s3/dist/index.js',
      'nodejs/node_modules/@aws-sdk/client-s3'
    ],
    [
      'nodejs/node_modules/express/node_modules/debug/src/index.js',
      'nodejs/node_modules/express/node_modules/debug'
    ],
    [
      'nodejs/node20/node_modules/sharp/build/sharp.node',
      'nodejs/node20/node_modules/sharp'
    ],
    ['node_modules/axios/index.js', 'node_modules/axios'],
    ['nodejs/node_modules/.package-lock.json', 'nodejs/node_modules'],
    [
      'python/lib/python3.12/site-packages/numpy/core/_multiarray.so',
      'python/lib/python3.12/site-packages/numpy'
    ],
    ['python/requests/api.py', 'python/requests'],
    ['python/six.py', 'python/six.py'],
    [
      'ruby/gems/3.3.0/gems/nokogiri-1.16.0/lib/x.rb',
      'ruby/gems/3.3.0/gems/nokogiri-1.16.0'
    ],
    ['java/lib/jackson-core-2.17.jar', 'java/lib/jackson-core-2.17.jar'],
    ['bin/ffmpeg', 'bin'],
    ['lib/libvips.so.42', 'lib'],
    ['yaml/__init__.py', 'yaml'],
    ['README.md', 'README.md'],
    ['my_node_modules/x/y.js', 'my_node_modules']
  ])('%s → %s', (name, expected) => {
    expect(packagePath(name)).toBe(expected)
  })
})

describe('sizeBreakdown', () => {
  it('lists the ten largest packages and a duplicated npm package on a node_modules tree', () => {
    const entries = [
      ...files('nodejs/node_modules/lodash', 10, 1000),
      ...files('nodejs/node_modules/debug', 2, 500),
      ...files('nodejs/node_modules/express', 4, 1000),
      ...files('nodejs/node_modules/express/node_modules/debug', 2, 400),
      ...files('nodejs/node_modules/@smithy/core', 3, 1000),
      ...files(
        'nodejs/node_modules/@aws-sdk/client-s3/node_modules/@smithy/core',
        3,
        900
      ),
      ...files('nodejs/node_modules/.bin', 1, 10),
      ...Array.from({ length: 8 }, (_, i) =>
        files(`nodejs/node_modules/small${i}`, 1, 100 + i)
      ).flat()
    ]
    const result = sizeBreakdown(entries, {
      limitBytes: AWS_LIMIT,
      warnShare: 0.8
    })
    expect(result.largest.slice(0, 4)).toEqual([
      { path: 'nodejs/node_modules/lodash', bytes: 10_000 },
      { path: 'nodejs/node_modules/express', bytes: 4000 },
      { path: 'nodejs/node_modules/@smithy/core', bytes: 3000 },
      {
        path: 'nodejs/node_modules/@aws-sdk/client-s3/node_modules/@smithy/core',
        bytes: 2700
      }
    ])
    expect(result.largest).toHaveLength(10)
    expect(result.duplicates).toEqual([
      {
        name: '@smithy/core',
        kind: 'npm',
        paths: [
          'nodejs/node_modules/@aws-sdk/client-s3/node_modules/@smithy/core',
          'nodejs/node_modules/@smithy/core'
        ],
        bytes: 2700
      },
      {
        name: 'debug',
        kind: 'npm',
        paths: [
          'nodejs/node_modules/debug',
          'nodejs/node_modules/express/node_modules/debug'
        ],
        bytes: 800
      }
    ])
    expect(result.duplicateCount).toBe(2)
    expect(result.totalBytes).toBe(
      10_000 + 1000 + 4000 + 800 + 3000 + 2700 + 10 + 828
    )
    expect(result.limitShare).toBeCloseTo(result.totalBytes / AWS_LIMIT, 12)
    expect(result.warnings).toEqual([])
  })

  it('finds the same Python distribution twice and what the copy costs', () => {
    const entries = [
      ...files('python/numpy', 5, 1000),
      { name: 'python/numpy-1.26.4.dist-info/RECORD', size: 100 },
      ...files('python/lib/python3.12/site-packages/numpy', 6, 1000),
      {
        name: 'python/lib/python3.12/site-packages/numpy-2.0.0.dist-info/RECORD',
        size: 120
      },
      {
        name: 'python/lib/python3.12/site-packages/PyYAML-6.0.1.dist-info/RECORD',
        size: 50
      },
      ...files('python/lib/python3.12/site-packages/yaml', 1, 3000),
      { name: 'python/pyyaml-6.0.dist-info/RECORD', size: 40 },
      { name: 'python/typing_extensions.py', size: 700 },
      { name: 'python/typing_extensions-4.12.2.dist-info/RECORD', size: 30 },
      {
        name: 'python/lib/python3.12/site-packages/typing_extensions.py',
        size: 700
      },
      {
        name: 'python/lib/python3.12/site-packages/typing_extensions-4.12.2.dist-info/RECORD',
        size: 30
      }
    ]
    const result = sizeBreakdown(entries, { limitBytes: AWS_LIMIT })
    expect(result.duplicates).toEqual([
      {
        name: 'numpy',
        kind: 'python',
        paths: [
          'python/lib/python3.12/site-packages/numpy-2.0.0.dist-info',
          'python/numpy-1.26.4.dist-info'
        ],
        bytes: 5100
      },
      {
        name: 'typing-extensions',
        kind: 'python',
        paths: [
          'python/lib/python3.12/site-packages/typing_extensions-4.12.2.dist-info',
          'python/typing_extensions-4.12.2.dist-info'
        ],
        bytes: 730
      },
      {
        // Import name differs: only the metadata is counted.
        name: 'pyyaml',
        kind: 'python',
        paths: [
          'python/lib/python3.12/site-packages/PyYAML-6.0.1.dist-info',
          'python/pyyaml-6.0.dist-info'
        ],
        bytes: 40
      }
    ])
  })

  it('warns above 80% of the AWS limit, not at 80%', () => {
    const at = sizeBreakdown(
      [{ name: 'python/big.bin', size: 0.8 * AWS_LIMIT }],
      {
        limitBytes: AWS_LIMIT,
        warnShare: 0.8
      }
    )
    expect(at.limitShare).toBe(0.8)
    expect(at.warnings).toEqual([])
    const over = sizeBreakdown(
      [{ name: 'python/big.bin', size: 220_000_000 }],
      {
        limitBytes: AWS_LIMIT,
        warnShare: 0.8
      }
    )
    expect(over.warnings).toEqual([
      'The layer unzips to 209.8 MiB, 84% of the 250.0 MiB unzipped limit, which counts the function and all its layers together'
    ])
  })

  it('does not warn without a threshold (Tencent)', () => {
    const result = sizeBreakdown(
      [{ name: 'node_modules/x/a.js', size: 500 * 1048576 }],
      {
        limitBytes: 500 * 1048576
      }
    )
    expect(result.limitShare).toBe(1)
    expect(result.warnings).toEqual([])
  })

  it('an empty layer has nothing to list', () => {
    expect(sizeBreakdown([], { limitBytes: AWS_LIMIT })).toEqual({
      largest: [],
      duplicates: [],
      duplicateCount: 0,
      totalBytes: 0,
      limitBytes: AWS_LIMIT,
      limitShare: 0,
      warnings: []
    })
  })
})
