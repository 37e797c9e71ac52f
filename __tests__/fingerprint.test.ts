/**
 * The files' fingerprint in the archive comment, reading it back from an
 * archive's tail over HTTP, and the policy that skips packaging with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import {
  digestFiles,
  fingerprintComment,
  fingerprintOf,
  FINGERPRINT_TAIL_BYTES,
  ZIP_FORMAT
} from '../src/package/fingerprint.js'
import { selectFiles } from '../src/package/select.js'
import { writeZip } from '../src/package/zip-writer.js'
import {
  httpTailFetcher,
  type TailFetcher
} from '../src/providers/archive-tail.js'
import type { PublishPlan } from '../src/publish/plan.js'
import {
  checkBeforePackaging,
  readNewest
} from '../src/skip/before-packaging.js'
import { FirstReads } from '../src/skip/first-reads.js'
import type { LayerProvider } from '../src/providers/types.js'
import type { Logger } from '../src/log.js'
import { FakeProvider } from './helpers/fake-provider.js'
import { makeWorkspace } from './helpers/workspace.js'

const quiet: Logger = { info: () => {}, warning: () => {}, debug: () => {} }

async function entriesOf(ws: string, symlinks: 'follow' | 'preserve') {
  return selectFiles({
    patterns: ['**'],
    baseDirectory: ws,
    prefix: 'python',
    symlinks
  })
}

describe('fingerprint', () => {
  it('the writer stores the same fingerprint that digestFiles computes, in the zip comment', async () => {
    const ws = makeWorkspace(
      {
        'a.txt': 'a'.repeat(1000),
        // Above the probe size: read in chunks with a dictionary overlap.
        'big.txt': 'line of text\n'.repeat(200_000),
        'bin/run': '#!/bin/sh\n'
      },
      ['bin/run']
    )
    symlinkSync('a.txt', join(ws, 'link'))
    for (const mode of ['follow', 'preserve'] as const) {
      const entries = await entriesOf(ws, mode)
      const out = join(tmpdir(), `fp-${mode}-${process.pid}.zip`)
      const archive = await writeZip(entries, out)
      const zip = readFileSync(out)
      expect(archive.filesSha256).toBe(digestFiles(entries))
      expect(fingerprintOf(zip)).toBe(archive.filesSha256)
      // Only the tail is needed.
      expect(
        fingerprintOf(zip.subarray(zip.length - FINGERPRINT_TAIL_BYTES))
      ).toBe(archive.filesSha256)
      expect(zip.subarray(zip.length - 93).toString('latin1')).toBe(
        fingerprintComment(archive.filesSha256 ?? '')
      )
    }
    // Following a link and preserving it are different archives.
    expect(digestFiles(await entriesOf(ws, 'follow'))).not.toBe(
      digestFiles(await entriesOf(ws, 'preserve'))
    )
  })

  it('changes with a byte, a mode, a name, the prefix or the level; not with an mtime', async () => {
    const ws = makeWorkspace({ 'a.txt': 'hello', 'b.txt': 'world' })
    const base = digestFiles(await entriesOf(ws, 'follow'))
    expect(digestFiles(await entriesOf(ws, 'follow'))).toBe(base)
    expect(digestFiles(await entriesOf(ws, 'follow'), 9)).not.toBe(base)
    const entries = await entriesOf(ws, 'follow')
    expect(digestFiles(entries.map((e) => ({ ...e, mode: 0o755 })))).not.toBe(
      base
    )
    expect(
      digestFiles(entries.map((e) => ({ ...e, name: `x/${e.name}` })))
    ).not.toBe(base)
    writeFileSync(join(ws, 'a.txt'), 'hellO')
    expect(digestFiles(await entriesOf(ws, 'follow'))).not.toBe(base)
  })

  it('fails when a file changed size since it was selected', async () => {
    const ws = makeWorkspace({ 'a.txt': 'hello' })
    const entries = await entriesOf(ws, 'follow')
    writeFileSync(join(ws, 'a.txt'), 'hello, world')
    expect(() => digestFiles(entries)).toThrow(/changed size/)
  })

  it('reads only a comment of its own format at the very end of the archive', () => {
    const hex = 'ab'.repeat(32)
    const eocd = (comment: string) => {
      const c = Buffer.from(comment, 'latin1')
      const b = Buffer.alloc(22)
      b.writeUInt32LE(0x06054b50, 0)
      b.writeUInt16LE(c.length, 20)
      return Buffer.concat([Buffer.from('PK\x03\x04 data'), b, c])
    }
    expect(fingerprintOf(eocd(fingerprintComment(hex)))).toBe(hex)
    expect(fingerprintOf(eocd(''))).toBeUndefined()
    expect(fingerprintOf(eocd('made by someone else'))).toBeUndefined()
    expect(
      fingerprintOf(eocd(`publish-layer/${ZIP_FORMAT + 1} files-sha256=${hex}`))
    ).toBeUndefined()
    // A comment length that does not reach the end is not an end record.
    const trailing = Buffer.concat([
      eocd(fingerprintComment(hex)),
      Buffer.from('x')
    ])
    expect(fingerprintOf(trailing)).toBeUndefined()
    // A tail that cut the record off.
    expect(
      fingerprintOf(eocd(fingerprintComment(hex)).subarray(-50))
    ).toBeUndefined()
  })
})

describe('httpTailFetcher', () => {
  let server: Server
  let base = ''
  const archive = Buffer.from('0123456789'.repeat(100))
  beforeAll(async () => {
    server = createServer((req, res) => {
      const range = /bytes=-(\d+)/.exec(req.headers.range ?? '')
      if (req.url === '/ranged' && range) {
        const n = Number(range[1])
        const start = archive.length - n
        res.writeHead(206, {
          'content-range': `bytes ${start}-${archive.length - 1}/${archive.length}`
        })
        res.end(archive.subarray(start))
      } else if (req.url === '/whole') {
        res.writeHead(200, { 'content-length': String(archive.length) })
        res.end(archive)
      } else if (req.url === '/huge') {
        res.writeHead(200, { 'content-length': String(64 * 1024 * 1024) })
        res.write(Buffer.alloc(1024))
        // Never finished: the fetcher must not wait for it.
      } else if (req.url === '/lying') {
        res.writeHead(206, { 'content-range': 'bytes 0-9/1000' })
        res.end('short')
      } else {
        res.writeHead(403)
        res.end('<Error><Code>AccessDenied</Code></Error>')
      }
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => {
    server.closeAllConnections()
    server.close()
  })

  it('gets the tail and the whole size from a ranged answer', async () => {
    const got = await httpTailFetcher(5000)(`${base}/ranged`, 30)
    expect(got?.totalSize).toBe(1000)
    expect(Buffer.from(got!.bytes)).toEqual(archive.subarray(970))
  })
  it('takes the end of a small whole answer from a server that ignores Range', async () => {
    const got = await httpTailFetcher(5000)(`${base}/whole`, 30)
    expect(got?.totalSize).toBe(1000)
    expect(Buffer.from(got!.bytes)).toEqual(archive.subarray(970))
  })
  it('gives up on a large whole answer, a wrong Content-Range or an error status', async () => {
    const fetchTail = httpTailFetcher(5000)
    expect(await fetchTail(`${base}/huge`, 30)).toBeUndefined()
    expect(await fetchTail(`${base}/lying`, 30)).toBeUndefined()
    expect(await fetchTail(`${base}/denied`, 30)).toBeUndefined()
  })
})

/** The archive known before packaging, if any. */
async function findBuiltArchive(
  providers: LayerProvider[],
  plan: PublishPlan,
  filesSha256: () => string,
  fetchTail: TailFetcher,
  log: Logger
) {
  const settings = { ...plan.settings, layerName: plan.layerId }
  const check = await checkBeforePackaging(
    providers,
    plan.layerId,
    settings,
    filesSha256,
    fetchTail,
    log
  )
  return check.known
}

