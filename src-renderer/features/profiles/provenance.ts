import type { Profile } from '../../../src-shared/api/profiles'

/**
 * Where a profile's description and notes come from, so a clone does not claim a preset's docs.
 * A preset reproduces its docs. A clone keeps the preset's description and notes (they explain the
 * preset's choices) but its settings may have changed since: while they are still the source's,
 * they are labelled as copied ("From the Workestra docs"), and the cards are the clone's truth.
 */
export interface Provenance {
  /** Built-in presets only: the docs it reproduces. */
  reproduces: boolean
  /** The profile cloned from, when it still exists. */
  source?: Pick<Profile, 'id' | 'name' | 'builtIn'>
  /** The description / notes are still the source's, word for word (unknown source: assumed copied). */
  descriptionCopied: boolean
  notesCopied: boolean
  /** Says what is copied and from where, under the description; null when nothing is. */
  note: string | null
  /** The notes card's title: "Notes from the Workestra docs", "Notes copied from My Workestra", "Notes". */
  notesTitle: string
}

const sameNotes = (a: string[] | undefined, b: string[] | undefined) => JSON.stringify(a ?? []) === JSON.stringify(b ?? [])

export function provenance(profile: Profile, all: Pick<Profile, 'id' | 'name' | 'builtIn' | 'description' | 'notes'>[]): Provenance {
  const own = { reproduces: false, descriptionCopied: false, notesCopied: false, note: null, notesTitle: 'Notes' }
  if (profile.builtIn) return { ...own, reproduces: true }
  if (!profile.clonedFrom) return own
  const source = all.find((p) => p.id === profile.clonedFrom)
  // A source deleted since (a user profile): its words may still be here, unchanged or not; say where they came from.
  const descriptionCopied = source ? profile.description === source.description : Boolean(profile.description)
  const notesCopied = source ? Boolean(profile.notes?.length) && sameNotes(profile.notes, source.notes) : Boolean(profile.notes?.length)
  const name = source?.name ?? profile.clonedFrom
  const from = source?.builtIn ? `from the ${name} docs` : `copied from ${name}`
  const what = descriptionCopied && notesCopied ? 'Description and notes' : descriptionCopied ? 'Description' : 'Notes'
  const note =
    descriptionCopied || notesCopied
      ? `${what} ${source?.builtIn ? `${from}, copied` : from} when this profile was cloned; this copy's own settings are in the cards.`
      : null
  return { reproduces: false, source, descriptionCopied, notesCopied, note, notesTitle: notesCopied ? `Notes ${from}` : 'Notes' }
}
