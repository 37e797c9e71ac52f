import { availableParallelism } from 'node:os'
import { setFlagsFromString } from 'node:v8'

// libuv's pool (4 threads by default) only writes the archive and serves
// the SDKs' lookups: deflating runs in worker threads (src/package/
// deflate-workers.ts). On a small runner more pool threads than cores only
// preempt them. libuv reads this on the pool's first use, which comes
// later; a value set by the workflow wins.
process.env.UV_THREADPOOL_SIZE ??= String(Math.max(2, availableParallelism()))

// Selecting tens of thousands of files makes garbage; V8 would grow its
// heap to absorb it, and the process keeps that memory. Favouring size
// holds peak RSS for a 20,000-file tree about 40 MiB lower. V8 also doubles
// its young generation each time as many bytes have survived it as it
// holds, which a long enough run always reaches: 4 MiB after 1,000 files,
// 16 MiB after 70,000. Held at its first size, memory no longer depends on
// how long packaging runs, for no time measured (20,000 files: 2.14-2.18 s
// against 2.19-2.24 s; bench/README.md). Set before main.js loads.
setFlagsFromString('--optimize-for-size')
setFlagsFromString('--semi-space-growth-factor=1')
// V8's top tier (TurboFan) compiles on a background thread, which on a
// 2-core runner takes turns with the deflate workers, and holds its
// compile's memory in that thread's malloc arena: the longer the run, the
// more functions reach it, so peak RSS grew with the tree (~2 MiB from
// 1,000 to 70,000 files). The hot work is native (zlib, reads, hashing);
// Maglev, the tier below, compiles the JavaScript around it. Packaging
// takes the same time without it (bench/README.md, "Ninth pass").
setFlagsFromString('--no-turbofan')

const { run } = await import('./main.js')
/* istanbul ignore next */
await run()
