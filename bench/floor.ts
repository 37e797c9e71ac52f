/**
 * The machine's floor for packaging a tree, measured with plain Node in its
 * own process: the time to read every file once (one after another, warm
 * page cache, as the action finds it), and the time to deflate the tree at
 * level 6 on one core. Usage: node --import tsx bench/floor.ts <tree>
 * Prints one JSON line: { files, bytes, readMs, deflateMs, readCpuMs,
 * deflateCpuMs }.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { deflateRawSync } from 'node:zlib'

const tree = process.argv[2] as string
const files = readdirSync(tree, { withFileTypes: true, recursive: true })
  .filter((d) => d.isFile())
  .map((d) => join(d.parentPath, d.name))

const cpuMs = (since: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since)
  return (u.user + u.system) / 1000
}
let bytes = 0
let cpu = process.cpuUsage()
let t = performance.now()
const data: Buffer[] = []
// Read all first (the tree fits in memory here; the action streams it).
for (const f of files) {
  const b = readFileSync(f)
  bytes += b.length
  data.push(b)
}
const readMs = performance.now() - t
const readCpuMs = cpuMs(cpu)

cpu = process.cpuUsage()
t = performance.now()
for (const b of data) deflateRawSync(b, { level: 6 })
const deflateMs = performance.now() - t
const deflateCpuMs = cpuMs(cpu)

console.log(
  JSON.stringify({
    files: files.length,
    bytes,
    readMs,
    deflateMs,
    readCpuMs,
    deflateCpuMs
  })
)
