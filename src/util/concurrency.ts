/**
 * The one bounded-concurrency helper: regions, reads before packaging and
 * any other fan-out go through it, so "at most N at once" means one thing.
 */

/**
 * Runs `task` for every item with at most `limit` running at once. Every
 * item is attempted (a task that must not stop the others catches its own
 * errors); results keep the order of `items`.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>
): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      results[i] = await task(items[i]!, i)
    }
  }
  const workers = Math.max(1, Math.min(Math.floor(limit), items.length))
  await Promise.all(Array.from({ length: workers }, worker))
  return results
}
