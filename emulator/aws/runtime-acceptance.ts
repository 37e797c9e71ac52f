/**
 * Which runtime ids Lambda accepts, as the real service answers, kept apart
 * from the action's own table (src/checks/aws-runtimes.ts) so the emulator
 * can disagree with the action the way AWS does.
 *
 * Source: requests to real AWS recorded 2026-01-12 in localstack
 * `tests/aws/services/lambda_/test_lambda_api.snapshot.json`:
 * `publish_layer_version_exc_*` (PublishLayerVersion, 25 values) and
 * `test_layer_exceptions` (ListLayers' CompatibleRuntime filter, 56 values,
 * deprecated and never-released ids included). Order as AWS listed them.
 */

const words = (...lines: string[]): readonly string[] =>
  lines.join(' ').split(' ')

/** CompatibleRuntimes PublishLayerVersion accepted on 2026-01-12. */
export const PUBLISH_LAYER_RUNTIMES = words(
  'nodejs20.x python3.14 provided.al2023 python3.12 python3.13 nodejs24.x',
  'nodejs22.x java25 python3.10 python3.11 java21 ruby3.3 ruby3.4 ruby3.2',
  'python3.8 python3.9 java17 nodejs16.x dotnet10 dotnet8 java11 dotnet6',
  'nodejs18.x provided.al2 java8.al2'
)

/** CompatibleRuntime values the ListLayers / ListLayerVersions filter accepted. */
export const LIST_FILTER_RUNTIMES = words(
  'ruby3.5 ruby2.6 dotnetcore1.0 python3.7 nodejs8.10 nasa ruby2.7',
  'python2.7-greengrass dotnetcore2.0 python3.8 java21 dotnet6 dotnetcore2.1',
  'python3.9 java11 nodejs6.10 provided dotnetcore3.1 dotnet8 java25 java17',
  'nodejs nodejs4.3 java8.al2 go1.x dotnet10 nodejs20.x go1.9 byol',
  'nodejs10.x provided.al2023 nodejs22.x python3.10 java8 nodejs12.x',
  'python3.11 nodejs24.x nodejs8.x python3.12 nodejs14.x nodejs8.9',
  'nodejs26.x python3.13 python3.14 nodejs16.x python3.15 provided.al2',
  'nodejs4.3-edge nodejs18.x ruby3.2 python3.4 ruby3.3 ruby3.4 ruby2.5',
  'python3.6 python2.7'
)

/**
 * The constraint AWS states when any of `given` is outside `accepted`, to
 * follow "Value '[...]' at 'compatibleRuntimes' failed to satisfy
 * constraint: "; undefined when every value is accepted. One refused value
 * fails the whole request.
 */
export function runtimeConstraint(
  given: readonly string[],
  accepted: readonly string[]
): string | undefined {
  const allowed = new Set(accepted)
  if (given.every((runtime) => allowed.has(runtime))) return undefined
  return `Member must satisfy enum value set: [${accepted.join(', ')}]`
}
