/** Sizes as people read them in logs and messages: 1.5 MiB, not 1572864. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  const units = ['KiB', 'MiB', 'GiB']
  let v = n / 1024
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v.toFixed(v >= 100 ? 0 : 1)} ${units[i]}`
}

/**
 * 1,234,567: what toLocaleString('en-US') prints for an integer, without
 * it. That call maps the ICU data in node's binary into memory, 7.6 MiB of
 * resident pages for a thousands separator (bench/README.md).
 */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}
