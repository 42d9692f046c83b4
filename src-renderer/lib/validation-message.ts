/**
 * The engine answers input its request schema refuses with HB_ERR_VALIDATION and the schema
 * validator's words, naming the field by its path in the body: "body/name must NOT have fewer
 * than 1 characters", "body/retrySchedule/1 must be >= 0". A form shows that under the field, so
 * it is said here as a sentence about the field, with the form's own label for it: "Name must not
 * be empty.", "Retry delay 2 must be 0 or more.". Every other error keeps its message as it is:
 * the engine wrote those sentences for people.
 */

import { SLUG_PATTERN, SLUG_RULE } from '../../src-shared/api/inboxes'
import { ScenarioStepSchema } from '../../src-shared/api/triggers'
import { EventTypeSchema, HEADER_NAME_PATTERN, ProviderProfileSchema } from '../../src-shared/catalog'

export const VALIDATION_CODE = 'HB_ERR_VALIDATION'

/**
 * Labels by field path (the JSON pointer without its leading "/"); `*` stands for an array index
 * and `{n}` in the label for its 1-based number: `{ 'retrySchedule/*': 'Retry delay {n}' }`.
 */
export type FieldLabels = Readonly<Record<string, string>>

/** "rateLimitPerSecond" → "Rate limit per second" (for a field the form has no label for). */
function words(key: string): string {
  const spaced = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .trim()
  return spaced ? spaced[0]!.toUpperCase() + spaced.slice(1) : key
}

/** The form's name for the field a pointer names (`/retrySchedule/1` → "Retry delay 2"). */
export function fieldLabel(pointer: string, labels: FieldLabels = {}): string {
  const parts = pointer.replace(/^\/+/, '').split('/').filter(Boolean).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
  if (!parts.length) return 'This value'
  const pattern = parts.map((p) => (/^\d+$/.test(p) ? '*' : p)).join('/')
  const index = [...parts].reverse().find((p) => /^\d+$/.test(p))
  const number = index === undefined ? '' : String(Number(index) + 1)
  const exact = labels[pattern]
  if (exact) return exact.replace('{n}', number)
  // an item of a list the form labels as a whole: "Events, entry 2"
  for (let n = parts.length - 1; n > 0; n--) {
    const prefix = parts.slice(0, n).map((p) => (/^\d+$/.test(p) ? '*' : p)).join('/')
    const label = labels[prefix]
    if (label) {
      const rest = parts.slice(n)
      const tail = rest.map((p) => (/^\d+$/.test(p) ? `entry ${Number(p) + 1}` : words(p).toLowerCase())).join(', ')
      return `${label.replace('{n}', number)}, ${tail}`
    }
  }
  const last = [...parts].reverse().find((p) => !/^\d+$/.test(p)) ?? parts.at(-1)!
  return number ? `${words(last)} ${number}` : words(last)
}

const FORMATS: Record<string, string> = {
  uri: 'a full URL (https://…)',
  'uri-reference': 'a URL',
  url: 'a full URL (https://…)',
  email: 'an email address',
  'date-time': 'a date and time (ISO 8601)',
  date: 'a date (YYYY-MM-DD)',
  time: 'a time',
  ipv4: 'an IPv4 address',
  ipv6: 'an IPv6 address',
  hostname: 'a host name',
  uuid: 'a UUID',
  regex: 'a regular expression',
}

const TYPES: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'a set of fields',
  null: 'empty',
}

/**
 * What the patterns of the API's schemas allow, in words that follow "must be": the validator
 * only quotes the regular expression ("must match pattern "^[a-z0-9][a-z0-9-]*$""). Keyed by the
 * schemas' own patterns, so an entry follows the schema it describes.
 */
