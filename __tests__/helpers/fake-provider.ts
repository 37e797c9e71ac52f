/** An in-memory LayerProvider for policy tests: records every call. */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type {
  LayerContent,
  LayerProvider,
  LayerSettings,
  LayerVersion,
  LayerVersionSummary,
  ObjectLocation,
  Progress,
  ProviderId
} from '../../src/providers/types.js'

export class FakeProvider implements LayerProvider {
  readonly calls: string[] = []
  readonly versions: LayerVersion[] = []
  readonly objects = new Map<string, Buffer>()
  failOn = new Map<string, Error>()

  constructor(
    readonly region: string,
    readonly id: ProviderId = 'aws',
    readonly maxInlineBytes = 1024,
    readonly maxUnzippedBytes = 1_000_000
  ) {}

  private hit(op: string): void {
    this.calls.push(op)
    const err = this.failOn.get(op)
    if (err) throw err
  }

  async uploadArchive(
    path: string,
    target: ObjectLocation,
    onProgress?: Progress
  ): Promise<ObjectLocation> {
    this.hit('uploadArchive')
    const bytes = readFileSync(path)
    onProgress?.(bytes.length / 2, bytes.length)
    onProgress?.(bytes.length, bytes.length)
    this.objects.set(`${target.bucket}/${target.key}`, bytes)
    return target
  }
  async deleteObject(location: ObjectLocation): Promise<void> {
    this.hit('deleteObject')
    this.objects.delete(`${location.bucket}/${location.key}`)
  }
  async publishLayer(
    settings: LayerSettings,
    content: LayerContent
  ): Promise<LayerVersion> {
    this.hit('publishLayer')
    const bytes =
      content.kind === 'inline'
        ? Buffer.from(content.zip)
        : this.objects.get(`${content.location.bucket}/${content.location.key}`)
    if (!bytes) throw new Error('no such object')
    const hex = createHash('sha256').update(bytes).digest('hex')
    const version = this.versions.length + 1
    const v: LayerVersion = {
      version,
      layerArn: `arn:fake:${this.region}:${settings.layerName}`,
      layerVersionArn: `arn:fake:${this.region}:${settings.layerName}:${version}`,
      codeSha256:
        this.id === 'aws' ? Buffer.from(hex, 'hex').toString('base64') : hex,
      sha256Hex: hex,
      codeSize: bytes.length,
      compatibleRuntimes: settings.compatibleRuntimes,
      compatibleArchitectures: settings.compatibleArchitectures,
      description: settings.description,
      licenseInfo: settings.licenseInfo
    }
    this.versions.push(v)
    return v
  }
  async listVersions(): Promise<LayerVersionSummary[]> {
    this.hit('listVersions')
    return this.versions
      .map((v) => ({ version: v.version, description: v.description }))
      .sort((a, b) => b.version - a.version)
  }
  async getVersion(_name: string, version: number): Promise<LayerVersion> {
    this.hit('getVersion')
    const v = this.versions.find((x) => x.version === version)
    if (!v) throw new Error('not found')
    return v
  }
  readonly statements = new Map<string, string>()
  async addPermission(
    _name: string,
    version: number,
    statementId: string,
    principal: string,
    organizationId?: string
  ): Promise<boolean> {
    this.hit('addPermission')
    const key = `${version}/${statementId}`
    if (this.statements.has(key)) return false
    this.statements.set(
      key,
      organizationId ? `${principal}+${organizationId}` : principal
    )
    return true
  }
  async deleteVersion(_name: string, version: number): Promise<void> {
    this.hit('deleteVersion')
    const i = this.versions.findIndex((x) => x.version === version)
    if (i >= 0) this.versions.splice(i, 1)
  }
}
