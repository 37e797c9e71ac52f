/**
 * COS XML API request signatures (`q-sign-algorithm=sha1`), written from
 * the published algorithm (cloud.tencent.com/document/product/436/7778):
 *
 *   SignKey      = hex(HMAC-SHA1(SecretKey, KeyTime))
 *   HttpString   = method\npath\nparams\nheaders\n
 *   StringToSign = sha1\nSignTime\nhex(SHA1(HttpString))\n
 *   Signature    = hex(HMAC-SHA1(SignKey, StringToSign))
 *
 * where params and headers are the listed names, lower-cased and
 * URL-encoded, sorted, `name=urlencode(value)` joined by `&`.
 */
import { createHash, createHmac } from 'node:crypto'

/** encodeURIComponent plus the characters COS also escapes. */
export function cosEncode(text: string): string {
  return encodeURIComponent(text)
    .replace(/!/g, '%21')
    .replace(/'/g, '%27')
    .replace(/\(/g, '%28')
    .replace(/\)/g, '%29')
    .replace(/\*/g, '%2A')
}

export interface CosAuth {
  algorithm: string
  secretId: string
  signTime: string
  keyTime: string
  headerList: string[]
  paramList: string[]
  signature: string
}

export class CosAuthParseError extends Error {}

export function parseCosAuthorization(value: string): CosAuth {
  const fields = new Map<string, string>()
  for (const part of value.split('&')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    fields.set(part.slice(0, eq), part.slice(eq + 1))
  }
  const need = (name: string): string => {
    const v = fields.get(name)
    if (v === undefined) {
      throw new CosAuthParseError(`the Authorization lacks ${name}`)
    }
    return v
  }
  const list = (name: string): string[] =>
    need(name)
      .split(';')
      .filter((s) => s !== '')
  return {
    algorithm: need('q-sign-algorithm'),
    secretId: need('q-ak'),
    signTime: need('q-sign-time'),
    keyTime: need('q-key-time'),
    headerList: list('q-header-list'),
    paramList: list('q-url-param-list'),
    signature: need('q-signature')
  }
}

function pairs(
  names: string[],
  lookup: (name: string) => string | undefined
): string {
  return [...names]
    .sort()
    .map((name) => `${name}=${cosEncode(lookup(name) ?? '')}`)
    .join('&')
}

export interface CosSignInput {
  method: string
  /** The object key with a leading `/` (decoded), `/` for bucket calls. */
  pathname: string
  /** Query parameters, by their lower-cased encoded name. */
  params: Map<string, string>
  /** Header values by lower-case name. */
  headers: Map<string, string>
  headerList: string[]
  paramList: string[]
  signTime: string
  keyTime: string
}

export function cosHttpString(input: CosSignInput): string {
  return [
    input.method.toLowerCase(),
    input.pathname,
    pairs(input.paramList, (n) => input.params.get(n)),
    pairs(input.headerList, (n) => input.headers.get(n)),
    ''
  ].join('\n')
}

export function cosStringToSign(signTime: string, httpString: string): string {
  const digest = createHash('sha1').update(httpString, 'utf8').digest('hex')
  return ['sha1', signTime, digest, ''].join('\n')
}

export function cosSignature(secretKey: string, input: CosSignInput): string {
  const signKey = createHmac('sha1', secretKey)
    .update(input.keyTime)
    .digest('hex')
  return createHmac('sha1', signKey)
    .update(cosStringToSign(input.signTime, cosHttpString(input)))
    .digest('hex')
}

/** Query parameters keyed as the signer names them (lower-case, encoded). */
export function signableParams(query: URLSearchParams): Map<string, string> {
  const out = new Map<string, string>()
  for (const [name, value] of query) {
    out.set(cosEncode(name).toLowerCase(), value)
  }
  return out
}
