/**
 * The job summary as a person sees it: rendered from GFM with GitHub's own
 * Markdown stylesheet (marked + github-markdown-css) in headless Chromium,
 * in a pane 1012 px wide, the width of GitHub's summary pane. Everything is
 * asserted from the laid-out page, with every <details> opened: no table,
 * code block or other element wider than the pane, every ARN (Tencent:
 * `name:version`) on one line and fully visible, no empty header cell, the
 * headline right under the title.
 *
 * It also photographs the four-region run. With UPDATE_SUMMARY_PICTURE=1
 * the picture goes to docs/summary-example.png (the one the README shows:
 * commit it); otherwise to a temporary directory, so a CI run never
 * changes the tree.
 *
 * Needs Chromium: Debian's `chromium` (.ci/run installs it), or the binary
 * named by CHROMIUM_PATH.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { marked } from 'marked'
import { chromium, type BrowserContext } from 'playwright-core'
import { buildSummary, providerSha } from '../src/summary/index.js'
import type { OutputContext, SummaryExtras } from '../src/summary/index.js'
import type { RegionResult } from '../src/publish/plan.js'
import type { ArchiveInfo } from '../src/package/types.js'
import { ROOT } from './helpers/action.js'

const PANE = 1012
const SCALE = 2
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const PICTURE = join(ROOT, 'docs', 'summary-example.png')
const CSS = readFileSync(
  join(ROOT, 'node_modules/github-markdown-css/github-markdown-light.css'),
  'utf8'
)

const SHA = '3f5a0c9be41d7e26a8b4f0d1c2e3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5'
const ACCOUNT = '123456789012'
/** The longest name either provider accepts for SCF (64), a long one for Lambda. */
const LONG_NAME =
  'platform-shared-python-dependencies-for-data-pipelines-and-apis-v'
