/**
 * The built-in provider presets: one profile and one event catalog per preset, JSON files under
 * `resources/` imported explicitly (electron-vite bundles src-main, so nothing is read from
 * disk at run time). `test/unit/engine/catalog/resources.test.ts` validates every file against
 * the src-shared schemas. Callers get copies: presets are read-only, clone them to edit.
 */
import type { EventType, PresetProfileId, ProviderProfile } from '../../../src-shared/catalog'
import { PRESET_PROFILE_IDS } from '../../../src-shared/catalog'

import connectgainCatalog from '../../../resources/catalogs/connectgain.json'
import githubCatalog from '../../../resources/catalogs/github.json'
import standardWebhooksCatalog from '../../../resources/catalogs/standard-webhooks.json'
import stripeCatalog from '../../../resources/catalogs/stripe.json'
import taskhubCatalog from '../../../resources/catalogs/taskhub.json'
import workestraCatalog from '../../../resources/catalogs/workestra.json'
import workflowsCatalog from '../../../resources/catalogs/workflows.json'
import connectgainProfile from '../../../resources/profiles/connectgain.json'
import githubProfile from '../../../resources/profiles/github.json'
import standardWebhooksProfile from '../../../resources/profiles/standard-webhooks.json'
import stripeProfile from '../../../resources/profiles/stripe.json'
import taskhubProfile from '../../../resources/profiles/taskhub.json'
import workestraProfile from '../../../resources/profiles/workestra.json'
import workflowsProfile from '../../../resources/profiles/workflows.json'

interface Preset {
  profile: ProviderProfile
  eventTypes: EventType[]
}

// JSON imports type string fields as `string`, not the literal unions of ProviderProfile; the
// resources test proves each file matches ProviderProfileSchema / CatalogFileSchema.
const preset = (profile: unknown, catalog: { eventTypes: unknown[] }): Preset => ({
  profile: profile as ProviderProfile,
  eventTypes: catalog.eventTypes as EventType[],
})

const PRESETS: Record<PresetProfileId, Preset> = {
  workestra: preset(workestraProfile, workestraCatalog),
  connectgain: preset(connectgainProfile, connectgainCatalog),
  workflows: preset(workflowsProfile, workflowsCatalog),
  taskhub: preset(taskhubProfile, taskhubCatalog),
  'standard-webhooks': preset(standardWebhooksProfile, standardWebhooksCatalog),
  stripe: preset(stripeProfile, stripeCatalog),
  github: preset(githubProfile, githubCatalog),
}

/** True when `id` names a built-in preset. */
export function isPresetProfileId(id: string): id is PresetProfileId {
  return (PRESET_PROFILE_IDS as readonly string[]).includes(id)
}

/** All built-in profiles, in the documented preset order. */
export function listPresetProfiles(): ProviderProfile[] {
  return PRESET_PROFILE_IDS.map((id) => structuredClone(PRESETS[id].profile))
}

/** One built-in profile, or undefined when `id` is not a preset. */
export function getPresetProfile(id: string): ProviderProfile | undefined {
  return isPresetProfileId(id) ? structuredClone(PRESETS[id].profile) : undefined
}

/** The event catalog of a built-in profile ([] when `profileId` is not a preset). */
export function listPresetEventTypes(profileId: string): EventType[] {
  return isPresetProfileId(profileId) ? structuredClone(PRESETS[profileId].eventTypes) : []
}

/** One event type of a built-in profile, or undefined. */
export function getPresetEventType(profileId: string, name: string): EventType | undefined {
  if (!isPresetProfileId(profileId)) return undefined
  const found = PRESETS[profileId].eventTypes.find((e) => e.name === name)
  return found && structuredClone(found)
}
