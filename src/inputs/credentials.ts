/**
 * Tencent's credentials come from inputs or TENCENTCLOUD_* variables; AWS's
 * only from the SDK's default chain, so Tencent inputs on AWS are an error
 * rather than silently unused.
 */
import { InputError } from '../errors.js'
import { Input, type InputReader } from './names.js'
import type { TencentCredentials } from './types.js'

export function readTencentCredentials(
  read: InputReader,
  env: NodeJS.ProcessEnv
): TencentCredentials {
  const secretId =
    read(Input.TencentSecretId) || env.TENCENTCLOUD_SECRET_ID || ''
  const secretKey =
    read(Input.TencentSecretKey) || env.TENCENTCLOUD_SECRET_KEY || ''
  const sessionToken =
    read(Input.TencentSessionToken) || env.TENCENTCLOUD_SESSION_TOKEN || ''
  if (secretId === '') {
    throw new InputError(
      Input.TencentSecretId,
      'is required for provider tencent: set the input or TENCENTCLOUD_SECRET_ID'
    )
  }
  if (secretKey === '') {
    throw new InputError(
      Input.TencentSecretKey,
      'is required for provider tencent: set the input or TENCENTCLOUD_SECRET_KEY'
    )
  }
  return { secretId, secretKey, ...(sessionToken !== '' && { sessionToken }) }
}

export function refuseTencentCredentials(read: InputReader): void {
  for (const name of [
    Input.TencentSecretId,
    Input.TencentSecretKey,
    Input.TencentSessionToken
  ]) {
    if (read(name) !== '') {
      throw new InputError(
        name,
        `is only used with provider 'tencent'; AWS credentials come from the environment (aws-actions/configure-aws-credentials)`
      )
    }
  }
}
