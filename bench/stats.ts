/** Small timing helpers shared by the benchmarks: alternate, repeat, summarise. */
export interface Series {
  name: string
  ms: number[]
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** One line: the series' name, then its min, median and max. */
export function seriesLine(s: Series): string {
  const sorted = [...s.ms].sort((a, b) => a - b)
  const f = (x: number) =>
    x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`
  return `${s.name.padEnd(44)} min ${f(sorted[0]!).padStart(9)}  median ${f(median(sorted)).padStart(9)}  max ${f(sorted.at(-1)!).padStart(9)}`
}

/** Runs each case `reps` times, interleaved so drift hits all alike. */
export async function alternate(
  reps: number,
  cases: Array<{ name: string; run: () => Promise<void> | void }>
): Promise<Series[]> {
  const series = cases.map((c) => ({ name: c.name, ms: [] as number[] }))
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < cases.length; i++) {
      const t = process.hrtime.bigint()
      await cases[i]!.run()
      series[i]!.ms.push(Number(process.hrtime.bigint() - t) / 1e6)
    }
  }
  return series
}

export function ratioLine(
  label: string,
  ours: Series,
  ref: Series,
  goal: number
): string {
  const r = median(ours.ms) / median(ref.ms)
  return `${label}: median ratio ${r.toFixed(2)} (goal ≤ ${goal}) ${r <= goal ? 'MET' : 'NOT MET'}`
}
