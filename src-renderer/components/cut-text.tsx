import { useState } from 'react'
import { SafeText } from './safe-text'
import './payload.css'

/** Where a long received value is cut unless asked for whole (a JSON string, a header value). */
export const LONG_TEXT = 400

/** The first `max` UTF-16 units of `text`, not splitting a surrogate pair. */
export function cutAt(text: string, max: number): string {
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max
  return text.slice(0, end)
}

/**
 * Received text that may be very long (a 60 000-character header, a 3 000-character event id):
 * past `max` characters it is cut with "…" and a "show all N chars" toggle, so one value does not
 * bury the rest of the page. `chars` is the count to announce when `text` is a quoted form of the
 * value (a JSON string). Shown through SafeText: hidden characters escaped, never HTML.
 */
export function CutText({ text, max = LONG_TEXT, chars = text.length, strict = false, className }: {
  text: string
  max?: number
  chars?: number
  strict?: boolean
  className?: string
}) {
  const [full, setFull] = useState(false)
  const long = text.length > max
  return (
    <>
      <span className={className}>
        <SafeText text={long && !full ? `${cutAt(text, max)}…` : text} strict={strict} />
      </span>
      {long && (
        <button type="button" className="link-button" aria-expanded={full} onClick={() => setFull(!full)}>
          {full ? 'show less' : `show all ${chars.toLocaleString()} chars`}
        </button>
      )}
    </>
  )
}
