import { describe, expect, it } from 'vitest'
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InputError } from '../src/errors.js'
import {
  readInputs,
  splitList,
  secretValues,
  type InputReader
} from '../src/inputs/index.js'

const ws = mkdtempSync(join(tmpdir(), 'pl-inputs-'))
mkdirSync(join(ws, 'python'))
writeFileSync(join(ws, 'python', 'a.py'), 'a')
writeFileSync(join(ws, 'layer.zip'), 'PK')
const outside = mkdtempSync(join(tmpdir(), 'pl-outside-'))
symlinkSync(outside, join(ws, 'escape'))

const env = { GITHUB_WORKSPACE: ws, RUNNER_TEMP: tmpdir() }
const reader =
  (values: Record<string, string>): InputReader =>
  (name) =>
    values[name] ?? ''

const aws = { 'layer-name': 'my-layer', path: 'python/**', region: 'us-east-1' }
const tencent = {
  provider: 'tencent',
  'layer-name': 'my-layer',
  path: 'python/**',
  region: 'ap-guangzhou',
  'compatible-runtimes': 'Nodejs18.15',
  'tencent-secret-id': 'AKIDxxxx',
  'tencent-secret-key': 'secretxxxx'
}

describe('readInputs accepts', () => {
  it('a minimal AWS step with defaults', () => {
    const i = readInputs(reader(aws), { env })
    expect(i).toMatchObject({
      provider: 'aws',
      layerName: 'my-layer',
      layerId: 'my-layer',
      regions: ['us-east-1'],
      objectPrefix: 'publish-layer/',
      upload: 'auto',
      deleteObject: false,
      skipUnchanged: true,
      dryRun: false,
      keepVersions: 0,
      maxAttempts: 5,
      waitTimeoutSeconds: 300,
      shareWith: [],
      source: {
        kind: 'paths',
        patterns: ['python/**'],
        prefix: '',
        symlinks: 'follow'
      }
    })
  })
  it('lists split on commas and newlines, deduplicated', () => {
    const i = readInputs(
      reader({
        ...aws,
        region: 'us-east-1, eu-west-1\nap-southeast-2,us-east-1',
        bucket: 'b-{region}',
        'compatible-runtimes': 'python3.12,\npython3.13',
        'share-with': '123456789012, o-abc123def4, public'
      }),
      { env }
    )
    expect(i.regions).toEqual(['us-east-1', 'eu-west-1', 'ap-southeast-2'])
    expect(i.compatibleRuntimes).toEqual(['python3.12', 'python3.13'])
    expect(i.shareWith).toEqual([
      { kind: 'account', id: '123456789012' },
      { kind: 'organization', id: 'o-abc123def4' },
      { kind: 'public' }
    ])
  })
  it('a region from AWS_REGION, then AWS_DEFAULT_REGION', () => {
    const { region: _r, ...noRegion } = aws
    expect(
      readInputs(reader(noRegion), {
        env: {
          ...env,
          AWS_REGION: 'eu-west-1',
          AWS_DEFAULT_REGION: 'us-west-2'
        }
      }).regions
    ).toEqual(['eu-west-1'])
    expect(
      readInputs(reader(noRegion), {
        env: { ...env, AWS_DEFAULT_REGION: 'us-west-2' }
      }).regions
    ).toEqual(['us-west-2'])
  })
  it('a layer ARN, taking the name and region from it', () => {
    const { region: _r, ...noRegion } = aws
    const i = readInputs(
      reader({
        ...noRegion,
        'layer-name': 'arn:aws:lambda:eu-west-1:123456789012:layer:shared'
      }),
      { env }
    )
    expect(i.layerName).toBe('shared')
    expect(i.layerId).toBe('arn:aws:lambda:eu-west-1:123456789012:layer:shared')
    expect(i.regions).toEqual(['eu-west-1'])
  })
  it('Tencent credentials from env, with a session token, and tags', () => {
    const {
      'tencent-secret-id': _a,
      'tencent-secret-key': _b,
      ...rest
    } = tencent
    const i = readInputs(
      reader({ ...rest, tags: 'team=platform\nenv = prod' }),
      {
        env: {
          ...env,
          TENCENTCLOUD_SECRET_ID: 'id1',
          TENCENTCLOUD_SECRET_KEY: 'key1',
          TENCENTCLOUD_SESSION_TOKEN: 'tok1'
        }
      }
    )
    expect(i.tencentCredentials).toEqual({
      secretId: 'id1',
      secretKey: 'key1',
      sessionToken: 'tok1'
    })
    expect(i.tags).toEqual({ team: 'platform', env: 'prod' })
  })
  it('an unknown Tencent runtime with a warning, not an error', () => {
    const i = readInputs(
      reader({ ...tencent, 'compatible-runtimes': 'Nodejs99.1' }),
      { env }
    )
    expect(i.warnings.join()).toMatch(/Nodejs99\.1/)
  })
  it('a prefix, normalised', () => {
    const i = readInputs(reader({ ...aws, prefix: 'nodejs/node_modules/' }), {
      env
    })
    expect(i.source).toMatchObject({ prefix: 'nodejs/node_modules' })
  })
})

