/**
 * Build-time stand-in for @actions/http-client (mapped in tsconfig.json
 * `paths`, which ncc honours for every import in the bundle).
 *
 * Why: @actions/core imports it, and with it undici (~0.9 MB), only for
 * `core.getIDToken()`, which this action never calls (AWS credentials come
 * from the SDK chain, e.g. configure-aws-credentials). Evaluating undici
 * tripled the start-up time of every run. Tests run against the real
 * package; only the bundle uses this.
 */
const unsupported = (): never => {
  throw new Error(
    'publish-layer does not request OIDC tokens itself; use aws-actions/configure-aws-credentials'
  )
}

export class HttpClient {
  constructor() {
    unsupported()
  }
}

export class BearerCredentialHandler {
  constructor() {
    unsupported()
  }
}
