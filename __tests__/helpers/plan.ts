/** A publish plan and an archive on disk for policy tests, without the boilerplate. */
import { createHash } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ArchiveInfo } from '../../src/package/types.js'
import type { PublishPlan } from '../../src/publish/plan.js'

export function testPlan(overrides: Partial<PublishPlan> = {}): PublishPlan {
  return {
    provider: 'aws',
    layerId: 'lyr',
    layerName: 'lyr',
    settings: {
      layerName: 'lyr',
      compatibleRuntimes: ['python3.12'],
      compatibleArchitectures: [],
      description: '',
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
    maxAttempts: 2,
    functions: { targets: [], publishVersion: false, waitTimeoutSeconds: 300 },
    sleep: async () => {},
    ...overrides
  }
}

/** `bytes` written to a temporary zip path, described as packaging would. */
export function archiveOf(bytes: Buffer | string): ArchiveInfo {
  const data = Buffer.from(bytes)
  const path = join(mkdtempSync(join(tmpdir(), 'pl-archive-')), 'a.zip')
  writeFileSync(path, data)
  return {
    path,
    size: data.length,
    sha256: createHash('sha256').update(data).digest('hex'),
    unzippedSize: data.length,
    entryCount: 1,
    names: ['python/a.py']
  }
}

export const quietLog = { info: () => {}, warning: () => {}, debug: () => {} }