const invalid: Array<[string, Record<string, string>, string, RegExp]> = [
  [
    'unknown provider',
    { ...aws, provider: 'gcp' },
    'provider',
    /must be one of 'aws', 'tencent'/
  ],
  [
    'missing layer name',
    { ...aws, 'layer-name': '' },
    'layer-name',
    /is required/
  ],
  [
    'AWS name with a space',
    { ...aws, 'layer-name': 'my layer' },
    'layer-name',
    /1-140/
  ],
  [
    'AWS name too long',
    { ...aws, 'layer-name': 'a'.repeat(141) },
    'layer-name',
    /1-140/
  ],
  [
    'Tencent name starting with a digit',
    { ...tencent, 'layer-name': '1layer' },
    'layer-name',
    /start with a letter/
  ],
  [
    'Tencent name ending with -',
    { ...tencent, 'layer-name': 'layer-' },
    'layer-name',
    /not end with/
  ],
  [
    'Tencent name too long',
    { ...tencent, 'layer-name': 'a'.repeat(65) },
    'layer-name',
    /1-64/
  ],
  [
    'no path and no zip-file',
    { ...aws, path: '' },
    'path',
    /required unless 'zip-file'/
  ],
  ['only exclusions', { ...aws, path: '!**/x' }, 'path', /not an exclusion/],
  [
    'path and zip-file',
    { ...aws, 'zip-file': 'layer.zip' },
    'zip-file',
    /cannot be combined/
  ],
  [
    'missing zip-file',
    { ...aws, path: '', 'zip-file': 'nope.zip' },
    'zip-file',
    /not found/
  ],
  [
    'base-directory missing',
    { ...aws, 'base-directory': 'nope' },
    'base-directory',
    /existing directory/
  ],
  [
    'base-directory outside the workspace',
    { ...aws, 'base-directory': '..' },
    'base-directory',
    /inside the workspace/
  ],
  [
    'base-directory escaping by a link',
    { ...aws, 'base-directory': 'escape' },
    'base-directory',
    /inside the workspace/
  ],
  ['prefix with ..', { ...aws, prefix: 'python/../..' }, 'prefix', /'\.\.'/],
  ['absolute prefix', { ...aws, prefix: '/opt/python' }, 'prefix', /relative/],
  [
    'prefix with backslash',
    { ...aws, prefix: 'python\\lib' },
    'prefix',
    /separator/
  ],
  [
    'bad symlinks value',
    { ...aws, symlinks: 'copy' },
    'symlinks',
    /'follow', 'preserve'/
  ],
  [
    '16 AWS runtimes',
    {
      ...aws,
      'compatible-runtimes': Array.from(
        { length: 16 },
        (_, i) => `python3.${i}`
      ).join(',')
    },
    'compatible-runtimes',
    /at most 15/
  ],
  [
    'Tencent without runtimes',
    { ...tencent, 'compatible-runtimes': '' },
    'compatible-runtimes',
    /is required/
  ],
  [
    '6 Tencent runtimes',
    {
      ...tencent,
      'compatible-runtimes':
        'Python3.6,Python3.7,Python3.9,Python3.10,Nodejs16.13,Nodejs18.15'
    },
    'compatible-runtimes',
    /at most 5/
  ],
  [
    'bad architecture',
    { ...aws, 'compatible-architectures': 'x86' },
    'compatible-architectures',
    /'x86_64' or 'arm64'/
  ],
  [
    'architectures with Tencent',
    { ...tencent, 'compatible-architectures': 'x86_64' },
    'compatible-architectures',
    /not supported by Tencent/
  ],
  [
    'description too long',
    { ...aws, description: 'd'.repeat(257) },
    'description',
    /at most 256/
  ],
  [
    'license too long',
    { ...aws, 'license-info': 'l'.repeat(513) },
    'license-info',
    /at most 512/
  ],
  [
    'bad region',
    { ...aws, region: 'US East' },
    'region',
    /not a AWS Lambda region/
  ],
  [
    'bad Tencent region',
    { ...tencent, region: 'Guangzhou' },
    'region',
    /region name/
  ],
  ['missing region', { ...aws, region: '' }, 'region', /is required/],
  [
    'ARN in another region',
    { ...aws, 'layer-name': 'arn:aws:lambda:eu-west-1:123456789012:layer:x' },
    'layer-name',
    /does not match region/
  ],
  [
    'S3 bucket with capitals',
    { ...aws, bucket: 'My_Bucket' },
    'bucket',
    /S3 bucket name/
  ],
  [
    'COS bucket without appid',
    { ...tencent, bucket: 'my-layers' },
    'bucket',
    /name-appid/
  ],
  [
    'several regions, one bucket',
    { ...aws, region: 'us-east-1,eu-west-1', bucket: 'one-bucket' },
    'bucket',
    /\{region\}/
  ],
  [
    'upload always without bucket',
    { ...aws, upload: 'always' },
    'bucket',
    /required when upload is 'always'/
  ],
  [
    'bad upload value',
    { ...aws, upload: 'sometimes' },
    'upload',
    /'auto', 'always', 'never'/
  ],
  [
    'bad boolean',
    { ...aws, 'delete-object': 'yes' },
    'delete-object',
    /true or false/
  ],
  ['bad dry-run', { ...aws, 'dry-run': 'ture' }, 'dry-run', /true or false/],
  [
    'negative keep-versions',
    { ...aws, 'keep-versions': '-1' },
    'keep-versions',
    /whole number/
  ],
  [
    'non-numeric max-attempts',
    { ...aws, 'max-attempts': 'many' },
    'max-attempts',
    /whole number/
  ],
  [
    'zero max-attempts',
    { ...aws, 'max-attempts': '0' },
    'max-attempts',
    /from 1 to 20/
  ],
  [
    'zero wait-timeout',
    { ...tencent, 'wait-timeout': '0' },
    'wait-timeout',
    /from 1/
  ],
  [
    'malformed share-with',
    { ...aws, 'share-with': '12345' },
    'share-with',
    /12-digit/
  ],
  [
    'share-with uppercase org',
    { ...aws, 'share-with': 'o-ABCDEFGHIJ' },
    'share-with',
    /organization id/
  ],
  [
    'share-with with Tencent',
    { ...tencent, 'share-with': '123456789012' },
    'share-with',
    /not supported by Tencent/
  ],
  [
    'tags with AWS',
    { ...aws, tags: 'a=b' },
    'tags',
    /only supported with provider 'tencent'/
  ],
  ['tag without =', { ...tencent, tags: 'team' }, 'tags', /key=value/],
  ['duplicate tag', { ...tencent, tags: 'a=1\na=2' }, 'tags', /given twice/],
  [
    'Tencent without secret id',
    { ...tencent, 'tencent-secret-id': '' },
    'tencent-secret-id',
    /TENCENTCLOUD_SECRET_ID/
  ],
  [
    'Tencent without secret key',
    { ...tencent, 'tencent-secret-key': '' },
    'tencent-secret-key',
    /TENCENTCLOUD_SECRET_KEY/
  ],
  [
    'Tencent keys with AWS',
    { ...aws, 'tencent-secret-id': 'x' },
    'tencent-secret-id',
    /only used with provider 'tencent'/
  ],
  [
    'bad endpoint-url',
    { ...aws, 'endpoint-url': 'localhost:4566' },
    'endpoint-url',
    /http\(s\) URL/
  ],
  [
    'ftp storage endpoint',
    { ...aws, 'storage-endpoint-url': 'ftp://x' },
    'storage-endpoint-url',
    /http\(s\) URL/
  ],
  [
    'object-prefix with ..',
    { ...aws, 'object-prefix': '../x/' },
    'object-prefix',
    /'\.\.'/
  ]
]

