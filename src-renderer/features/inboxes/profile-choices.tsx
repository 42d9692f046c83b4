import { useEffect } from 'react'
import { PRESET_PROFILE_IDS } from '../../../src-shared/catalog'
import type { ProfileSecretShape } from '../../../src-shared/secret-shape'
import type { SigningOptions, SigningSchemeId } from '../../../src-shared/signing-schemes'
import { useApp, useStoreOf } from '../../app-context'

export interface ProfileChoice {
  id: string
  name: string
  /** null when only the id is known (profiles API unreachable). */
  scheme: SigningSchemeId | null
  sourceIpRanges: string[]
  /** The scheme's options and the documented secret shape: what a new secret for it looks like (null as scheme). */
  signing: SigningOptions
  secretShape: ProfileSecretShape
}

const FALLBACK: ProfileChoice[] = PRESET_PROFILE_IDS.map((id) => ({ id, name: id, scheme: null, sourceIpRanges: [], signing: {}, secretShape: 'any' }))

/** Provider profiles to verify as: from /api/profiles, else the preset ids alone. */
export function useProfileChoices(): ProfileChoice[] {
  const { stores } = useApp()
  const items = useStoreOf(stores.profiles, (s) => s.items)
  const loaded = useStoreOf(stores.profiles, (s) => s.loaded)
  useEffect(() => {
    if (!loaded) void stores.profiles.getState().load()
  }, [loaded, stores.profiles])
  if (!items.length) return FALLBACK
  return items.map((p) => ({ id: p.id, name: p.name, scheme: p.scheme, sourceIpRanges: p.sourceIpRanges ?? [], signing: p.signing, secretShape: p.secret.format }))
}

/** The choices as <option>s: "Stripe (stripe)", or the id alone when that is all there is. */
export function ProfileChoiceOptions({ profiles }: { profiles: ProfileChoice[] }) {
  return (
    <>
      {profiles.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name === p.id ? p.id : `${p.name} (${p.id})`}
        </option>
      ))}
    </>
  )
}
