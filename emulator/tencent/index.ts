/**
 * The local Tencent Cloud emulator: SCF layer actions (API 3.0, TC3 signed)
 * on one endpoint and a COS XML subset on another, both through the shared
 * pipeline, sharing the hub's call log, faults and object store. State is
 * kept per region (`X-TC-Region`, or the region a COS request addresses).
 *
 * Settings (POST /_emulator/settings, read per request):
 * - `tencentActivationDelayMs` (300): how long a new version stays
 *   `Publishing` before `Active` (or `PublishFailed`);
 * - `tencentPublishOutcome` (`Active`): `PublishFailed` fails every new
 *   version, whatever its archive;
 * - `tencentMaxLayerVersions` (200), `tencentMaxLayers` (20): the quotas,
 *   lower them to reach `LimitExceeded.*` cheaply;
 * - `scfReadAfterWriteLagMs` (0): how long GetLayerVersion answers
 *   `ResourceNotFound.LayerVersion` for a version just published;
 * - `scfPublishConflict` (false): `true` refuses a publish with
 *   `ResourceInUse` while another version of the layer is Publishing;
 * - `scfDeleteDelayMs` (0): how long a deleted version stays `Deleting`;
 * - `scfUpdateDelayMs` (100): how long a function stays `Creating` or
 *   `Updating` before `Active`;
 * - `scfUpdateOutcome` (`Active`): `UpdateFailed` fails every function
 *   update (its layers are rolled back).
 * Any session token (`X-TC-Token`, `x-cos-security-token`) is accepted with
 * the test keys.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { archiveDownloads } from '../core/archive.js'
import type { Hub } from '../core/hub.js'
import { runPipeline } from '../core/pipeline.js'
import { cosProtocol } from './cos.js'
import { ScfState } from './scf.js'
import { scfProtocol } from './scf-protocol.js'

export const TENCENT_TEST = {
  region: 'ap-guangzhou',
  secretId: 'AKIDEMULATOR00000000000000000000TEST',
  secretKey: 'emulator-secret-key-do-not-use00',
  appId: '1250000000'
}

export { SCF_BODY_LIMIT, SCF_UNZIPPED_LIMIT } from './scf.js'

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>

export function createTencentHandlers(hub: Hub): {
  api: Handler
  storage: Handler
} {
  const scf = new ScfState()
  hub.onReset(() => scf.clear())
  hub.onState('scf', () => scf.snapshot())
  hub.onState('scfFunctions', () => scf.functions.snapshot())
  // Download URL handed back as GetLayerVersion's Location.
  hub.onRoute(
    'tencent/layer-content/',
    archiveDownloads(hub, 'scf', (region, name, version) => {
      const v = scf.archive(region, name, version)
      return v && scf.status(v) === 'Active'
        ? { total: v.zip.length, offset: 0, kept: v.zip }
        : undefined
    })
  )
  const api = scfProtocol(hub, scf, TENCENT_TEST)
  const storage = cosProtocol(hub, TENCENT_TEST)
  return {
    api: (req, res) => runPipeline(hub, api, req, res),
    storage: (req, res) => runPipeline(hub, storage, req, res)
  }
}
