import { InvalidArgumentError, type Command } from 'commander'
import type { Profile } from '../../src-shared/api/profiles'
import type { Resign } from '../../src-shared/api/replay'
import { SIGNING_SCHEMES } from '../../src-shared/signing-schemes'
import { describeScheme } from '../engine/signing'
import { callEngine, CliFailure, type EngineConnection } from './engine-connection'

export interface ResignFlags {
  resignProfile?: string
  resignScheme?: string
  resignSecret?: string
}

/** --resign-profile P | --resign-scheme S, with --resign-secret K: sign again (with a fresh timestamp where the scheme signs one). */
export function addResignFlags(command: Command): Command {
  return command
    .option('--resign-profile <id>', 're-sign as this provider profile (a fresh timestamp where its scheme signs one), e.g. stripe')
    .option('--resign-scheme <scheme>', `re-sign with this scheme: ${SIGNING_SCHEMES.join(', ')}`, (v: string) => {
      if (!(SIGNING_SCHEMES as readonly string[]).includes(v)) throw new InvalidArgumentError(`"${v}" is not a scheme: use ${SIGNING_SCHEMES.join(', ')}.`)
      return v
    })
    .option('--resign-secret <secret>', 'the secret to re-sign with (the receiving app’s webhook secret)')
}

export function resignFromFlags(f: ResignFlags): Resign | undefined {
  if (!f.resignProfile && !f.resignScheme && !f.resignSecret) return undefined
  if (!f.resignSecret) throw new CliFailure('Re-signing needs --resign-secret <secret> with --resign-profile or --resign-scheme.', 2)
  if (!f.resignProfile === !f.resignScheme) throw new CliFailure('Give one of --resign-profile <id> or --resign-scheme <scheme> with --resign-secret.', 2)
  return f.resignProfile ? { profileId: f.resignProfile, secret: f.resignSecret } : { scheme: f.resignScheme as Resign['scheme'], secret: f.resignSecret }
}

/** Whether re-signing as `resign` signs a timestamp: a profile's scheme is the engine's to tell (a user profile may be custom). */
export async function resignSignsTimestamp(conn: EngineConnection, resign: Resign): Promise<boolean> {
  const template = resign.profileId
    ? (await callEngine<Profile>(conn, 'GET', `/api/profiles/${encodeURIComponent(resign.profileId)}`)).signature.template
    : describeScheme(resign.scheme!).template
  return template.includes('{timestamp}')
}
