/**
 * The emulator's SigV4 verifier against AWS's published vectors: the SigV4
 * test suite (get-vanilla, post-vanilla, get-vanilla-query-order-key-case),
 * S3's documented GET Object example, and S3's documented chunked upload
 * (seed and chunk signatures).
 */
import { describe, expect, it } from 'vitest'
import {
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  EMPTY_SHA256,
  headerValues,
  sha256Hex,
  signature,
  signingKey,
  stringToSign
} from './sigv4.js'
import { decodeAwsChunked } from './chunked.js'
import { checksumBytes } from './checksum.js'

const SUITE_SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'
const S3_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'

function sign(opts: {
  method: string
  path: string
  query?: string
  headers: Array<[string, string]>
  signed: string[]
  payloadHash: string
  service: string
  secret: string
  amzDate: string
}): { canonical: string; toSign: string; signature: string } {
  const canonical = canonicalRequest({
    method: opts.method,
    rawPath: opts.path,
    rawQuery: opts.query ?? '',
    headers: headerValues(opts.headers.flat()),
    signedHeaders: opts.signed,
    payloadHash: opts.payloadHash,
    service: opts.service
  })
  const date = opts.amzDate.slice(0, 8)
  const scope = `${date}/us-east-1/${opts.service}/aws4_request`
  const toSign = stringToSign(opts.amzDate, scope, canonical)
  const key = signingKey(opts.secret, date, 'us-east-1', opts.service)
  return { canonical, toSign, signature: signature(key, toSign) }
}

describe('SigV4 (AWS published vectors)', () => {
  it('get-vanilla', () => {
    const r = sign({
      method: 'GET',
      path: '/',
      headers: [
        ['Host', 'example.amazonaws.com'],
        ['X-Amz-Date', '20150830T123600Z']
      ],
      signed: ['host', 'x-amz-date'],
      payloadHash: EMPTY_SHA256,
      service: 'service',
      secret: SUITE_SECRET,
      amzDate: '20150830T123600Z'
    })
    expect(r.canonical).toBe(
      'GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n' +
        EMPTY_SHA256
    )
    expect(r.toSign).toBe(
      'AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63'
    )
    expect(r.signature).toBe(
      '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31'
    )
  })

  it('post-vanilla and get-vanilla-query-order-key-case', () => {
    const base = {
      path: '/',
      headers: [
        ['Host', 'example.amazonaws.com'],
        ['X-Amz-Date', '20150830T123600Z']
      ] as Array<[string, string]>,
      signed: ['host', 'x-amz-date'],
      payloadHash: EMPTY_SHA256,
      service: 'service',
      secret: SUITE_SECRET,
      amzDate: '20150830T123600Z'
    }
    expect(sign({ ...base, method: 'POST' }).signature).toBe(
      '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b'
    )
    expect(
      sign({ ...base, method: 'GET', query: 'Param2=value2&Param1=value1' })
        .signature
    ).toBe('b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500')
  })

  it("S3's GET Object example (Range header, signed payload hash)", () => {
    const r = sign({
      method: 'GET',
      path: '/test.txt',
      headers: [
        ['Host', 'examplebucket.s3.amazonaws.com'],
        ['Range', 'bytes=0-9'],
        ['x-amz-content-sha256', EMPTY_SHA256],
        ['x-amz-date', '20130524T000000Z']
      ],
      signed: ['host', 'range', 'x-amz-content-sha256', 'x-amz-date'],
      payloadHash: EMPTY_SHA256,
      service: 's3',
      secret: S3_SECRET,
      amzDate: '20130524T000000Z'
    })
    expect(r.signature).toBe(
      'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41'
    )
  })

  it("S3's chunked upload example: seed, chunk chain, tampering", () => {
    const seed = sign({
      method: 'PUT',
      path: '/examplebucket/chunkObject.txt',
      headers: [
        ['Host', 's3.amazonaws.com'],
        ['x-amz-date', '20130524T000000Z'],
        ['x-amz-storage-class', 'REDUCED_REDUNDANCY'],
        ['Content-Encoding', 'aws-chunked'],
        ['x-amz-decoded-content-length', '66560'],
        ['Content-Length', '66824'],
        ['x-amz-content-sha256', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD']
      ],
      signed: [
        'content-encoding',
        'content-length',
        'host',
        'x-amz-content-sha256',
        'x-amz-date',
        'x-amz-decoded-content-length',
        'x-amz-storage-class'
      ],
      payloadHash: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      service: 's3',
      secret: S3_SECRET,
      amzDate: '20130524T000000Z'
    })
    expect(seed.signature).toBe(
      '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9'
    )
    const chunk = (size: number, sig: string, fill = 'a') =>
      Buffer.concat([
        Buffer.from(`${size.toString(16)};chunk-signature=${sig}\r\n`),
        Buffer.alloc(size, fill),
        Buffer.from('\r\n')
      ])
    const body = Buffer.concat([
      chunk(
        65536,
        'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648'
      ),
      chunk(
        1024,
        '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497'
      ),
      chunk(
        0,
        'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9'
      )
    ])
    expect(body.length).toBe(66824)
    const ctx = {
      seed: seed.signature,
      key: signingKey(S3_SECRET, '20130524', 'us-east-1', 's3'),
      amzDate: '20130524T000000Z',
      scope: '20130524/us-east-1/s3/aws4_request'
    }
    const decoded = decodeAwsChunked(body, ctx)
    expect(decoded.data.equals(Buffer.alloc(66560, 'a'))).toBe(true)
    const tampered = Buffer.concat([
      chunk(
        65536,
        'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648'
      ),
      chunk(
        1024,
        '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
        'b'
      ),
      chunk(
        0,
        'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9'
      )
    ])
    expect(() => decodeAwsChunked(tampered, ctx)).toThrow(/signature/)
  })

  it('decodes the unsigned trailer form the SDK sends', () => {
    const body = Buffer.from(
      'c\r\nhello stream\r\n0\r\nx-amz-checksum-crc32:gtnkmQ==\r\n\r\n'
    )
    const decoded = decodeAwsChunked(body)
    expect(decoded.data.toString()).toBe('hello stream')
    expect(decoded.trailers.get('x-amz-checksum-crc32')).toBe('gtnkmQ==')
    expect(
      checksumBytes('crc32', Buffer.from('hello stream')).toString('base64')
    ).toBe('gtnkmQ==')
  })

  it('encodes paths per service: S3 once, others twice', () => {
    expect(canonicalUri('/bkt/a%20b%2Bc', 's3')).toBe('/bkt/a%20b%2Bc')
    expect(
      canonicalUri('/2018-10-31/layers/arn%3Aaws%3Ax/versions', 'lambda')
    ).toBe('/2018-10-31/layers/arn%253Aaws%253Ax/versions')
    expect(canonicalUri('/a//b/./c/../d/', 'lambda')).toBe('/a/b/d/')
    expect(canonicalQuery('uploads&b=2&a=x%2Fy')).toBe('a=x%2Fy&b=2&uploads=')
  })
})

describe('checksums', () => {
  it('match the standard check values', () => {
    const data = Buffer.from('123456789')
    expect(checksumBytes('crc32', data).toString('hex')).toBe('cbf43926')
    expect(checksumBytes('crc32c', data).toString('hex')).toBe('e3069283')
    expect(checksumBytes('crc64nvme', data).toString('hex')).toBe(
      'ae8b14860a799888'
    )
    expect(sha256Hex('')).toBe(EMPTY_SHA256)
  })
})
