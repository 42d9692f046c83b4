import { describe, expect, it } from 'vitest'
import type { Profile } from '../../../src-shared/api/profiles'
import { provenance } from '../../../src-renderer/features/profiles/provenance'

const preset = { id: 'workestra', name: 'Workestra', builtIn: true, description: 'Retried after 5 s, 30 s, 2 min and 10 min.', notes: ['retrySchedule is [5, 30, 120, 600]'] }
const clone = (more: Partial<Profile> = {}) => ({ ...preset, id: 'workestra-copy', name: 'My Workestra', builtIn: false, clonedFrom: 'workestra', ...more }) as Profile

describe("a profile's provenance", () => {
  it('a preset reproduces its docs; a profile of the user made from scratch claims nothing', () => {
    expect(provenance(preset as unknown as Profile, [preset])).toMatchObject({ reproduces: true, note: null, notesTitle: 'Notes' })
    expect(provenance(clone({ clonedFrom: null }), [preset])).toMatchObject({ reproduces: false, note: null, notesTitle: 'Notes' })
  })

  it("labels a clone's copied description and notes as the preset's docs, and stops once they are its own", () => {
    expect(provenance(clone(), [preset])).toMatchObject({
      reproduces: false,
      note: "Description and notes from the Workestra docs, copied when this profile was cloned; this copy's own settings are in the cards.",
      notesTitle: 'Notes from the Workestra docs',
    })
    expect(provenance(clone({ description: 'Ours.' }), [preset]).note).toBe("Notes from the Workestra docs, copied when this profile was cloned; this copy's own settings are in the cards.")
    expect(provenance(clone({ description: 'Ours.', notes: [] }), [preset])).toMatchObject({ note: null, notesTitle: 'Notes' })
  })

  it('a clone of a user profile says it was copied from that profile, by name, or by id once it is gone', () => {
    const mine = { ...clone(), id: 'mine' }
    const second = clone({ id: 'mine-copy', clonedFrom: 'mine', notes: [] })
    expect(provenance(second, [preset, mine]).note).toBe("Description copied from My Workestra when this profile was cloned; this copy's own settings are in the cards.")
    expect(provenance(second, [preset]).note).toBe("Description copied from mine when this profile was cloned; this copy's own settings are in the cards.")
  })
})
