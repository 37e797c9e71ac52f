/**
 * SCF runtime names, from Tencent's documentation, taken 2026-12-01:
 * - tencentcloud-sdk-nodejs-scf `scf_models.d.ts` (4.1.313),
 *   CreateFunctionRequest.Runtime: Python2.7 … Python3.10, Nodejs6.10 …
 *   Nodejs18.15, Php5.6, Php7, Php7.4, Php8.0, Go1, Java8, CustomRuntime.
 * - SCF Node.js page (tencentcloud.com/document/product/583/11060,
 *   2025-10-11): Node.js 20.19, whose runtime string is `Nodejs20.19`; no SCF
 *   runtime uses a `.x` suffix.
 * - SCF Python page (583/40323) stops at Python 3.10; Java 11 (583/67366).
 * SCF adds runtimes often and none of these is verified against the live
 * service, so an unknown name warns and is sent as given.
 */

export const TENCENT_RUNTIMES = [
  'Python2.7',
  'Python3.6',
  'Python3.7',
  'Python3.9',
  'Python3.10',
  'Nodejs6.10',
  'Nodejs8.9',
  'Nodejs10.15',
  'Nodejs12.16',
  'Nodejs14.18',
  'Nodejs16.13',
  'Nodejs18.15',
  'Nodejs20.19',
  'Php5.6',
  'Php7',
  'Php7.4',
  'Php8.0',
  'Go1',
  'Java8',
  'Java11',
  'CustomRuntime'
] as const

export interface TencentRuntimeWarning {
  runtime: string
  message: string
  /** A documented name of the same language and major version, if one exists. */
  suggestion?: string
}

const KNOWN = new Set<string>(TENCENT_RUNTIMES)

/** Language prefix and major version, e.g. `Nodejs20.x` → `Nodejs20`. */
function languageMajor(id: string): string | undefined {
  return /^([A-Za-z]+\d+)(?:\.|$)/.exec(id)?.[1]
}

function suggestionFor(id: string): string | undefined {
  const key = languageMajor(id)
  if (key === undefined) return undefined
  // Python3.11 must not suggest Python3.10: the major alone says nothing there.
  if (key.startsWith('Python')) return undefined
  return TENCENT_RUNTIMES.find((known) => languageMajor(known) === key)
}

/** True when SCF documents `id` (case-sensitive, as Tencent's examples are). */
export function isKnownTencentRuntime(id: string): boolean {
  return KNOWN.has(id)
}

/** One warning per distinct runtime name SCF does not document. */
export function tencentRuntimeWarnings(
  ids: readonly string[]
): TencentRuntimeWarning[] {
  const warnings: TencentRuntimeWarning[] = []
  for (const id of new Set(ids)) {
    if (KNOWN.has(id)) continue
    const warning: TencentRuntimeWarning = {
      runtime: id,
      message: `compatible-runtimes: '${id}' is not a runtime name this action knows for SCF (e.g. Nodejs18.15, Python3.9); sending it as given`
    }
    const suggestion = suggestionFor(id)
    if (suggestion !== undefined) warning.suggestion = suggestion
    warnings.push(warning)
  }
  return warnings
}
