import { setFlagsFromString } from 'node:v8'

// Packaging tens of thousands of files makes short-lived garbage; V8 would
// grow its young generation to absorb it, and the process keeps that memory.
// Small, fixed semi-spaces cut peak RSS by ~50 MiB at no measurable cost
// (bench/README.md). Set before main.js and its dependencies load.
setFlagsFromString('--semi-space-growth-factor=1')
setFlagsFromString('--max-semi-space-size=1')

const { run } = await import('./main.js')
/* istanbul ignore next */
await run()
