/** An in-memory FunctionsApi: functions with layers, revisions and update states. */
import { ProviderError } from '../../src/errors.js'
import type {
  FunctionRef,
  FunctionState,
  FunctionsApi,
  LayerUse
} from '../../src/providers/functions.js'

interface FakeFunction {
  layers: LayerUse[]
  revision: number
  /** Reads left before an update in progress completes. */
  updatingReads: number
  failWith?: string
  versions: LayerUse[][]
  aliases: Map<string, string>
}

export class FakeFunctions implements FunctionsApi {
  readonly calls: string[] = []
  readonly fns = new Map<string, FakeFunction>()
  /** Reads an update stays in progress for. */
  updateReads = 1
  /** Called before each update: lets a test change the function meanwhile. */
  beforeUpdate?: (name: string) => void

  add(name: string, layers: LayerUse[]): void {
    this.fns.set(name, {
      layers,
      revision: 1,
      updatingReads: 0,
      versions: [],
      aliases: new Map()
    })
  }

  private fn(ref: FunctionRef): FakeFunction {
    const f = this.fns.get(ref.name)
    if (!f) {
      throw new ProviderError({
        provider: 'aws',
        operation: 'lambda:GetFunctionConfiguration',
        region: 'r',
        code: 'ResourceNotFoundException',
        message: `Function not found: ${ref.name}`,
        httpStatus: 404,
        kind: 'not-found'
      })
    }
    return f
  }

  async getFunction(ref: FunctionRef): Promise<FunctionState> {
    this.calls.push(`get ${ref.name}`)
    const f = this.fn(ref)
    const updating = f.updatingReads > 0
    if (updating) f.updatingReads--
    return {
      layers: f.layers.map((l) => ({ ...l })),
      state: updating ? 'updating' : f.failWith ? 'failed' : 'ready',
      ...(f.failWith !== undefined && { reason: f.failWith }),
      revisionId: String(f.revision)
    }
  }

  async updateLayers(
    ref: FunctionRef,
    layers: LayerUse[],
    revisionId?: string
  ): Promise<void> {
    this.beforeUpdate?.(ref.name)
    this.calls.push(`update ${ref.name}`)
    const f = this.fn(ref)
    if (revisionId !== undefined && revisionId !== String(f.revision)) {
      throw new ProviderError({
        provider: 'aws',
        operation: 'lambda:UpdateFunctionConfiguration',
        region: 'r',
        code: 'PreconditionFailedException',
        message:
          'The Revision Id provided does not match the latest Revision Id.',
        httpStatus: 412,
        kind: 'conflict'
      })
    }
    f.layers = layers.map((l) => ({ ...l }))
    f.revision++
    f.updatingReads = this.updateReads
  }

  async publishVersion(ref: FunctionRef): Promise<string> {
    this.calls.push(`publish ${ref.name}`)
    const f = this.fn(ref)
    const last = f.versions.at(-1)
    // Lambda publishes nothing new when nothing changed since the last version.
    if (!last || JSON.stringify(last) !== JSON.stringify(f.layers)) {
      f.versions.push(f.layers.map((l) => ({ ...l })))
    }
    return String(f.versions.length)
  }

  async pointAlias(ref: FunctionRef, alias: string, version: string) {
    this.calls.push(`alias ${ref.name} ${alias}=${version}`)
    this.fn(ref).aliases.set(alias, version)
  }

  async layerUsers(layer: string): Promise<Map<number, string[]>> {
    this.calls.push('layerUsers')
    const users = new Map<number, string[]>()
    const use = (v: number, who: string) =>
      users.set(v, [...(users.get(v) ?? []), who])
    for (const [name, f] of this.fns) {
      for (const l of f.layers) if (l.layer === layer) use(l.version, name)
      f.versions.forEach((layers, i) => {
        for (const l of layers)
          if (l.layer === layer) use(l.version, `${name}:${i + 1}`)
      })
    }
    return users
  }
}
