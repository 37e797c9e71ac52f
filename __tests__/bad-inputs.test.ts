/**
 * Bad input is rejected before any write, end to end: one table of bad
 * inputs for both providers, each run through dist/index.js against the
 * emulators. Every row: exit 1, exactly one `::error::` line naming the
 * input and the rule, and no write call reaches an emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction } from './helpers/action.js'
import { startTestEmulators, type EmulatorHandle } from './helpers/emulator.js'
import { pool } from './helpers/matrix.js'
import { makeWorkspace, seededBytes } from './helpers/workspace.js'

let emu: EmulatorHandle
beforeAll(async () => {
  emu = await startTestEmulators()
})
afterAll(async () => {
  await emu?.close()
})

interface Row {
  name: string
  provider: 'aws' | 'tencent'
  inputs?: Record<string, string>
  /** Replaces the provider's default environment (credentials, region). */
  env?: Record<string, string>
  /** Adds to the default workspace; may return extra inputs. */
  prepare?: (ws: string) => Record<string, string> | void
  /** The one error must match: the input's name and the rule. */
  error: RegExp
}

/** A zip whose only entry has this name (python's zipfile keeps it as is). */
function zipWithEntry(path: string, entry: string): void {
  execFileSync('python3', [
    '-c',
    'import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], "w") as z:\n    z.writestr(zipfile.ZipInfo(sys.argv[2]), b"x")',
    path,
    entry
  ])
}

/** A file outside every workspace, which no run may read. */
const outside = mkdtempSync(join(tmpdir(), 'pl-outside-'))
writeFileSync(join(outside, 'secret.txt'), 'outside the workspace\n')

const long = (n: number) => 'a'.repeat(n)

