/** The scheme options a form lets one set (src-shared `SigningOptions`): their names and, for some, the values they take. */
import type { SigningOptions } from '../../src-shared/signing-schemes'

export type SigningOptionKey = keyof SigningOptions

export const SIGNING_OPTION_LABELS: Record<SigningOptionKey, string> = {
  headerName: 'Signature header',
  prefix: 'Prefix',
  algorithm: 'Algorithm',
  encoding: 'Encoding',
  template: 'Signed content template',
  timestampHeader: 'Timestamp header',
  timestampFormat: 'Timestamp format',
  idHeader: 'Message id header',
  toleranceSec: 'Tolerance (s)',
  secretFormat: 'Secret format',
}

/** The options that take one of a few values (a select); the others are free text. */
export const SIGNING_OPTION_CHOICES: Partial<Record<SigningOptionKey, readonly string[]>> = {
  algorithm: ['sha1', 'sha256', 'sha512'],
  encoding: ['hex', 'base64'],
  timestampFormat: ['unix', 'unix-ms', 'iso'],
  secretFormat: ['literal', 'whsec'],
}