describe('readInputs rejects', () => {
  it.each(invalid)('%s', (_label, values, input, rule) => {
    let thrown: unknown
    try {
      readInputs(reader(values), { env })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(InputError)
    expect((thrown as InputError).input).toBe(input)
    expect((thrown as InputError).message).toMatch(
      new RegExp(`^Input '${input}': `)
    )
    expect((thrown as InputError).message).toMatch(rule)
  })
  it('a malformed AWS runtime, judged by family', () => {
    expect(() =>
      readInputs(reader({ ...aws, 'compatible-runtimes': 'python9' }), {
        env
      })
    ).toThrow(/Input 'compatible-runtimes': unknown Lambda runtime 'python9'/)
  })
})

describe('runtimes follow the provider, not a pinned SDK', () => {
  const at = (iso: string) => () => new Date(`${iso}T12:00:00Z`)
  const warningsFor = (runtimes: string, today: string) =>
    readInputs(reader({ ...aws, 'compatible-runtimes': runtimes }), {
      env,
      now: at(today)
    }).warnings
  it('a well-formed runtime the table does not know is sent, with a warning', () => {
    const w = warningsFor('python3.99, nodejs99.x', '2026-12-01')
    expect(w).toHaveLength(2)
    expect(w[0]).toMatch(
      /'python3\.99' is not in this action's table .* sent as is/
    )
  })
  it('a current runtime gives no warning', () => {
    expect(warningsFor('python3.13, nodejs22.x', '2026-12-01')).toEqual([])
  })
  it('a deprecated runtime warns with its dates', () => {
    expect(warningsFor('python3.9', '2026-01-01').join()).toMatch(
      /'python3\.9' is deprecated since \d{4}-\d\d-\d\d/
    )
  })
  it('a creation block within 90 days or past warns that the provider may refuse it', () => {
    const w = warningsFor('nodejs20.x', '2026-12-01')
    expect(w.join()).toMatch(
      /'nodejs20\.x': AWS blocks creating functions with this runtime from 2027-02-01 \(in 62 days\).*the provider may refuse it/
    )
    expect(warningsFor('nodejs20.x', '2026-10-01').join()).not.toMatch(
      /may refuse/
    )
  })
  it('Tencent: the documented Nodejs20.19 passes; Nodejs20.x warns', () => {
    const w = (r: string) =>
      readInputs(reader({ ...tencent, 'compatible-runtimes': r }), { env })
        .warnings
    expect(w('Nodejs20.19')).toEqual([])
    expect(w('Nodejs20.x').join()).toMatch(
      /'Nodejs20\.x' is not a runtime name/
    )
  })
})

describe('helpers', () => {
  it('splitList keeps commas inside braces', () => {
    expect(splitList('a/{b,c}/**, d\n\n e ')).toEqual(['a/{b,c}/**', 'd', 'e'])
  })
  it('secretValues finds inputs and env values to mask', () => {
    expect(
      secretValues(reader({ 'tencent-secret-key': 'k' }), {
        TENCENTCLOUD_SECRET_ID: 'i',
        AWS_SESSION_TOKEN: 't',
        AWS_SECRET_ACCESS_KEY: 's'
      }).sort()
    ).toEqual(['i', 'k', 's', 't'])
  })
})
