/**
 * The emulator's independent TC3 and COS signature code, checked against
 * the documented TC3 vector and against what the real SDKs produce.
 */
import { createRequire } from 'node:module'
import COS from 'cos-nodejs-sdk-v5'
import { describe, expect, it } from 'vitest'
import {
  cosSignature,
  parseCosAuthorization,
  signableParams
} from './cos-sign.js'
import {
  canonicalRequest,
  parseTc3Authorization,
  sha256Hex,
  stringToSign,
  tc3Signature
} from './tc3.js'

const require = createRequire(import.meta.url)

describe('TC3-HMAC-SHA256', () => {
  // cloud.tencent.com/document/api/362/4208, CVM DescribeInstances example.
  const payload =
    '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}'
  const headers = new Map([
    ['content-type', 'application/json; charset=utf-8'],
    ['host', 'cvm.tencentcloudapi.com']
  ])

  it('reproduces the documented vector (masked key)', () => {
    expect(sha256Hex(payload)).toBe(
      '35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064'
    )
    const canonical = canonicalRequest({
      method: 'POST',
      path: '/',
      query: '',
      headers,
      signedHeaders: ['content-type', 'host'],
      payload
    })
    expect(sha256Hex(canonical)).toBe(
      '5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031'
    )
    const toSign = stringToSign(1551113065, 'cvm', canonical)
    expect(toSign.split('\n')[2]).toBe('2019-02-25/cvm/tc3_request')
    expect(
      tc3Signature(
        'Gu5t9xGARNpq86cd98joQYCN3*******',
        '2019-02-25',
        'cvm',
        toSign
      )
    ).toBe('2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c')
  })

  it('agrees with the Node SDK signer, whose scope service is the endpoint label', () => {
    const Sign = (
      require('tencentcloud-sdk-nodejs-common/tencentcloud/common/sign.js') as {
        default: { sign3(o: Record<string, unknown>): string }
      }
    ).default
    const body = { LayerName: 'demo', LayerVersion: 3 }
    const auth = Sign.sign3({
      method: 'POST',
      url: 'http://127.0.0.1:4567/',
      payload: body,
      timestamp: 1_700_000_000,
      service: '127',
      secretId: 'AKIDx',
      secretKey: 'secret',
      headers: { 'Content-Type': 'application/json' }
    })
    const parsed = parseTc3Authorization(auth)
    expect(parsed).toMatchObject({
      secretId: 'AKIDx',
      date: '2023-11-14',
      service: '127',
      signedHeaders: ['content-type', 'host']
    })
    const canonical = canonicalRequest({
      method: 'POST',
      path: '/',
      query: '',
      headers: new Map([
        ['content-type', 'application/json'],
        // The SDK signs the host without its port.
        ['host', '127.0.0.1']
      ]),
      signedHeaders: parsed.signedHeaders,
      payload: JSON.stringify(body)
    })
    const mine = tc3Signature(
      'secret',
      parsed.date,
      parsed.service,
      stringToSign(1_700_000_000, parsed.service, canonical)
    )
    expect(mine).toBe(parsed.signature)
    expect(
      tc3Signature(
        'wrong',
        parsed.date,
        parsed.service,
        stringToSign(1_700_000_000, parsed.service, canonical)
      )
    ).not.toBe(parsed.signature)
  })

  it('parses a scope whose service carries a port', () => {
    const p = parseTc3Authorization(
      'TC3-HMAC-SHA256 Credential=AKIDtest/2026-11-22/localhost:33881/tc3_request, SignedHeaders=content-type;host, Signature=ABC'
    )
    expect(p.service).toBe('localhost:33881')
    expect(p.signature).toBe('abc')
    expect(() => parseTc3Authorization('HMAC-SHA1 x')).toThrow(/TC3/)
  })
})

describe('COS q-sign (sha1)', () => {
  const options = {
    SecretId: 'AKIDcos',
    SecretKey: 'cos-secret',
    Method: 'PUT' as const,
    Key: 'publish-layer/demo/a b(1).zip',
    Query: { partNumber: '2', uploadId: '17000abc' },
    Headers: {
      Host: 'layers-1250000000.cos.ap-guangzhou.myqcloud.com',
      'Content-Length': '1048576',
      'x-cos-security-token': 'tok'
    }
  }

  it('verifies what the SDK signs, and rejects a change', () => {
    const auth = parseCosAuthorization(COS.getAuthorization(options))
    expect(auth.algorithm).toBe('sha1')
    expect(auth.headerList).toEqual([
      'content-length',
      'host',
      'x-cos-security-token'
    ])
    expect(auth.paramList).toEqual(['partnumber', 'uploadid'])
    const input = {
      method: 'PUT',
      pathname: `/${options.Key}`,
      params: signableParams(
        new URLSearchParams('partNumber=2&uploadId=17000abc')
      ),
      headers: new Map([
        ['host', options.Headers.Host],
        ['content-length', '1048576'],
        ['x-cos-security-token', 'tok']
      ]),
      headerList: auth.headerList,
      paramList: auth.paramList,
      signTime: auth.signTime,
      keyTime: auth.keyTime
    }
    expect(cosSignature('cos-secret', input)).toBe(auth.signature)
    expect(cosSignature('other', input)).not.toBe(auth.signature)
    expect(
      cosSignature('cos-secret', { ...input, pathname: '/other.zip' })
    ).not.toBe(auth.signature)
  })
})
