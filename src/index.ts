import { availableParallelism } from 'node:os'
import { setFlagsFromString } from 'node:v8'

// Deflating runs on libuv's thread pool, 4 threads by default. On a 2-core
// runner, 4 busy threads and the main thread (which reads the files and
// writes the zip) preempt one another: one thread per core packages a
// 20,000-file tree ~10% faster (bench/README.md). libuv reads this on the
// pool's first use, which comes later; a value set by the workflow wins.
process.env.UV_THREADPOOL_SIZE ??= String(Math.max(2, availableParallelism()))

// Packaging tens of thousands of files makes short-lived garbage; V8 would
// grow its heap to absorb it, and the process keeps that memory. Favouring
// size and a small, fixed young generation hold peak RSS for a 20,000-file
// tree near 110 MiB instead of ~175 MiB, for ~0.3 s more packaging time
// (bench/README.md). Set before main.js and its dependencies load.
setFlagsFromString('--optimize-for-size')
setFlagsFromString('--semi-space-growth-factor=1')
setFlagsFromString('--max-semi-space-size=1')

const { run } = await import('./main.js')
/* istanbul ignore next */
await run()
