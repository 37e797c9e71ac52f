import { setFlagsFromString } from 'node:v8'

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
