/**
 * Where a layer's unzipped bytes go: the largest packages (found by the
 * layer layouts of AWS and SCF), packages present more than once, and the
 * share of the provider's unzipped limit used. Plain data: it goes into the
 * `results` output and the job summary as is.
 */

export interface SizedEntry {
  /** Name inside the archive (`/`-separated; a trailing `/` is a directory). */
  name: string
  /** Unzipped size in bytes. */
  size: number
}

export interface PackageSize {
  path: string
  bytes: number
}

export interface Duplicate {
  /** npm package name (`lodash`, `@scope/pkg`) or normalized Python distribution. */
  name: string
  kind: 'npm' | 'python'
  /** Every copy's path, sorted. */
  paths: string[]
  /** What the copies beyond the largest one cost. */
  bytes: number
}

export interface SizeBreakdown {
  largest: PackageSize[]
  /** The costliest duplicates, at most LIST_LENGTH. */
  duplicates: Duplicate[]
  /** How many packages are present more than once in all. */
  duplicateCount: number
  totalBytes: number
  limitBytes: number
  /** totalBytes / limitBytes. */
  limitShare: number
  warnings: string[]
}

export interface SizeOptions {
  /** The provider's unzipped limit (AWS 262,144,000 bytes). */
  limitBytes: number
  /**
   * Warn when the layer alone uses more than this share of the limit. AWS
   * counts the function and all its layers against its limit, so 0.8 there.
   */
  warnShare?: number
}

export const LIST_LENGTH = 10

const SITE_PACKAGES = /^python\/lib\/python\d+\.\d+\/site-packages\//
const GEMS = /^ruby\/gems\/[^/]+\/gems\//

/** The name after the last `node_modules/`, with its scope if any. */
function npmPackage(name: string): { root: string; pkg: string } | undefined {
  const at = name.lastIndexOf('node_modules/')
  if (at < 0 || (at > 0 && name[at - 1] !== '/')) return undefined
  const base = at + 'node_modules/'.length
  const parts = name.slice(base).split('/')
  const take = parts[0]?.startsWith('@') ? 2 : 1
  // A file directly in node_modules (.package-lock.json) is no package:
  // it counts to node_modules itself.
  if (parts.length <= take) return { root: name.slice(0, base - 1), pkg: '' }
  const pkg = parts.slice(0, take).join('/')
  return { root: name.slice(0, base) + pkg, pkg }
}

function firstSegments(name: string, prefix: string, count: number): string {
  const parts = name.slice(prefix.length).split('/')
  return prefix + parts.slice(0, count).join('/')
}

/**
 * The package a file belongs to: the innermost `node_modules/<pkg>` (or
 * `@scope/pkg`), `python/lib/pythonX.Y/site-packages/<pkg>`, `python/<pkg>`,
 * `ruby/gems/X/gems/<gem>`, `java/lib/<jar>`, `bin`, `lib`; else its
 * top-level directory (SCF's Python packages sit at the root).
 */
export function packagePath(name: string): string {
  const npm = npmPackage(name)
  if (npm) return npm.root
  const site = SITE_PACKAGES.exec(name)
  if (site) return firstSegments(name, site[0], 1)
  const gems = GEMS.exec(name)
  if (gems) return firstSegments(name, gems[0], 1)
  if (name.startsWith('python/')) return firstSegments(name, 'python/', 1)
  if (name.startsWith('java/lib/')) return firstSegments(name, 'java/lib/', 1)
  return firstSegments(name, '', 1)
}

function bySizeThenPath(a: PackageSize, b: PackageSize): number {
  return b.bytes - a.bytes || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)
}

/** Bytes per package, and in all; directories (a trailing `/`) are no files. */
function packageSizes(entries: Iterable<SizedEntry>): {
  sizes: Map<string, number>
  totalBytes: number
} {
  const sizes = new Map<string, number>()
  let totalBytes = 0
  for (const { name, size } of entries) {
    if (name.endsWith('/')) continue
    const path = packagePath(name)
    sizes.set(path, (sizes.get(path) ?? 0) + size)
    totalBytes += size
  }
  return { sizes, totalBytes }
}