const patternOf = (schema: object) => (schema as { pattern: string }).pattern
const PATTERNS: Record<string, string> = {
  [HEADER_NAME_PATTERN]: "a header name: letters, digits and dashes (also ! # $ % & ' * + . ^ _ ` | ~), with no spaces or colon",
  [SLUG_PATTERN]: SLUG_RULE,
  [patternOf(ProviderProfileSchema.properties.id)]: 'lowercase letters, digits and dashes, starting with a letter or a digit',
  [patternOf(ProviderProfileSchema.properties.idPrefix)]: 'letters, digits, "-" and "_" only',
  [patternOf(EventTypeSchema.properties.name)]: 'letters, digits and . _ : / -, starting with a letter, a digit or "_" (such as deal.created)',
  [patternOf(ScenarioStepSchema.properties.name)]: 'letters, digits, "-" and "_", starting with a letter or "_"',
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/** One validator phrase ("must be >= 0") about `label`, as a sentence; null when it is not one of the known phrases. */
function sentence(label: string, phrase: string): string | null {
  let m: RegExpExecArray | null
  if ((m = /^must NOT have fewer than (\d+) characters?$/.exec(phrase)))
    return Number(m[1]) === 1 ? `${label} must not be empty.` : `${label} must be at least ${plural(Number(m[1]), 'character', 'characters')} long.`
  if ((m = /^must NOT have more than (\d+) characters?$/.exec(phrase))) return `${label} must be at most ${plural(Number(m[1]), 'character', 'characters')} long.`
  if ((m = /^must NOT have fewer than (\d+) items?$/.exec(phrase)))
    return Number(m[1]) === 1 ? `${label} needs at least one entry.` : `${label} needs at least ${m[1]} entries.`
  if ((m = /^must NOT have more than (\d+) items?$/.exec(phrase))) return `${label} takes at most ${plural(Number(m[1]), 'entry', 'entries')}.`
  if ((m = /^must NOT have (?:fewer|more) than (\d+) properties$/.exec(phrase))) return `${label} has the wrong number of fields.`
  if ((m = /^must be >= (-?[\d.e+]+)$/.exec(phrase))) return `${label} must be ${m[1]} or more.`
  if ((m = /^must be > (-?[\d.e+]+)$/.exec(phrase))) return `${label} must be more than ${m[1]}.`
  if ((m = /^must be <= (-?[\d.e+]+)$/.exec(phrase))) return `${label} must be ${m[1]} or less.`
  if ((m = /^must be < (-?[\d.e+]+)$/.exec(phrase))) return `${label} must be less than ${m[1]}.`
  if ((m = /^must be multiple of ([\d.e+-]+)$/.exec(phrase))) return `${label} must be a multiple of ${m[1]}.`
  if ((m = /^must be ([a-z]+(?:,[a-z]+)*)$/.exec(phrase)) && m[1]!.split(',').every((t) => t in TYPES))
    return `${label} must be ${m[1]!.split(',').map((t) => TYPES[t]).join(' or ')}.`
  if ((m = /^must be a valid (.+)$/.exec(phrase))) return `${label} must be ${FORMATS[m[1]!] ?? `a valid ${m[1]}`}.`
  if ((m = /^must match format "(.+)"$/.exec(phrase))) return `${label} must be ${FORMATS[m[1]!] ?? `a valid ${m[1]}`}.`
  if ((m = /^must be one of: (.+)$/.exec(phrase))) return `${label} must be one of: ${m[1]}.`
  if (/^must be equal to (constant|one of the allowed values)$/.test(phrase)) return `${label} is not one of the allowed values.`
  if ((m = /^must match pattern "(.*)"$/.exec(phrase)) && PATTERNS[m[1]!]) return `${label} must be ${PATTERNS[m[1]!]}.`
  if (/^must match pattern /.test(phrase)) return `${label} is not in the expected format.`
  if (/^must NOT have duplicate items/.test(phrase)) return `${label} lists the same entry twice.`
  if (/^must NOT have additional properties$/.test(phrase)) return `${label} has a field it does not take.`
  if (/^must match (exactly one|a) schema in (oneOf|anyOf)$/.test(phrase) || /^must match "(then|else)" schema$/.test(phrase)) return `${label} is not valid here.`
  return null
}

/**
 * The message to show for an engine error: a plain sentence naming the field when it is the
 * engine's generic schema refusal (HB_ERR_VALIDATION in the validator's words), else the
 * engine's message unchanged.
 */
export function plainErrorMessage(err: { code?: string; message: string; field?: string }, labels: FieldLabels = {}): string {
  if (err.code !== VALIDATION_CODE) return err.message
  const msg = err.message
  const label = fieldLabel(err.field ?? '', labels)
  // "body is missing the required field "url"" (the pointer names the missing field)
  if (/^(body|querystring|params|headers)(\/\S*)? is missing the required field "[^"]*"$/.test(msg)) return `${label} is required.`
  // "unknown field "foo" in body: remove it or check its spelling"
  if (/^unknown field "[^"]*" in (body|querystring|params|headers)\b/.test(msg)) return `${label} is not a field this form can send.`
  const m = /^(body|querystring|params|headers)(\/\S*)? (.+)$/.exec(msg)
  if (!m) return msg // a sentence the engine wrote under the generic code: keep it
  return sentence(label, m[3]!) ?? `${label}: ${m[3]!.replace(/^must /, 'it must ')}.`
}