const ROWS: Row[] = [
  // provider and names
  {
    name: 'unknown provider',
    provider: 'aws',
    inputs: { provider: 'azure' },
    error: /^Input 'provider': must be one of 'aws', 'tencent', got 'azure'/
  },
  {
    name: 'empty layer name',
    provider: 'aws',
    inputs: { 'layer-name': '' },
    error: /^Input 'layer-name': is required/
  },
  {
    name: 'layer name with a space and !',
    provider: 'aws',
    inputs: { 'layer-name': 'bad name!' },
    error: /^Input 'layer-name': must be 1-140 characters/
  },
  {
    name: 'layer name of 141 characters',
    provider: 'aws',
    inputs: { 'layer-name': long(141) },
    error: /^Input 'layer-name': must be 1-140 characters/
  },
  {
    name: 'layer ARN in another region',
    provider: 'aws',
    inputs: { 'layer-name': 'arn:aws:lambda:eu-west-1:123456789012:layer:x' },
    error:
      /^Input 'layer-name': is an ARN in eu-west-1, which does not match region us-east-1/
  },
  {
    name: 'Tencent layer name starting with a digit, ending with _',
    provider: 'tencent',
    inputs: { 'layer-name': '9-lives_' },
    error: /^Input 'layer-name': must be 1-64 characters/
  },
  {
    name: 'Tencent layer name of 65 characters',
    provider: 'tencent',
    inputs: { 'layer-name': long(65) },
    error: /^Input 'layer-name': must be 1-64 characters/
  },
  {
    name: 'Tencent layer name ending with -',
    provider: 'tencent',
    inputs: { 'layer-name': 'deps-' },
    error: /^Input 'layer-name': must be 1-64 characters/
  },
  // regions
  {
    name: 'region in the wrong format',
    provider: 'aws',
    inputs: { region: 'US_EAST_1' },
    error: /^Input 'region': 'US_EAST_1' is not a AWS Lambda region name/
  },
  {
    name: 'one bad region in a list',
    provider: 'aws',
    inputs: { region: 'us-east-1, eu west 1' },
    error: /^Input 'region': 'eu west 1' is not a AWS Lambda region name/
  },
  {
    name: 'missing region (AWS)',
    provider: 'aws',
    inputs: { region: '' },
    error: /^Input 'region'/
  },
  {
    name: 'missing region (Tencent)',
    provider: 'tencent',
    inputs: { region: '' },
    error: /^Input 'region'/
  },
  {
    name: 'Tencent region in the wrong format',
    provider: 'tencent',
    inputs: { region: 'AP_Guangzhou' },
    error:
      /^Input 'region': 'AP_Guangzhou' is not a Tencent Cloud SCF region name/
  },
  // what to package
  {
    name: 'no path and no zip-file',
    provider: 'aws',
    inputs: { path: '' },
    error: /^Input 'path': is required unless 'zip-file' is given/
  },
  {
    name: 'path with only exclusions',
    provider: 'aws',
    inputs: { path: '!python/**' },
    error: /^Input 'path': needs at least one pattern that is not an exclusion/
  },
  {
    name: 'patterns matching nothing',
    provider: 'aws',
    inputs: { path: 'nothing-here/**' },
    error: /^Input 'path':.*nothing-here\/\*\*/
  },
  {
    name: 'path and zip-file together',
    provider: 'aws',
    inputs: { 'zip-file': 'layer.zip' },
    error: /^Input 'zip-file': cannot be combined with 'path'/
  },
  {
    name: 'zip-file missing',
    provider: 'aws',
    inputs: { path: '', 'zip-file': 'missing.zip' },
    error: /^Input 'zip-file': file not found/
  },
  {
    name: 'zip-file that is not a zip',
    provider: 'aws',
    inputs: { path: '', 'zip-file': 'not-a-zip.zip' },
    prepare: (ws) =>
      void writeFileSync(
        join(ws, 'not-a-zip.zip'),
        'just text, not a zip\n'.repeat(10)
      ),
    error: /^Input 'zip-file':.*not a (readable )?zip/i
  },
  {
    name: 'zip-file with a ../ entry (zip slip)',
    provider: 'aws',
    inputs: { path: '', 'zip-file': 'slip.zip' },
    prepare: (ws) => zipWithEntry(join(ws, 'slip.zip'), '../evil.py'),
    error: /^Input 'zip-file':.*\.\.\/evil\.py/
  },
  {
    name: 'zip-file with an absolute entry',
    provider: 'aws',
    inputs: { path: '', 'zip-file': 'abs.zip' },
    prepare: (ws) => zipWithEntry(join(ws, 'abs.zip'), '/etc/evil.py'),
    error: /^Input 'zip-file':.*\/etc\/evil\.py/
  },
  {
    name: 'zip-file with a backslash entry',
    provider: 'aws',
    inputs: { path: '', 'zip-file': 'bs.zip' },
    prepare: (ws) =>
      zipWithEntry(join(ws, 'bs.zip'), 'python\\..\\..\\evil.py'),
    error: /^Input 'zip-file':.*evil\.py/
  },
  {
    name: 'Tencent zip-file with a nested ../ entry',
    provider: 'tencent',
    inputs: { path: '', 'zip-file': 'slip.zip' },
    prepare: (ws) =>
      zipWithEntry(join(ws, 'slip.zip'), 'node_modules/../../evil.js'),
    error: /^Input 'zip-file':.*evil\.js/
  },
  {
    name: "prefix with '..'",
    provider: 'aws',
    inputs: { prefix: 'python/../..' },
    error: /^Input 'prefix': must not contain '\.\.'/
  },
  {
    name: 'absolute prefix',
    provider: 'aws',
    inputs: { prefix: '/python' },
    error: /^Input 'prefix': must be relative/
  },
  {
    name: 'prefix with backslashes',
    provider: 'tencent',
    inputs: { prefix: 'nodejs\\node_modules' },
    error: /^Input 'prefix': must use \/ as separator/
  },
  {
    name: 'base-directory outside the workspace',
    provider: 'aws',
    inputs: { 'base-directory': '..' },
    error: /^Input 'base-directory': must lie inside the workspace/
  },
  {
    name: 'base-directory missing',
    provider: 'aws',
    inputs: { 'base-directory': 'no-such-dir' },
    error: /^Input 'base-directory': must be an existing directory/
  },
  {
    name: 'base-directory reached through a symlink out of the workspace',
    provider: 'aws',
    inputs: { 'base-directory': 'out' },
    prepare: (ws) => void symlinkSync(outside, join(ws, 'out')),
    error: /^Input 'base-directory': must lie inside the workspace/
  },
  {
    name: 'symlink escaping base-directory (follow)',
    provider: 'aws',
    prepare: (ws) =>
      void symlinkSync(
        join(outside, 'secret.txt'),
        join(ws, 'python', 'leak.txt')
      ),
    error: /^Input '(path|symlinks)':.*leak\.txt/
  },
  {
    name: 'symlink escaping base-directory (preserve)',
    provider: 'aws',
    inputs: { symlinks: 'preserve' },
    prepare: (ws) =>
      void symlinkSync(
        join(outside, 'secret.txt'),
        join(ws, 'python', 'leak.txt')
      ),
    error: /^Input '(path|symlinks)':.*leak\.txt/
  },
  {
    name: 'directory symlink escaping base-directory',
    provider: 'tencent',
    inputs: { path: 'node_modules/**' },
    prepare: (ws) =>
      void symlinkSync(outside, join(ws, 'node_modules', 'escape')),
    error: /^Input '(path|symlinks)':.*escape/
  },
  {
    name: 'unknown symlinks mode',
    provider: 'aws',
    inputs: { symlinks: 'copy' },
    error: /^Input 'symlinks': must be one of 'follow', 'preserve', got 'copy'/
  },
  // runtimes and architectures
  {
    name: 'unknown Lambda runtime',
    provider: 'aws',
    inputs: { 'compatible-runtimes': 'python3.12, python9' },
    error: /^Input 'compatible-runtimes': unknown Lambda runtime 'python9'/
  },
  {
    name: '16 Lambda runtimes',
    provider: 'aws',
    inputs: {
      'compatible-runtimes':
        'nodejs18.x,nodejs20.x,nodejs22.x,python3.9,python3.10,python3.11,python3.12,python3.13,java11,java17,java21,dotnet8,ruby3.2,ruby3.3,provided.al2,provided.al2023'
    },
    error:
      /^Input 'compatible-runtimes': allows at most 15 runtimes on AWS Lambda, got 16/
  },
  {
    name: 'Tencent without runtimes',
    provider: 'tencent',
    inputs: { 'compatible-runtimes': '' },
    error: /^Input 'compatible-runtimes': is required for Tencent Cloud SCF/
  },
  {
    name: '6 Tencent runtimes',
    provider: 'tencent',
    inputs: {
      'compatible-runtimes':
        'Nodejs12.16,Nodejs14.18,Nodejs16.13,Nodejs18.15,Python3.9,Python3.10'
    },
    error:
      /^Input 'compatible-runtimes': allows at most 5 runtimes on Tencent Cloud SCF, got 6/
  },
  {
    name: 'unknown architecture',
    provider: 'aws',
    inputs: { 'compatible-architectures': 'x86' },
    error:
      /^Input 'compatible-architectures': must be 'x86_64' or 'arm64', got 'x86'/
  },
  {
    name: 'architectures with Tencent',
    provider: 'tencent',
    inputs: { 'compatible-architectures': 'x86_64' },
    error:
      /^Input 'compatible-architectures': is not supported by Tencent Cloud SCF/
  },
  // texts
  {
    name: 'description of 257 characters',
    provider: 'aws',
    inputs: { description: long(257) },
    error: /^Input 'description': must be at most 256 characters, got 257/
  },
  {
    name: 'license-info of 513 characters',
    provider: 'aws',
    inputs: { 'license-info': long(513) },
    error: /^Input 'license-info': must be at most 512 characters, got 513/
  },
  // sharing and tags
  {
    name: 'share-with a short account id',
    provider: 'aws',
    inputs: { 'share-with': '12345' },
    error:
      /^Input 'share-with': each entry must be a 12-digit account id.*got '12345'/
  },
  {
    name: 'share-with a malformed organization',
    provider: 'aws',
    inputs: { 'share-with': '123456789012, o-SHORT' },
    error: /^Input 'share-with': each entry .*got 'o-SHORT'/
  },
  {
    name: 'share-with "everyone"',
    provider: 'aws',
    inputs: { 'share-with': 'everyone' },
    error: /^Input 'share-with': each entry .*got 'everyone'/
  },
  {
    name: 'share-with on Tencent',
    provider: 'tencent',
    inputs: { 'share-with': '123456789012' },
    error: /^Input 'share-with': is not supported by Tencent Cloud SCF/
  },
  {
    name: 'tags on AWS',
    provider: 'aws',
    inputs: { tags: 'team=platform' },
    error: /^Input 'tags': is only supported with provider 'tencent'/
  },
  {
    name: 'tag line without =',
    provider: 'tencent',
    inputs: { tags: 'team' },
    error: /^Input 'tags': each line must be key=value, got 'team'/
  },
  {
    name: 'tag key given twice',
    provider: 'tencent',
    inputs: { tags: 'a=1\na=2' },
    error: /^Input 'tags': key 'a' is given twice/
  },
  // numbers and switches
  {
    name: 'negative keep-versions',
    provider: 'aws',
    inputs: { 'keep-versions': '-1' },
    error: /^Input 'keep-versions': must be a whole number/
  },
  {
    name: 'non-numeric keep-versions',
    provider: 'tencent',
    inputs: { 'keep-versions': 'three' },
    error: /^Input 'keep-versions': must be a whole number/
  },
  {
    name: 'max-attempts 0',
    provider: 'aws',
    inputs: { 'max-attempts': '0' },
    error: /^Input 'max-attempts': must be (a whole number )?from 1/
  },
  {
    name: 'fractional max-attempts',
    provider: 'aws',
    inputs: { 'max-attempts': '2.5' },
    error: /^Input 'max-attempts': must be a whole number/
  },
  {
    name: 'negative wait-timeout',
    provider: 'tencent',
    inputs: { 'wait-timeout': '-5' },
    error: /^Input 'wait-timeout': must be a whole number/
  },
  {
    name: 'non-boolean delete-object',
    provider: 'aws',
    inputs: { 'delete-object': 'yes' },
    error: /^Input 'delete-object': must be true or false, got 'yes'/
  },
  {
    name: 'non-boolean dry-run',
    provider: 'tencent',
    inputs: { 'dry-run': 'sure' },
    error: /^Input 'dry-run': must be true or false, got 'sure'/
  },
  {
    name: 'unknown upload mode',
    provider: 'aws',
    inputs: { upload: 'sometimes' },
    error:
      /^Input 'upload': must be one of 'auto', 'always', 'never', got 'sometimes'/
  },
  // storage
  {
    name: 'upload never with an archive above 50 MiB',
    provider: 'aws',
    inputs: { upload: 'never' },
    prepare: (ws) =>
      void writeFileSync(
        join(ws, 'python', 'blob.bin'),
        seededBytes(51 * 1024 * 1024, 'never')
      ),
    error:
      /^Input 'upload': is 'never', but the archive is 51\.0 MiB, above AWS Lambda's inline limit/
  },
  {
    name: 'upload never with an archive above 6 MiB (Tencent)',
    provider: 'tencent',
    inputs: { upload: 'never' },
    prepare: (ws) =>
      void writeFileSync(
        join(ws, 'node_modules', 'blob.bin'),
        seededBytes(7 * 1024 * 1024, 'never')
      ),
    error:
      /^Input 'upload': is 'never', but the archive is 7\.0 MiB, above Tencent Cloud SCF's inline limit/
  },
  {
    name: 'upload always without a bucket',
    provider: 'aws',
    inputs: { upload: 'always' },
    error: /^Input 'bucket': is required when upload is 'always'/
  },
  {
    name: 'S3 bucket in the wrong format',
    provider: 'aws',
    inputs: { bucket: 'My_Bucket' },
    error: /^Input 'bucket': must be an S3 bucket name/
  },
  {
    name: 'one bucket for several regions',
    provider: 'aws',
    inputs: { region: 'us-east-1, eu-west-1', bucket: 'layers' },
    error: /^Input 'bucket': must contain \{region\}/
  },
  {
    name: 'COS bucket without the appid',
    provider: 'tencent',
    inputs: { bucket: 'my-layers' },
    error: /^Input 'bucket': must be a COS bucket name of the form name-appid/
  },
  {
    name: 'object-prefix with a space',
    provider: 'aws',
    inputs: { 'object-prefix': 'my layers/' },
    error: /^Input 'object-prefix': may contain only/
  },
  {
    name: 'endpoint-url not http(s)',
    provider: 'aws',
    inputs: { 'endpoint-url': 'ftp://example.com' },
    error: /^Input 'endpoint-url': must be an http\(s\) URL/
  },
  // credentials
  {
    name: 'Tencent without a secret id',
    provider: 'tencent',
    env: { TENCENTCLOUD_REGION: 'ap-guangzhou', TENCENTCLOUD_SECRET_KEY: 'k' },
    error: /^Input 'tencent-secret-id': is required for provider tencent/
  },
  {
    name: 'Tencent without a secret key',
    provider: 'tencent',
    env: { TENCENTCLOUD_SECRET_ID: 'AKIDx' },
    error: /^Input 'tencent-secret-key': is required for provider tencent/
  },
  {
    name: 'Tencent secret given with provider aws',
    provider: 'aws',
    inputs: { 'tencent-secret-key': 'k' },
    error: /^Input 'tencent-secret-key': is only used with provider 'tencent'/
  },
  {
    name: 'no AWS credentials at all',
    provider: 'aws',
    env: {},
    error: /no AWS credentials were found.*configure-aws-credentials/
  }
]

