/**
 * AWS_PROFILE naming a profile that does not exist: the SDK only says it
 * could not load credentials from any provider. When credentials fail,
 * this looks in the shared files so the error can name the profile.
 */
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { AwsLikeError } from './errors.js'

export interface MissingProfile {
  profile: string
  /** The shared config and credentials files looked in, as the SDK finds them. */
  files: [string, string]
}

type Env = Record<string, string | undefined>

/** Profile names an INI file defines: `[name]`, or `[profile name]` in config. */
export function profileNames(text: string, isConfig: boolean): Set<string> {
  const names = new Set<string>()
  for (const line of text.split(/\r?\n/)) {
    const section = /^\s*\[\s*([^\]]*?)\s*\]/.exec(line)?.[1]
    if (section === undefined) continue
    const words = section.split(/\s+/)
    if (!isConfig || section === 'default') names.add(section)
    else if (words[0] === 'profile' && words.length === 2 && words[1]) {
      names.add(words[1])
    }
  }
  return names
}

/**
 * The profile AWS_PROFILE names, when neither shared file defines it;
 * undefined when AWS_PROFILE is unset or the profile exists.
 */
export function missingProfile(
  env: Env = process.env,
  read: (path: string) => string = (path) => readFileSync(path, 'utf8'),
  home: string = homedir()
): MissingProfile | undefined {
  const profile = env.AWS_PROFILE?.trim()
  if (!profile) return undefined
  const config = env.AWS_CONFIG_FILE || join(home, '.aws', 'config')
  const credentials =
    env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials')
  const defined = (path: string, isConfig: boolean) => {
    try {
      return profileNames(read(path), isConfig).has(profile)
    } catch {
      return false
    }
  }
  if (defined(config, true) || defined(credentials, false)) return undefined
  return { profile, files: [config, credentials] }
}

/**
 * Client middleware: a credentials failure gets `$profile` when AWS_PROFILE
 * names a missing profile, for the error table to say so.
 */
export function profileMiddleware(find: () => MissingProfile | undefined) {
  return <A, R>(next: (args: A) => Promise<R>) =>
    async (args: A): Promise<R> => {
      try {
        return await next(args)
      } catch (error) {
        const e = error as AwsLikeError | null
        if (
          e?.name === 'CredentialsProviderError' &&
          e.$profile === undefined
        ) {
          e.$profile = find() ?? null
        }
        throw error
      }
    }
}
