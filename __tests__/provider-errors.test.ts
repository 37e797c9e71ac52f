/**
 * The pieces both adapters share: the one list of network failures, the
 * error-table lookup, the SHA-256 forms, and the typed `kind` each
 * provider's table puts on a ProviderError so callers never read its text.
 */
import { describe, expect, it } from 'vitest'
import { ProviderError } from '../src/errors.js'
import { lookup } from '../src/providers/error-table.js'
import { networkFailure } from '../src/providers/network-errors.js'
import { providerSha, shaToHex } from '../src/providers/sha.js'
import { PROVIDER_RULES } from '../src/providers/rules.js'
import { toProviderError as awsError } from '../src/providers/aws/index.js'
import { toProviderError as tencentError } from '../src/providers/tencent/index.js'

describe('networkFailure', () => {
  it('reads Node codes and SDK wordings alike', () => {
    expect(networkFailure('ECONNRESET', 'read ECONNRESET')).toBe('closed')
    expect(networkFailure('ECONNREFUSED', 'connect ECONNREFUSED')).toBe(
      'closed'
    )
    expect(networkFailure('ETIMEDOUT', 'connect ETIMEDOUT')).toBe('timeout')
    expect(networkFailure(undefined, 'socket hang up')).toBe('closed')
    expect(
      networkFailure(undefined, 'request to http://x/ failed, reason: EPIPE')
    ).toBe('closed')
    expect(networkFailure(undefined, 'network timeout at: http://x/')).toBe(
      'timeout'
    )
    expect(networkFailure('TimeoutError', 'Connection timed out')).toBe(
      'timeout'
    )
    expect(networkFailure('AccessDenied', 'Access Denied')).toBeUndefined()
    expect(networkFailure(undefined, 'The specified key does not exist.')).toBe(
      undefined
    )
  })
})

describe('error table lookup', () => {
  const table = [
    { codes: ['Throttled.*'], kind: 'throttled' as const },
    { codes: ['Denied'], when: (c: { raw: string }) => /x/.test(c.raw) },
    { codes: ['Denied'], kind: 'access-denied' as const }
  ]
  it('matches a family, its members, and the first row whose condition holds', () => {
    expect(lookup(table, { code: 'Throttled', raw: '' })?.kind).toBe(
      'throttled'
    )
    expect(lookup(table, { code: 'Throttled.Uin', raw: '' })?.kind).toBe(
      'throttled'
    )
    expect(lookup(table, { code: 'ThrottledX', raw: '' })).toBeUndefined()
    expect(lookup(table, { code: 'Denied', raw: 'x' })).toBe(table[1])
    expect(lookup(table, { code: 'Denied', raw: 'y' })).toBe(table[2])
    expect(lookup(table, { code: undefined, raw: 'x' })).toBeUndefined()
  })
  it('calls 404 and *NotFound* codes not-found when no row did', () => {
    const base = {
      provider: 'tencent' as const,
      operation: 'scf:X',
      region: 'r',
      message: 'm'
    }
    expect(new ProviderError({ ...base, httpStatus: 404 }).kind).toBe(
      'not-found'
    )
    expect(
      new ProviderError({ ...base, code: 'ResourceNotFound.LayerVersion' }).kind
    ).toBe('not-found')
    expect(
      new ProviderError({ ...base, code: 'InvalidParameterValue' }).kind
    ).toBe('other')
    expect(
      new ProviderError({ ...base, httpStatus: 404, kind: 'object-missing' })
        .kind
    ).toBe('object-missing')
  })
})

describe('sha forms and display names', () => {
  it('writes and reads each provider CodeSha256', () => {
    const hex = 'ab'.repeat(32)
    const b64 = Buffer.from(hex, 'hex').toString('base64')
    expect(providerSha('aws', hex)).toBe(b64)
    expect(providerSha('tencent', hex)).toBe(hex)
    expect(shaToHex('aws', b64)).toBe(hex)
    expect(shaToHex('tencent', hex.toUpperCase())).toBe(hex)
  })
  it('names each provider once', () => {
    expect(PROVIDER_RULES.aws.displayName).toBe('AWS Lambda')
    expect(PROVIDER_RULES.tencent.displayName).toBe('Tencent Cloud SCF')
    expect(PROVIDER_RULES.aws.storage.scheme).toBe('s3')
    expect(PROVIDER_RULES.tencent.storage.scheme).toBe('cos')
  })
})

describe('ProviderError kind', () => {
  const aws = (fields: Record<string, unknown>, op = 'GetLayerVersion') =>
    awsError(
      Object.assign(new Error(String(fields.message ?? 'x')), fields),
      op,
      'us-east-1'
    )
  const tencent = (fields: Record<string, unknown>, op = 'GetLayerVersion') =>
    tencentError(
      Object.assign(new Error(String(fields.message ?? 'x')), fields),
      op,
      'ap-guangzhou'
    )

  it('AWS: object missing, not found, throttled, no response, denied', () => {
    expect(
      aws(
        {
          name: 'InvalidParameterValueException',
          message:
            'Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.',
          $metadata: { httpStatusCode: 400, requestId: 'r' }
        },
        'PublishLayerVersion'
      ).kind
    ).toBe('object-missing')
    expect(
      aws({
        name: 'ResourceNotFoundException',
        $metadata: { httpStatusCode: 404, requestId: 'r' }
      }).kind
    ).toBe('not-found')
    expect(
      aws({
        name: 'TooManyRequestsException',
        $metadata: { httpStatusCode: 429, requestId: 'r' }
      }).kind
    ).toBe('throttled')
    const lost = aws({ name: 'TimeoutError', code: 'ECONNRESET' })
    expect(lost.kind).toBe('no-response')
    expect(lost.retryable).toBe(true)
    expect(
      aws({
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 403, requestId: 'r' }
      }).kind
    ).toBe('access-denied')
    expect(
      aws({
        name: 'InvalidParameterValueException',
        $metadata: { httpStatusCode: 400, requestId: 'r' }
      }).kind
    ).toBe('other')
  })

  it('Tencent: object missing, not found, throttled, no response, denied', () => {
    const missing = tencent(
      {
        code: 'InvalidParameterValue.Cos',
        message: 'Cos object /k.zip does not exist in bucket b-1250000000.'
      },
      'PublishLayerVersion'
    )
    expect(missing.kind).toBe('object-missing')
    expect(missing.message).toMatch(/SCF could not read the archive from COS/)
    expect(
      tencent(
        { code: 'InvalidParameterValue.CosBucketRegion', message: 'region' },
        'PublishLayerVersion'
      ).kind
    ).toBe('other')
    expect(tencent({ code: 'ResourceNotFound.LayerVersion' }).kind).toBe(
      'not-found'
    )
    expect(tencent({ code: 'RequestLimitExceeded' }).kind).toBe('throttled')
    expect(
      tencent({ code: 'RequestLimitExceeded.UinLimitExceeded' }).kind
    ).toBe('throttled')
    expect(
      tencent({
        message: 'request to http://x/ failed, reason: socket hang up'
      }).kind
    ).toBe('no-response')
    expect(tencent({ code: 'UnauthorizedOperation.CAM' }).kind).toBe(
      'access-denied'
    )
    const bare403 = tencent({ code: '403', statusCode: 403 }, 'HeadObject')
    expect(bare403.kind).toBe('access-denied')
    expect(bare403.message).toContain('name/cos:HeadObject')
  })
})