function defaults(row: Row): {
  inputs: Record<string, string>
  env: Record<string, string>
  files: Record<string, string>
} {
  if (row.provider === 'aws') {
    return {
      inputs: {
        'endpoint-url': emu.info.aws.endpoint,
        'storage-endpoint-url': emu.info.aws.endpoint,
        region: 'us-east-1',
        'layer-name': 'bad-inputs',
        path: 'python/**',
        'max-attempts': '2'
      },
      env: emu.awsEnv(),
      files: { 'python/a.py': 'print(1)\n' }
    }
  }
  // Without the Tencent emulator, any stray call would still land in the AWS emulator's log.
  const t = emu.info.tencent
  return {
    inputs: {
      provider: 'tencent',
      'endpoint-url': t?.endpoint ?? emu.info.aws.endpoint,
      'storage-endpoint-url': t?.storageEndpoint ?? emu.info.aws.endpoint,
      region: 'ap-guangzhou',
      'layer-name': 'bad-inputs',
      path: 'node_modules/**',
      'compatible-runtimes': 'Nodejs18.15',
      'max-attempts': '2'
    },
    env: t
      ? emu.tencentEnv()
      : {
          TENCENTCLOUD_SECRET_ID: 'AKIDbadinputs',
          TENCENTCLOUD_SECRET_KEY: 'bad-inputs-key'
        },
    files: { 'node_modules/a/index.js': 'module.exports = 1\n' }
  }
}