const TWENTY_REGIONS = [
  ...['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'af-south-1'],
  ...['ap-east-1', 'ap-south-1', 'ap-south-2', 'ap-southeast-1'],
  ...['ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-northeast-1'],
  ...['ap-northeast-2', 'ap-northeast-3', 'ca-central-1', 'eu-central-1'],
  ...['eu-central-2', 'eu-west-1', 'eu-west-2']
]

function archive(size: number, unzipped: number): ArchiveInfo {
  const path = '/home/runner/work/_temp/publish-layer/layer.zip'
  return {
    path,
    size,
    sha256: SHA,
    unzippedSize: unzipped,
    entryCount: 4_817,
    names: []
  }
}

function result(
  provider: 'aws' | 'tencent',
  region: string,
  layerName: string,
  version: number | null,
  rest: Partial<RegionResult> = {}
): RegionResult {
  const layerArn =
    provider === 'aws'
      ? `arn:aws:lambda:${region}:${ACCOUNT}:layer:${layerName}`
      : ''
  const bucket =
    provider === 'aws' ? `my-layers-${region}` : 'my-layers-1250000000'
  return {
    region,
    layerName,
    version,
    layerArn,
    layerVersionArn:
      layerArn && version != null ? `${layerArn}:${version}` : '',
    published: true,
    codeSha256: provider === 'aws' ? providerSha('aws', SHA) : SHA,
    storage: `${bucket}/publish-layer/${layerName}/${SHA}.zip`,
    status: 'published',
    error: '',
    deletedVersions: [],
    sharedWith: [],
    functions: [],
    keptInUse: [],
    ...rest
  }
}

const unchanged = {
  published: false,
  status: 'unchanged',
  storage: ''
} as const
function failed(error: string): Partial<RegionResult> {
  return {
    published: false,
    status: 'failed',
    storage: '',
    error,
    layerVersionArn: ''
  }
}
const DENIED =
  'lambda:PublishLayerVersion failed: AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/deploy/GitHubActions is not authorized to perform: lambda:PublishLayerVersion on resource: arn:aws:lambda:eu-central-1:123456789012:layer:shared-deps because no identity-based policy allows the lambda:PublishLayerVersion action'

const FOUR_EXTRAS: SummaryExtras = {
  warnings: [
    'python3.9 is deprecated since 2025-12-15: AWS may refuse new functions on it from 2026-06-01'
  ],
  size: {
    largest: [
      { path: 'python/botocore', bytes: 84_301_824 },
      { path: 'python/numpy', bytes: 38_797_312 },
      { path: 'python/numpy.libs', bytes: 31_457_280 }
    ],
    duplicates: [
      {
        name: 'urllib3',
        paths: ['python/urllib3', 'python/pip/_vendor/urllib3'],
        bytes: 1_048_576
      }
    ],
    limitShare: 0.64,
    limitBytes: 262_144_000
  }
}

interface Run {
  title: string
  archive: ArchiveInfo
  results: RegionResult[]
  ctx: OutputContext
  extras?: SummaryExtras
  headline: string
}

const ctx = (
  provider: 'aws' | 'tencent',
  layerName: string,
  dryRun = false
): OutputContext => ({
  provider,
  layerName,
  dryRun,
  runUrl: 'https://github.com/OWNER/REPO/actions/runs/1234567890',
  commit: '9fceb02d0ae598e95dc970b74767f19372d61af8'
})

const RUNS: Run[] = [
  {
    title: 'one region',
    archive: archive(2_310_144, 7_340_032),
    results: [
      result('aws', 'us-east-1', 'shared-deps', 1, { storage: 'inline' })
    ],
    ctx: ctx('aws', 'shared-deps'),
    headline: 'Published version 1 to 1 region.'
  },
  {
    title: 'four regions, one unchanged, one failed',
    archive: archive(57_349_120, 168_034_304),
    results: [
      result('aws', 'us-east-1', 'shared-deps', 14, {
        sharedWith: ['o-a1b2c3d4e5'],
        deletedVersions: [9],
        keptInUse: [{ version: 10, functions: ['reports-cron:7'] }],
        functions: [
          {
            name: 'orders-api',
            from: 13,
            to: 14,
            status: 'updated',
            version: '42',
            alias: 'live'
          },
          { name: 'billing-worker', from: 13, to: 14, status: 'updated' }
        ]
      }),
      result('aws', 'eu-west-1', 'shared-deps', 14, {
        sharedWith: ['o-a1b2c3d4e5'],
        functions: [
          { name: 'orders-api', from: 14, to: 14, status: 'up to date' }
        ]
      }),
      result('aws', 'ap-southeast-2', 'shared-deps', 11, unchanged),
      result('aws', 'eu-central-1', 'shared-deps', null, failed(DENIED))
    ],
    ctx: ctx('aws', 'shared-deps'),
    extras: FOUR_EXTRAS,
    headline:
      'Published version 14 to 2 regions; 1 unchanged; 1 failed; 1 warning.'
  },
  {
    title: 'twenty regions and a 64-character name',
    archive: archive(57_349_120, 168_034_304),
    results: TWENTY_REGIONS.map((r, i) =>
      i % 7 === 3
        ? result('aws', r, LONG_NAME, 117, unchanged)
        : result('aws', r, LONG_NAME, 118)
    ),
    ctx: ctx('aws', LONG_NAME),
    extras: {
      functions: Object.fromEntries(
        TWENTY_REGIONS.map((r) => [
          r,
          [
            {
              name: `arn:aws:lambda:${r}:${ACCOUNT}:function:${LONG_NAME}`,
              from: 117,
              to: 118,
              status: 'updated'
            }
          ]
        ])
      )
    },
    headline: 'Published version 118 to 17 regions; 3 unchanged.'
  },
  {
    title: 'Tencent, 64-character name, one failed',
    archive: archive(7_340_032, 20_971_520),
    results: [
      result('tencent', 'ap-guangzhou', LONG_NAME, 118),
      result('tencent', 'ap-shanghai', LONG_NAME, 118),
      result('tencent', 'ap-singapore', LONG_NAME, null, {
        ...failed(
          'scf:PublishLayerVersion failed: InvalidParameterValue.LayerName: the layer name is taken'
        ),
        layerArn: ''
      })
    ],
    ctx: ctx('tencent', LONG_NAME),
    headline: 'Published version 118 to 2 regions; 1 failed.'
  },
  {
    title: 'dry run',
    archive: archive(2_310_144, 7_340_032),
    results: ['us-east-1', 'eu-west-1', 'ap-southeast-2'].map((r) =>
      result('aws', r, 'shared-deps', null, {
        status: 'planned',
        published: false,
        layerVersionArn: ''
      })
    ),
    ctx: ctx('aws', 'shared-deps', true),
    headline: 'Would publish a new version to 3 regions.'
  }
]

/** The pane: the article is exactly PANE wide; the frame is only for the picture. */
function page(markdown: string): string {
  const body = marked.parse(markdown, { gfm: true, async: false })
  return `<!doctype html><html><head><meta charset="utf-8"><style>${CSS}
body { margin: 0; background: #fff; }
.frame { display: inline-block; padding: 16px 24px; border: 1px solid #d1d9e0; border-radius: 6px; margin: 8px; }
.markdown-body { box-sizing: border-box; width: ${PANE}px; padding: 0; }
</style></head><body><div class="frame"><article class="markdown-body">${body}</article></div></body></html>`
}

/**
 * Runs in the page. Plain JavaScript in a string: the tests' TypeScript
 * has no DOM types, and this way nothing is transpiled on the way in.
 */
const MEASURE = `(() => {
  for (const d of document.querySelectorAll('details')) d.open = true
  const pane = document.querySelector('article').getBoundingClientRect()
  const tooWide = [...document.querySelectorAll('article *')]
    .filter((el) => el.getBoundingClientRect().right > pane.right + 0.5 ||
      el.getBoundingClientRect().left < pane.left - 0.5)
    .map((el) => el.tagName + ': ' + el.textContent.slice(0, 60))
  const scrolling = [...document.querySelectorAll('table, pre')]
    .filter((el) => el.scrollWidth > el.clientWidth)
    .map((el) => el.tagName + ': ' + el.textContent.slice(0, 60))
  const ids = []
  const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT)
  const pattern = new RegExp(window.ID_PATTERN, 'g')
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const m of node.data.matchAll(pattern)) {
      const range = document.createRange()
      range.setStart(node, m.index)
      range.setEnd(node, m.index + m[0].length)
      const rects = [...range.getClientRects()].filter((r) => r.width > 0)
      const box = node.parentElement.closest('pre, td, li, p').getBoundingClientRect()
      ids.push({
        id: m[0],
        lines: new Set(rects.map((r) => Math.round(r.top))).size,
        visible: rects.every((r) => r.right <= Math.min(box.right, pane.right) + 0.5)
      })
    }
  }
  const title = document.querySelector('article > h3')
  return {
    tooWide,
    scrolling,
    paneWidth: pane.width,
    ids,
    emptyHeaders: [...document.querySelectorAll('th')].filter((th) => th.textContent.trim() === '').length,
    title: title ? title.textContent : '',
    headline: title && title.nextElementSibling ? title.nextElementSibling.textContent : '',
    headlineIsBold: !!(title && title.nextElementSibling && title.nextElementSibling.querySelector('strong')),
    sections: [...document.querySelectorAll('details > summary')].map((s) => s.textContent)
  }
})()`

interface Measured {
  tooWide: string[]
  scrolling: string[]
  paneWidth: number
  ids: { id: string; lines: number; visible: boolean }[]
  emptyHeaders: number
  title: string
  headline: string
  headlineIsBold: boolean
  sections: string[]
}

/** What a reader copies: an ARN on AWS, `name:version` on Tencent. */
function idPattern(run: Run): string {
  return run.ctx.provider === 'aws'
    ? 'arn:aws:lambda:[a-z0-9-]+:\\d{12}:layer:[A-Za-z0-9_-]+:\\d+'
    : `${run.ctx.layerName}:\\d+`
}

function expectedIds(run: Run): string[] {
  return run.results
    .filter((r) => r.version != null)
    .map((r) => r.layerVersionArn || `${r.layerName}:${r.version}`)
}

describe('the job summary in a browser, 1012 px wide', () => {
  let browser: BrowserContext
  const profile = mkdtempSync(join(tmpdir(), 'summary-chromium-'))

  beforeAll(async () => {
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: PANE + 80, height: 900 },
      deviceScaleFactor: SCALE,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync'
      ]
    })
  })
  afterAll(async () => {
    await browser?.close()
    rmSync(profile, { recursive: true, force: true })
  })

  async function render(run: Run): Promise<Measured> {
    const tab = await browser.newPage()
    try {
      await tab.setContent(
        page(buildSummary(run.archive, run.results, run.ctx, run.extras))
      )
      await tab.evaluate(
        `window.ID_PATTERN = ${JSON.stringify(idPattern(run))}`
      )
      return (await tab.evaluate(MEASURE)) as Measured
    } finally {
      await tab.close()
    }
  }

  it.each(RUNS)(
    '$title: fits the pane, ids on one line, headline first',
    async (run) => {
      const m = await render(run)
      expect(m.tooWide, 'elements past the pane edge').toEqual([])
      expect(m.scrolling, 'tables or code blocks that scroll sideways').toEqual(
        []
      )
      expect(m.paneWidth).toBe(PANE)
      expect(m.emptyHeaders, 'empty table header cells').toBe(0)
      expect(m.title).toContain(run.ctx.layerName)
      expect(m.headline).toBe(run.headline)
      expect(m.headlineIsBold).toBe(true)
      const want = expectedIds(run)
      expect([...new Set(m.ids.map((i) => i.id))].sort()).toEqual(
        [...new Set(want)].sort()
      )
      for (const i of m.ids) {
        expect(i, `${i.id} is split or cut off`).toMatchObject({
          lines: 1,
          visible: true
        })
      }
    }
  )

  it('lays the collapsed sections out in a fixed order', async () => {
    const m = await render(RUNS[1]!)
    expect(m.sections.map((s) => s.split(/[:(]/)[0]!.trim())).toEqual([
      'Functions moved',
      'Warnings',
      'Size',
      'Storage',
      'Archive'
    ])
  })

  it('photographs the four-region run for the README', async () => {
    const run = RUNS[1]!
    const update = process.env.UPDATE_SUMMARY_PICTURE === '1'
    const out = update ? PICTURE : join(profile, 'summary-example.png')
    const tab = await browser.newPage()
    try {
      await tab.setContent(
        page(buildSummary(run.archive, run.results, run.ctx, run.extras))
      )
      await tab.locator('.frame').screenshot({ path: out })
    } finally {
      await tab.close()
    }
    const png = readFileSync(out)
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
    expect(png.readUInt32BE(16), 'picture width').toBe(
      (PANE + 2 * 24 + 2) * SCALE
    )
  })
})
