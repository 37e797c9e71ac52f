/**
 * The one rule of moving a function: replace the version of this layer in
 * place, keep every other layer and their order. A function that does not
 * use the layer is an error, so a typo never adds a layer to a function.
 */
import type { LayerUse } from '../providers/functions.js'

export type LayerChange =
  | { kind: 'move'; from: number; layers: LayerUse[] }
  | { kind: 'current' }
  | { kind: 'absent' }

export function changeFor(layers: LayerUse[], target: LayerUse): LayerChange {
  const mine = layers.find((l) => l.layer === target.layer)
  if (!mine) return { kind: 'absent' }
  if (mine.version === target.version) return { kind: 'current' }
  return {
    kind: 'move',
    from: mine.version,
    layers: layers.map((l) => (l.layer === target.layer ? target : l))
  }
}
