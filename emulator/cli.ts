/**
 * `npm run emulator`: start the emulators and print one JSON line with the
 * endpoints and test credentials. Ports: --aws-port, --tencent-port,
 * --tencent-storage-port (or EMULATOR_AWS_PORT, ...); default free ports.
 */
import { startEmulators } from './index.js'

function option(name: string, env: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`)
  const raw = i >= 0 ? process.argv[i + 1] : process.env[env]
  if (raw === undefined || raw === '') return undefined
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`--${name} must be a port number, got ${raw}`)
    process.exit(2)
  }
  return n
}

const running = await startEmulators({
  ...(option('aws-port', 'EMULATOR_AWS_PORT') !== undefined && {
    awsPort: option('aws-port', 'EMULATOR_AWS_PORT')!
  }),
  ...(option('tencent-port', 'EMULATOR_TENCENT_PORT') !== undefined && {
    tencentPort: option('tencent-port', 'EMULATOR_TENCENT_PORT')!
  }),
  ...(option('tencent-storage-port', 'EMULATOR_TENCENT_STORAGE_PORT') !==
    undefined && {
    tencentStoragePort: option(
      'tencent-storage-port',
      'EMULATOR_TENCENT_STORAGE_PORT'
    )!
  })
})
process.stdout.write(JSON.stringify(running.info) + '\n')

const stop = () => {
  void running.close().then(() => process.exit(0))
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
