import type { EventTypeInput, EventTypeItem, EventTypeUpdate } from '../../../src-shared/api/event-types'
import { parseJson, prettyJson } from '../../components/json-editor'

/** The event-type form as typed: the schema and the example stay text until they are sent. */
export interface EventTypeDraft {
  name: string
  category: string
  description: string
  schema: string
  /** Empty on a new type: the engine generates the example from the schema. */
  example: string
}

const STARTER_SCHEMA = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] }

/** A blank draft (a new type, in `category` when given) or the draft of an existing type. */
export function draftOf(t?: EventTypeItem, category = ''): EventTypeDraft {
  if (!t) return { name: '', category, description: '', schema: prettyJson(STARTER_SCHEMA), example: '' }
  return { name: t.name, category: t.category, description: t.description, schema: prettyJson(t.schema), example: prettyJson(t.example) }
}

/** The JSON fields that do not parse (the form holds them back; the editor says where it breaks). */
export function unparsed(d: EventTypeDraft, exampleOptional: boolean): ('schema' | 'example')[] {
  const bad: ('schema' | 'example')[] = []
  if (!parseJson(d.schema).ok) bad.push('schema')
  if (!(exampleOptional && !d.example.trim()) && !parseJson(d.example).ok) bad.push('example')
  return bad
}

const value = (text: string) => {
  const p = parseJson(text)
  return p.ok ? p.value : undefined
}
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/**
 * `POST /api/event-types` of a new draft. Name and category go as typed but trimmed, so the
 * engine judges what the user meant; an empty example is left out (generated).
 */
export function toInput(profileId: string, d: EventTypeDraft): EventTypeInput {
  const input: EventTypeInput = { profileId, name: d.name.trim(), category: d.category.trim(), schema: value(d.schema) as EventTypeInput['schema'] }
  if (d.description.trim()) input.description = d.description.trim()
  if (d.example.trim()) input.example = value(d.example)
  return input
}

/**
 * `PUT /api/event-types/:profileId/:name` of an edited draft: only what changed, so an unchanged
 * example is not sent (the engine then regenerates it if a new schema refuses it) and a rename
 * is only asked for when the name changed. Null when nothing changed.
 */
export function toPatch(t: EventTypeItem, d: EventTypeDraft): EventTypeUpdate | null {
  const patch: EventTypeUpdate = {}
  if (d.name.trim() !== t.name) patch.name = d.name.trim()
  if (d.category.trim() !== t.category) patch.category = d.category.trim()
  if (d.description.trim() !== t.description) patch.description = d.description.trim()
  const schema = value(d.schema)
  if (!same(schema, t.schema)) patch.schema = schema as EventTypeUpdate['schema']
  const example = value(d.example)
  if (!same(example, t.example)) patch.example = example
  return Object.keys(patch).length ? patch : null
}

/** Whether the draft's schema is still the saved one (the engine can check the example against it as it is typed). */
export function schemaUnchanged(t: EventTypeItem | undefined, d: EventTypeDraft): boolean {
  return t !== undefined && same(value(d.schema), t.schema)
}
