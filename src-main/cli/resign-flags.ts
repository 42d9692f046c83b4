import { InvalidArgumentError, type Command } from 'commander'
import type { Resign } from '../../src-shared/api/replay'
import { SIGNING_SCHEMES } from '../../src-shared/signing-schemes'
import { CliFailure } from './engine-connection'

export interface ResignFlags {
  resignProfile?: string
  resignScheme?: string
  resignSecret?: string
}

/** --resign-profile P | --resign-scheme S, with --resign-secret K: sign again with a fresh timestamp. */
export function addResignFlags(command: Command): Command {
  return command
    .option('--resign-profile <id>', 're-sign as this provider profile (fresh timestamp), e.g. stripe')
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