describe('the skip check before packaging', () => {
  const plan: PublishPlan = {
    provider: 'aws',
    layerId: 'deps',
    layerName: 'deps',
    settings: {
      layerName: 'deps',
      compatibleRuntimes: ['python3.13'],
      compatibleArchitectures: [],
      description: 'd',
      licenseInfo: '',
      tags: {}
    },
    objectPrefix: 'p/',
    upload: 'auto',
    deleteObject: false,
    skipUnchanged: true,
    dryRun: false,
    shareWith: [],
    keepVersions: 0,
    maxAttempts: 1,
    functions: { targets: [], publishVersion: false, waitTimeoutSeconds: 300 }
  }
  const FP = 'f'.repeat(64)
  const SHA = 'a'.repeat(64)

  function region(
    name: string,
    opts: {
      fp?: string
      sha?: string
      description?: string
      url?: boolean
    } = {}
  ) {
    const p = new FakeProvider(name)
    p.versions.push({
      version: 1,
      codeSha256: '',
      sha256Hex: opts.sha ?? SHA,
      compatibleRuntimes: ['python3.13'],
      compatibleArchitectures: [],
      description: opts.description ?? 'd',
      licenseInfo: '',
      ...(opts.url !== false && { contentUrl: `https://x/${name}` })
    })
    return { p, fp: opts.fp ?? FP }
  }
  const tails =
    (regions: Array<{ p: FakeProvider; fp: string }>): TailFetcher =>
    async (url) => {
      const r = regions.find((x) => url.endsWith(`/${x.p.region}`))
      const comment = Buffer.from(fingerprintComment(r!.fp), 'latin1')
      const end = Buffer.alloc(22)
      end.writeUInt32LE(0x06054b50, 0)
      end.writeUInt16LE(comment.length, 20)
      return { bytes: Buffer.concat([end, comment]), totalSize: 4242 }
    }

  it('knows the archive when every region has these settings and these files', async () => {
    const rs = [region('us-east-1'), region('eu-west-1')]
    let hashed = 0
    const known = await findBuiltArchive(
      rs.map((r) => r.p),
      plan,
      () => (hashed++, FP),
      tails(rs),
      quiet
    )
    expect(known).toEqual({ sha256: SHA, size: 4242 })
    expect(hashed).toBe(1)
  })

  it('does not know it when the files, a region, the settings or the URL differ', async () => {
    const cases: Array<Array<ReturnType<typeof region>>> = [
      [region('us-east-1', { fp: 'e'.repeat(64) })],
      [region('us-east-1'), region('eu-west-1', { sha: 'b'.repeat(64) })],
      [region('us-east-1'), region('eu-west-1', { fp: 'e'.repeat(64) })],
      [region('us-east-1', { description: 'other' })],
      [region('us-east-1', { url: false })]
    ]
    for (const rs of cases) {
      expect(
        await findBuiltArchive(
          rs.map((r) => r.p),
          plan,
          () => FP,
          tails(rs),
          quiet
        )
      ).toBeUndefined()
    }
  })

  it('hashes nothing when a region has no candidate, and never throws', async () => {
    const empty = new FakeProvider('us-east-1')
    let hashed = 0
    const count = () => (hashed++, FP)
    const rs = [region('eu-west-1')]
    expect(
      await findBuiltArchive([empty, rs[0]!.p], plan, count, tails(rs), quiet)
    ).toBeUndefined()
    expect(hashed).toBe(0)
    const failing = async () => {
      throw new Error('socket hang up')
    }
    expect(
      await findBuiltArchive([rs[0]!.p], plan, count, failing, quiet)
    ).toBeUndefined()
    const listing = region('us-east-1')
    listing.p.failOn.set('listVersions', new Error('AccessDenied'))
    expect(
      await findBuiltArchive([listing.p], plan, count, tails([listing]), quiet)
    ).toBeUndefined()
  })

  it('hands its reads to the region run once, failures included', async () => {
    const { p } = region('us-east-1')
    const r = new FirstReads(p, 'deps', await readNewest(p, 'deps'))
    await r.list()
    await r.get(1)
    expect(p.calls).toEqual(['listVersions', 'getVersion'])
    // Later reads are fresh.
    await r.list()
    expect(p.calls).toEqual(['listVersions', 'getVersion', 'listVersions'])

    const flaky = new FakeProvider('eu-west-1')
    flaky.failOn.set('listVersions', new Error('throttled for good'))
    const f = new FirstReads(flaky, 'deps', await readNewest(flaky, 'deps'))
    flaky.failOn.delete('listVersions')
    // The failure comes back once, without asking again ...
    await expect(f.list()).rejects.toThrow('throttled')
    expect(flaky.calls).toEqual(['listVersions'])
    // ... then the provider is asked.
    await expect(f.list()).resolves.toEqual([])
    expect(flaky.calls).toEqual(['listVersions', 'listVersions'])
  })
})
