/**
 * One archiver run, in its own process so that its peak RSS is its own.
 * Usage: tsx bench/zip-lib-child.ts <lib> <tree> <out.zip>
 * Prints one JSON line: { ms } (time spent zipping, module loading excluded).
 */
import {
  closeSync,
  createWriteStream,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  writeSync
} from 'node:fs'
import { join, relative, sep } from 'node:path'
import { once } from 'node:events'

const [lib, tree, out] = process.argv.slice(2) as [string, string, string]
const FIXED = new Date(1980, 0, 1, 0, 0, 0)

interface F {
  abs: string
  name: string
  mode: number
}

function walk(dir: string): F[] {
  const files: F[] = []
  for (const d of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!d.isFile()) continue
    const abs = join(d.parentPath, d.name)
    const st = statSync(abs)
    files.push({
      abs,
      name: relative(dir, abs).split(sep).join('/'),
      mode: st.mode & 0o111 ? 0o755 : 0o644
    })
  }
  return files.sort((a, b) =>
    Buffer.compare(Buffer.from(a.name), Buffer.from(b.name))
  )
}

const runners: Record<string, () => Promise<void>> = {
  async ours() {
    const { selectFiles, writeZip } = await import('../src/package/index.js')
    const entries = await selectFiles({
      patterns: ['**'],
      baseDirectory: tree,
      prefix: '',
      symlinks: 'follow'
    })
    await writeZip(entries, out)
  },
  async yazl() {
    const yazl = (await import('yazl')).default
    const zip = new yazl.ZipFile()
    const ws = createWriteStream(out)
    zip.outputStream.pipe(ws)
    for (const f of walk(tree))
      zip.addFile(f.abs, f.name, {
        mtime: FIXED,
        mode: 0o100000 | f.mode,
        compressionLevel: 6
      })
    zip.end()
    await once(ws, 'close')
  },
  async archiver() {
    const mod = (await import('archiver')) as unknown as {
      default?: unknown
      ZipArchive?: unknown
    }
    const ws = createWriteStream(out)
    type A = {
      pipe(s: unknown): void
      file(p: string, o: object): void
      finalize(): Promise<void>
    }
    const make = (mod.default ?? mod) as
      ((f: string, o: object) => A) | { ZipArchive: new (o: object) => A }
    const archive =
      typeof make === 'function'
        ? make('zip', { zlib: { level: 6 } })
        : new make.ZipArchive({ zlib: { level: 6 } })
    archive.pipe(ws)
    for (const f of walk(tree))
      archive.file(f.abs, { name: f.name, date: FIXED, mode: f.mode })
    await archive.finalize()
    await once(ws, 'close')
  },
  async 'adm-zip'() {
    const AdmZip = (await import('adm-zip')).default
    const zip = new AdmZip()
    for (const f of walk(tree)) {
      zip.addFile(f.name, readFileSync(f.abs), '', f.mode)
      const entry = zip.getEntry(f.name)
      if (entry) entry.header.time = FIXED
    }
    zip.writeZip(out)
  },
  async fflate() {
    const { Zip, ZipDeflate } = await import('fflate')
    const fd = openSync(out, 'w')
    await new Promise<void>((resolve, reject) => {
      const zip = new Zip((err, data, final) => {
        if (err) return reject(err)
        writeSync(fd, data)
        if (final) resolve()
      })
      for (const f of walk(tree)) {
        const entry = new ZipDeflate(f.name, { level: 6 })
        entry.mtime = FIXED
        entry.os = 3
        entry.attrs = ((0o100000 | f.mode) * 0x10000) >>> 0
        zip.add(entry)
        entry.push(readFileSync(f.abs), true)
      }
      zip.end()
    })
    closeSync(fd)
  }
}

const run = runners[lib]
if (!run) throw new Error(`unknown library ${lib}`)
const t = performance.now()
await run()
console.log(JSON.stringify({ ms: Math.round(performance.now() - t) }))