describe('bad input is rejected before any write, end to end', () => {
  it(`${ROWS.length} bad inputs across both providers: exit 1, one error naming the input and rule, zero writes`, async () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(40)
    expect(new Set(ROWS.map((r) => r.name)).size).toBe(ROWS.length)
    await emu.reset()
    const results = await pool(ROWS, 4, async (row) => {
      const d = defaults(row)
      const ws = makeWorkspace(d.files)
      mkdirSync(join(ws, 'python'), { recursive: true })
      mkdirSync(join(ws, 'node_modules'), { recursive: true })
      const extra = row.prepare?.(ws) ?? {}
      const run = await runAction({
        workspace: ws,
        env: row.env ?? d.env,
        inputs: { ...d.inputs, ...row.inputs, ...extra }
      })
      return { row, run }
    })
    const problems: string[] = []
    for (const { row, run } of results) {
      const where = `${row.provider} / ${row.name}`
      if (run.code !== 1) problems.push(`${where}: exit ${run.code}`)
      if (run.errors.length !== 1) {
        problems.push(
          `${where}: ${run.errors.length} ::error:: lines: ${run.errors.join(' / ')}\n${run.stdout.slice(-1500)}`
        )
      } else if (!row.error.test(run.errors[0]!)) {
        problems.push(
          `${where}: error ${JSON.stringify(run.errors[0])} does not match ${row.error}`
        )
      }
      if (run.stderr.trim() !== '')
        problems.push(`${where}: stderr ${run.stderr.slice(0, 300)}`)
    }
    const writes = await emu.writes()
    const calls = await emu.calls()
    console.log(
      results
        .map(
          ({ row, run }) =>
            `${row.provider.padEnd(8)} ${row.name.padEnd(58)} ${run.errors[0] ?? ''}`
        )
        .join('\n')
    )
    expect(problems).toEqual([])
    expect(writes).toEqual([])
    // Only the missing-credentials row gets as far as a provider, and it fails before sending anything.
    expect(calls).toEqual([])
  })
})
