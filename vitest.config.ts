import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts', 'emulator/**/*.test.ts'],
    // End-to-end tests spawn the bundled action and local emulators; give them room.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['__tests__/helpers/global-setup.ts'],
    server: {
      deps: {
        // It imports its JSON schemas without `with { type: 'json' }`, which
        // only a bundler accepts: let Vite transform it.
        inline: ['@actions/workflow-parser']
      }
    },
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' }
  }
})
