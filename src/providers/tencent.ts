// Placeholder until the Tencent adapter lands (being written in parallel).
import type { LayerProvider } from './types.js'
export function createTencentProvider(
  _config: unknown,
  _log: unknown
): LayerProvider {
  throw new Error('provider tencent is not available yet')
}
