import type { SigningOptions, SigningSchemeId } from '../../../src-shared/signing-schemes'
import { PRESET_PROFILE_IDS, type ProviderProfile } from '../../../src-shared/catalog'
import { getPresetProfile } from '../catalog/presets'

/** What verification needs from a provider profile. */
export interface ProfileSigning {
  id: string
  name: string
  scheme: SigningSchemeId
  signing: SigningOptions
  /** The profile's secret.format: the shape an inbox's generated secret takes, as a webhook's does. */
  secretShape: ProviderProfile['secret']['format']
  /** Documented source ranges (CIDR), to prefill an allowlist. */
  sourceIpRanges: string[]
}

/**
 * Finds the signing of a profile by id. The one place inboxes look profiles up: built-in
 * presets today; the engine can pass a lookup that also reads user-defined profiles.
 */
export type ProfileLookup = (id: string) => ProfileSigning | undefined

export const presetProfileLookup: ProfileLookup = (id) => {
  const p = getPresetProfile(id)
  return p && toProfileSigning(p)
}

/** The part of a profile (preset or user-defined) that verification uses. */
export function toProfileSigning(p: Pick<ProfileSigning, 'id' | 'name' | 'scheme' | 'sourceIpRanges'> & Pick<ProviderProfile, 'secret'> & { signing: unknown }): ProfileSigning {
  return { id: p.id, name: p.name, scheme: p.scheme, signing: p.signing as SigningOptions, secretShape: p.secret.format, sourceIpRanges: p.sourceIpRanges }
}

/** Ids to suggest in an error message. */
export const knownProfileIds = (): readonly string[] => PRESET_PROFILE_IDS
