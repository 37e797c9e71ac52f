/**
 * What core modules may say while they work. main.ts backs it with
 * @actions/core; tests pass a recorder. Keeping modules off @actions/core
 * lets them run (and be tested) without a runner.
 */
export interface Logger {
  info(message: string): void
  warning(message: string): void
  debug(message: string): void
}

export const silentLogger: Logger = {
  info: () => {},
  warning: () => {},
  debug: () => {}
}
