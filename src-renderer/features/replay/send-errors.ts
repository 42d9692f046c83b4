import { placeError } from '../sender-kit/form-errors'
import type { FormErrors } from './replay-model'

/** The engine's replay fields (dotted, as placeError reads them) and the field of the form that edits each. */
const FORM_FIELD_OF: Readonly<Record<string, keyof FormErrors>> = {
  url: 'url',
  method: 'method',
  headers: 'headers',
  bodyBase64: 'body',
  'resign.secret': 'secret',
  resign: 'profile',
  ratePerSecond: 'rate',
}
const KNOWN = Object.keys(FORM_FIELD_OF)
/** The forms' names for the engine's fields, for its schema refusals in the validator's words. */
const LABELS = {
  url: 'Target URL',
  method: 'Method',
  'headers/*/0': 'The name of header {n}',
  'headers/*/1': 'The value of header {n}',
  headers: 'Headers',
  bodyBase64: 'Body',
  'resign/secret': 'Secret',
  'resign/profileId': 'Profile to sign as',
  ratePerSecond: 'Rate',
}

/**
 * An engine refusal of a replay, resend or bulk replay on the form field it names (a bad target
 * URL under the URL, a header the engine will not send under the headers); `general` when it
 * names none of them, for the message under the form.
 */
export function placeSendError(err: unknown): { errors: FormErrors; general: string | null } {
  const placed = placeError(err, KNOWN, LABELS)
  const errors: FormErrors = {}
  for (const [key, message] of Object.entries(placed.fields)) errors[FORM_FIELD_OF[key]!] = message
  return { errors, general: placed.general }
}
