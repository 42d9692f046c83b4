/** Small readers of JSON values for messages: a value in short, a type in words, the value a JSON pointer names. */

/** A value as a message shows it: short scalars as JSON, containers by kind. */
export function preview(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return `an array of ${value.length}`
  if (typeof value === 'object') return 'an object'
  const s = JSON.stringify(value)
  return s.length > 60 ? `${s.slice(0, 57)}…` : s
}

/** A JSON Schema type in words: `integer` → "an integer". */
export function typeName(t: string): string {
  return { object: 'an object', array: 'an array', string: 'a string', integer: 'an integer', number: 'a number', boolean: 'true or false', null: 'null' }[t] ?? t
}

/** One JSON pointer token (RFC 6901) as the key it names: `a~1b` → `a/b`. */
export const pointerKey = (token: string): string => token.replace(/~1/g, '/').replace(/~0/g, '~')

/** The value at a JSON pointer in `data`, or undefined where there is none. */
export function valueAt(data: unknown, pointer: string): unknown {
  let node = data
  for (const seg of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string, unknown>)[pointerKey(seg)]
  }
  return node
}
