import type { EventTypeItem } from '../../../src-shared/api/event-types'
import type { Profile } from '../../../src-shared/api/profiles'

/** Profiles as the <option>s of a select; `grouped` puts the built-in presets and the user's own under two headings. */
export function ProfileOptions({ profiles, grouped, label = (p) => p.name }: {
  profiles: Profile[]
  grouped?: boolean
  label?: (p: Profile) => string
}) {
  const options = (list: Profile[]) =>
    list.map((p) => (
      <option key={p.id} value={p.id}>
        {label(p)}
      </option>
    ))
  if (!grouped) return <>{options(profiles)}</>
  const mine = profiles.filter((p) => !p.builtIn)
  return (
    <>
      <optgroup label="Built-in presets">{options(profiles.filter((p) => p.builtIn))}</optgroup>
      {mine.length > 0 && <optgroup label="Your profiles">{options(mine)}</optgroup>}
    </>
  )
}

/** A catalog's event types as <option>s, under their categories (`useCatalog().groups`). */
export function EventTypeOptions({ groups }: { groups: [string, EventTypeItem[]][] }) {
  return (
    <>
      {groups.map(([category, items]) => (
        <optgroup key={category} label={category}>
          {items.map((t) => (
            <option key={t.name} value={t.name}>
              {t.name}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  )
}
