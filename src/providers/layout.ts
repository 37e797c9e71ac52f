/**
 * Warns when a layer's layout cannot work at runtime: the files are fine,
 * but the runtime would never find them. AWS extracts to /opt and looks in
 * runtime folders (python/, nodejs/node_modules/...); SCF extracts to /opt
 * and puts /opt and /opt/node_modules on the paths (api-facts A.6, B.6).
 */
import type { ProviderId } from './types.js'

export function layoutWarnings(
  provider: ProviderId,
  runtimes: string[],
  names: Iterable<string>
): string[] {
  const warnings: string[] = []
  const some = (re: RegExp): boolean => {
    for (const n of names) if (re.test(n)) return true
    return false
  }
  const uses = (re: RegExp) => runtimes.some((r) => re.test(r))
  if (provider === 'aws') {
    if (uses(/^python/) && !some(/^python\//)) {
      warnings.push(
        `Python runtimes look in /opt/python, but the archive has no top-level python/ folder; set 'prefix: python' or package python/**`
      )
    }
    if (uses(/^nodejs/) && !some(/^nodejs\/(node\d+\/)?node_modules\//)) {
      warnings.push(
        `Node.js runtimes look in /opt/nodejs/node_modules (or nodejs/nodeNN/node_modules), but the archive has neither; set 'prefix: nodejs/node_modules' or package nodejs/**`
      )
    }
    if (uses(/^ruby/) && !some(/^ruby\/(gems|lib)\//)) {
      warnings.push(
        `Ruby runtimes look in /opt/ruby/gems and /opt/ruby/lib, but the archive has neither`
      )
    }
    if (uses(/^java/) && !some(/^java\/lib\//)) {
      warnings.push(
        `Java runtimes look in /opt/java/lib, but the archive has no java/lib/ folder`
      )
    }
  } else {
    if (uses(/^Nodejs/i) && !some(/^node_modules\//)) {
      warnings.push(
        `SCF Node.js runtimes look in /opt/node_modules, but the archive has no top-level node_modules/ folder${some(/^nodejs\//) ? ' (nodejs/ is the AWS layout, not SCF)' : ''}`
      )
    }
    if (
      uses(/^Python/i) &&
      some(/^python\//) &&
      !some(/^[^/]+\.py$|^[^/]+\/__init__\.py$/)
    ) {
      warnings.push(
        `SCF Python runtimes look in /opt, but the archive keeps its packages under python/ (the AWS layout); package them at the archive root`
      )
    }
  }
  return warnings
}