/**
 * One npm package name at several paths. Versions are not compared: that
 * needs each package.json's contents and only names and sizes are here, so
 * two different versions of a package count as copies too.
 */
function npmDuplicates(sizes: Map<string, number>): Duplicate[] {
  const byName = new Map<string, string[]>()
  for (const path of sizes.keys()) {
    const npm = npmPackage(`${path}/x`)
    if (!npm?.pkg || npm.root !== path || npm.pkg.startsWith('.')) continue
    byName.set(npm.pkg, [...(byName.get(npm.pkg) ?? []), path])
  }
  return [...byName].flatMap(([name, paths]) =>
    paths.length > 1 ? [copies(name, 'npm', paths, sizes)] : []
  )
}

/** PEP 503 normalization: `PyYAML`, `pyyaml` and `py_yaml`… compare equal. */
function normalizeDistribution(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-')
}

const DIST_INFO = /^(.*\/)?([^/]+?)-[^/-]+\.(?:dist-info|egg-info)$/

/**
 * One Python distribution (`*.dist-info` / `*.egg-info`) in several places.
 * A copy's bytes are its metadata plus the sibling directories or modules
 * whose name normalizes to the distribution's; a distribution whose import
 * name differs (PyYAML → yaml) is only counted by its metadata.
 */
function pythonDuplicates(sizes: Map<string, number>): Duplicate[] {
  const byName = new Map<string, string[]>()
  for (const path of sizes.keys()) {
    const match = DIST_INFO.exec(path)
    if (!match?.[2]) continue
    const name = normalizeDistribution(match[2])
    byName.set(name, [...(byName.get(name) ?? []), path])
  }
  const duplicates: Duplicate[] = []
  for (const [name, infos] of byName) {
    if (infos.length < 2) continue
    const copySizes = new Map<string, number>()
    for (const info of infos) {
      const dir = DIST_INFO.exec(info)?.[1] ?? ''
      let bytes = sizes.get(info) ?? 0
      for (const [path, size] of sizes) {
        const rest = path.startsWith(dir) ? path.slice(dir.length) : undefined
        const module = rest?.replace(/\.py$/, '')
        if (module && !module.includes('/')) {
          if (normalizeDistribution(module) === name) bytes += size
        }
      }
      copySizes.set(info, bytes)
    }
    duplicates.push(copies(name, 'python', infos, copySizes))
  }
  return duplicates
}

function copies(
  name: string,
  kind: Duplicate['kind'],
  paths: string[],
  sizes: Map<string, number>
): Duplicate {
  const each = paths.map((p) => sizes.get(p) ?? 0)
  const total = each.reduce((a, b) => a + b, 0)
  return {
    name,
    kind,
    paths: [...paths].sort(),
    bytes: total - Math.max(...each)
  }
}

function formatMiB(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MiB`
}

/** The size breakdown of a layer from its entries' names and sizes. */
export function sizeBreakdown(
  entries: Iterable<SizedEntry>,
  options: SizeOptions
): SizeBreakdown {
  const { sizes, totalBytes } = packageSizes(entries)
  const largest = [...sizes]
    .map(([path, bytes]) => ({ path, bytes }))
    .sort(bySizeThenPath)
    .slice(0, LIST_LENGTH)
  const all = [...npmDuplicates(sizes), ...pythonDuplicates(sizes)].sort(
    (a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : 1)
  )
  const limitShare = totalBytes / options.limitBytes
  const warnings: string[] = []
  if (options.warnShare !== undefined && limitShare > options.warnShare) {
    warnings.push(
      `The layer unzips to ${formatMiB(totalBytes)}, ${Math.round(limitShare * 100)}% of the ${formatMiB(options.limitBytes)} unzipped limit, which counts the function and all its layers together`
    )
  }
  return {
    largest,
    duplicates: all.slice(0, LIST_LENGTH),
    duplicateCount: all.length,
    totalBytes,
    limitBytes: options.limitBytes,
    limitShare,
    warnings
  }
}
