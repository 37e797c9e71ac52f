/**
 * Input names as written in action.yml (kebab-case, listed once), how they
 * are read from the runner, and which values must be masked first.
 */

export const Input = {
  Provider: 'provider',
  LayerName: 'layer-name',
  Path: 'path',
  BaseDirectory: 'base-directory',
  Prefix: 'prefix',
  ZipFile: 'zip-file',
  Symlinks: 'symlinks',
  CompatibleRuntimes: 'compatible-runtimes',
  CompatibleArchitectures: 'compatible-architectures',
  Description: 'description',
  LicenseInfo: 'license-info',
  Region: 'region',
  Bucket: 'bucket',
  ObjectPrefix: 'object-prefix',
  Upload: 'upload',
  DeleteObject: 'delete-object',
  SkipUnchanged: 'skip-unchanged',
  ShareWith: 'share-with',
  KeepVersions: 'keep-versions',
  Tags: 'tags',
  WaitTimeout: 'wait-timeout',
  DryRun: 'dry-run',
  MaxAttempts: 'max-attempts',
  TencentSecretId: 'tencent-secret-id',
  TencentSecretKey: 'tencent-secret-key',
  TencentSessionToken: 'tencent-session-token',
  EndpointUrl: 'endpoint-url',
  StorageEndpointUrl: 'storage-endpoint-url',
  UpdateFunctions: 'update-functions',
  PublishFunctionVersion: 'publish-function-version',
  FunctionAlias: 'function-alias',
  Strict: 'strict'
} as const

/** Reads one input by name, trimmed, '' when absent (core.getInput semantics). */
export type InputReader = (name: string) => string

/** Reads inputs straight from the runner's environment (INPUT_<NAME>, hyphens kept). */
export function envInputReader(
  env: NodeJS.ProcessEnv = process.env
): InputReader {
  return (name) =>
    (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()
}

/**
 * Values that must be masked before anything else runs, read without
 * validation so that even a failing run never echoes them.
 */
export function secretValues(
  read: InputReader,
  env: NodeJS.ProcessEnv = process.env
): string[] {
  return [
    read(Input.TencentSecretId) || env.TENCENTCLOUD_SECRET_ID || '',
    read(Input.TencentSecretKey) || env.TENCENTCLOUD_SECRET_KEY || '',
    read(Input.TencentSessionToken) || env.TENCENTCLOUD_SESSION_TOKEN || '',
    env.AWS_SECRET_ACCESS_KEY ?? '',
    env.AWS_SESSION_TOKEN ?? ''
  ].filter((v) => v.length > 0)
}
