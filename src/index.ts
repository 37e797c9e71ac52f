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
// holds peak RSS for a 20,000-file tree about 40 MiB lower; the young
// generation is left to V8, since pinning it to 1 MiB cost the main thread
// ~0.4 s of scavenges (bench/README.md). Set before main.js loads.
setFlagsFromString('--optimize-for-size')

const { run } = await import('./main.js')
/* istanbul ignore next */
await run()
