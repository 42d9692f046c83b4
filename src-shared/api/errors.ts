import { Type, type Static } from 'typebox'

/**
 * Every 4xx/5xx answer of the control plane has this body. `message` says what to fix;
 * `field` names the offending input field when there is one (a JSON pointer like `/url`).
 */
export const ErrorBodySchema = Type.Object(
  {
    error: Type.String({ description: 'Stable error code, HB_ERR_*' }),
    message: Type.String({ description: 'What went wrong and what to fix' }),
    field: Type.Optional(Type.String()),
  },
  { $id: 'ErrorBody' },
)
export type ErrorBody = Static<typeof ErrorBodySchema>

/** One key as a JSON pointer token (RFC 6901): `~` and `/` escaped, so `/headers/a~1b` names the key "a/b". */
export const pointerToken = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1')

/**
 * How the engine names a query parameter in an error, by its pointer (`/status`; `/status/0` is
 * the first value of a repeated one): 'query parameter "status"', 'query parameter "status"
 * (value 1)'. The CLI finds this phrase to put its own flag in its place.
 */
export function queryParameterPhrase(pointer: string): string {
  const [name = '', ...rest] = pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
  const named = `query parameter "${name}"`
  if (rest.length === 0) return named
  return /^\d+$/.test(rest[0]!) && rest.length === 1 ? `${named} (value ${Number(rest[0]) + 1})` : `${named} at /${rest.join('/')}`
}
