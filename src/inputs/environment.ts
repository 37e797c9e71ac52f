/**
 * Settings read from the environment rather than inputs: request timeouts,
 * which fault tests shorten. A bad value is an error, not a default.
 */

export interface Timeouts {
  requestTimeoutMs: number
  connectTimeoutMs: number
}

function envMs(env: NodeJS.ProcessEnv, name: string, def: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return def
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new Error(
      `Environment variable ${name} must be a positive whole number of milliseconds, got '${raw}'`
    )
  }
  return Number(raw)
}

export function readTimeouts(env: NodeJS.ProcessEnv): Timeouts {
  return {
    requestTimeoutMs: envMs(env, 'PUBLISH_LAYER_REQUEST_TIMEOUT_MS', 120_000),
    connectTimeoutMs: envMs(env, 'PUBLISH_LAYER_CONNECT_TIMEOUT_MS', 10_000)
  }
}
