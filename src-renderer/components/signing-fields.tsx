import { SIGNING_SCHEME_LABELS, SIGNING_SCHEMES, type SigningSchemeId } from '../../src-shared/signing-schemes'
import { SIGNING_OPTION_CHOICES, type SigningOptionKey } from '../lib/signing-options'

/** The signing schemes as the <option>s of a select, by their labels. */
export function SchemeOptions({ exclude = [] }: { exclude?: readonly SigningSchemeId[] }) {
  return (
    <>
      {SIGNING_SCHEMES.filter((s) => !exclude.includes(s)).map((s) => (
        <option key={s} value={s}>
          {SIGNING_SCHEME_LABELS[s]}
        </option>
      ))}
    </>
  )
}

/** One scheme option: a select where it takes a few values, else free text; empty keeps the default. */
export function SigningOptionInput({ id, option, value, onChange, defaultText, placeholder = defaultText }: {
  id: string
  option: SigningOptionKey
  value: string
  onChange: (value: string) => void
  /** The empty choice of the select, e.g. "scheme default". */
  defaultText: string
  /** Of the text input. */
  placeholder?: string
}) {
  const choices = SIGNING_OPTION_CHOICES[option]
  if (!choices) return <input id={id} className="mono" value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} spellCheck={false} />
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{defaultText}</option>
      {choices.map((c) => (
        <option key={c} value={c}>
          {c}
        </option>
      ))}
    </select>
  )
}
