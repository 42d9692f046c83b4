/**
 * Why an event type's JSON Schema cannot be used, in plain words and at its place. The validator
 * says "data/type must be equal to one of the allowed values" or "can't resolve reference #/nope
 * from id #"; a person needs the part of the schema at fault (a JSON pointer) and what to write
 * there: `/type: "strng" is not a JSON Schema type; use one of string, number, …`. The
 * validator's words stay in `detail`, and are the message only where no plainer one is known.
 */
import type { ErrorObject } from 'ajv'
import { pointerToken } from '../../../src-shared/api/errors'
import { pointerKey, preview, typeName, valueAt } from './json-values'

export interface SchemaProblem {
  /** JSON pointer of the part of the schema at fault ("" for the schema as a whole). */
  pointer: string
  /** What is wrong there and what to write instead, in plain words. */
  message: string
  /** The validator's own words. */
  detail: string
}

const JSON_TYPES = 'string, number, integer, boolean, object, array, null'
const DIALECT = 'https://json-schema.org/draft/2020-12/schema'
/** Keywords whose value maps names (not keywords) to schemas or lists. */
const NAME_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'dependentRequired'])
const MAX_PROBLEMS = 3

/**
 * The problems, each led by its place: `at` is where the schema is in the input (`/schema`), then
 * its pointer in the schema. A problem with the schema as a whole names it in its own sentence.
 */
export function describeSchemaProblems(problems: readonly SchemaProblem[], at: string): string {
  return problems.map((p) => (p.pointer ? `${at}${p.pointer}: ${p.message}` : p.message)).join(' ')
}

/** The meta-schema's errors (ajv.validateSchema) as one problem per place, the most telling first. */
export function metaSchemaProblems(schema: unknown, errors: readonly ErrorObject[]): SchemaProblem[] {
  // A value that fits no branch of an alternative fails every branch: the deepest place, and of
  // the errors there the one about the branch the value meant, name the real problem.
  const deeper = (a: ErrorObject, b: ErrorObject) => b.instancePath.startsWith(`${a.instancePath}/`)
  const kept = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && !errors.some((o) => deeper(e, o)))
  const rank = (e: ErrorObject) => (e.keyword === 'type' ? 2 : e.keyword === 'enum' && Array.isArray(valueAt(schema, e.instancePath)) ? 1 : 0)
  const best = new Map<string, ErrorObject>()
  for (const e of kept) {
    const current = best.get(e.instancePath)
    if (!current || rank(e) < rank(current)) best.set(e.instancePath, e)
  }
  return [...best.values()].slice(0, MAX_PROBLEMS).map((e) => ({
    pointer: e.instancePath,
    message: sentence(e, valueAt(schema, e.instancePath)),
    detail: `schema${e.instancePath} ${e.message ?? `fails "${e.keyword}"`}`,
  }))
}

/**
 * What a pointer names: the keyword at its end ("minLength"; "" for an entry of a map keyword, a
 * list item or the schema itself), and the place in words ('"minLength"', 'The entry "a" of
 * "properties"').
 */
function place(pointer: string): { keyword: string; name: string } {
  const parts = pointer.split('/').slice(1).map(pointerKey)
  let i = parts.length - 1
  while (i >= 0 && /^\d+$/.test(parts[i]!)) i--
  if (i < 0) return { keyword: '', name: 'The schema' }
  const parent = parts[i - 1]
  if (parent !== undefined && NAME_MAPS.has(parent)) return { keyword: '', name: `The entry "${parts[i]}" of "${parent}"` }
  return { keyword: i === parts.length - 1 ? parts[i]! : '', name: `"${parts[i]}"` }
}

function compared(comparison: string, limit: unknown): string {
  return { '>=': `${String(limit)} or more`, '>': `more than ${String(limit)}`, '<=': `${String(limit)} or less`, '<': `less than ${String(limit)}` }[comparison] ?? `${comparison} ${String(limit)}`
}

function sentence(e: ErrorObject, value: unknown): string {
  const p = e.params as Record<string, unknown>
  const { keyword, name } = place(e.instancePath)
  const got = `; got ${preview(value)}`
  switch (e.keyword) {
    case 'enum':
      if (e.schemaPath.endsWith('/simpleTypes/enum')) return `${preview(value)} is not a JSON Schema type; use one of ${JSON_TYPES}.`
      return `${name} must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}${got}.`
    case 'type': {
      const types = ([] as unknown[]).concat(p.type).map(String)
      if (types.includes('object') && types.includes('boolean')) {
        if (keyword === 'items' && Array.isArray(value)) {
          return '"items" takes one schema for every item, not a list of them; for a schema per position use "prefixItems" (JSON Schema 2020-12), e.g. "prefixItems": [{"type": "string"}].'
        }
        return `${name} must be a schema: an object such as {"type": "string"}, or true or false${got}.`
      }
      if (NAME_MAPS.has(keyword) && types.includes('object')) {
        const of = keyword === 'dependentRequired' ? 'a list of the property names it requires' : 'its schema'
        const example = keyword === 'dependentRequired' ? '{"card": ["billingAddress"]}' : '{"name": {"type": "string"}}'
        return `"${keyword}" must be an object that maps each ${keyword === 'properties' ? 'property name' : 'name'} to ${of}, e.g. ${example}${got}.`
      }
      if (types.includes('array') && (keyword === 'required' || e.schemaPath.includes('stringArray'))) {
        return `${name} must be a list of property names, e.g. ["id", "email"]${got}.`
      }
      if (keyword === 'enum') return `"enum" must be a list of the allowed values, e.g. ["draft", "sent"]${got}.`
      return `${name} must be ${types.map(typeName).join(' or ')}${got}.`
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${name} must be ${compared(String(p.comparison), p.limit)}${got}.`
    case 'minItems':
      return `${name} must list at least ${String(p.limit)} ${name === '"type"' ? 'type' : 'item'}${p.limit === 1 ? '' : 's'}${got}.`
    case 'uniqueItems': {
      const dup = Array.isArray(value) ? value[Number(p.i)] : undefined
      return `${name} lists ${preview(dup)} twice; list each once.`
    }
    case 'format':
      return `${name} must be ${p.format === 'uri-reference' ? 'a URI reference, e.g. "https://example.com/schemas/order"' : p.format === 'regex' ? 'a regular expression' : `in the "${String(p.format)}" format`}${got}.`
    default:
      return `${name} ${e.message ?? `fails the "${e.keyword}" rule`}${got}.`
  }
}

/** Every place in `schema` where `test` holds for a key and its value, depth first. */
function placesWhere(schema: unknown, test: (key: string, value: unknown) => boolean, at = ''): string[] {
  if (schema === null || typeof schema !== 'object') return []
  return Object.entries(schema).flatMap(([k, v]) => {
    const here = `${at}/${pointerToken(k)}`
    return [...(test(k, v) ? [here] : []), ...placesWhere(v, test, here)]
  })
}

function regexProblem(source: string): string | null {
  try {
    new RegExp(source, 'u')
    return null
  } catch (err) {
    return (err as Error).message.split(': ').pop() ?? (err as Error).message
  }
}

/** Where an internal reference stops finding anything, in words ('the schema has no "nope"'). */
function missingPart(schema: unknown, ref: string): string {
  if (!ref.startsWith('#/')) return `no "$anchor": "${ref.slice(1)}" is in the schema`
  let node = schema
  let owner = 'the schema'
  for (const token of ref.slice(2).split('/').map((t) => pointerKey(decodeURIComponent(t)))) {
    if (node === null || typeof node !== 'object' || !(token in node)) return `${owner} has no "${token}"`
    node = (node as Record<string, unknown>)[token]
    owner = `"${token}"`
  }
  return 'it names no schema'
}

/** A schema the meta-schema accepts but the compiler refuses: a reference to nothing, a bad regex, an unknown dialect. */
export function compileProblem(schema: unknown, err: unknown): SchemaProblem {
  const detail = (err as Error).message ?? String(err)
  const dialect = /^no schema with key or ref "(.*)"$/.exec(detail)
  if (dialect && typeof schema === 'object' && schema !== null && (schema as { $schema?: unknown }).$schema === dialect[1]) {
    return {
      pointer: '/$schema',
      message: `${preview(dialect[1])} is a JSON Schema version Hookbench does not read: it reads JSON Schema 2020-12, so remove "$schema" or set it to "${DIALECT}".`,
      detail,
    }
  }
  const ref = /^can't resolve reference (.*) from id /.exec(detail)?.[1]
  if (ref !== undefined) {
    const pointer = placesWhere(schema, (k, v) => (k === '$ref' || k === '$dynamicRef') && v === ref)[0] ?? ''
    const message = ref.startsWith('#')
      ? `${preview(ref)} points to nothing in this schema: ${missingPart(schema, ref)}. Point it at a part of this schema, e.g. "#/$defs/address" for a schema under "$defs": {"address": {…}}.`
      : `${preview(ref)} names another document, and Hookbench does not fetch schemas: copy that schema under "$defs" and point to it, e.g. "#/$defs/address".`
    return { pointer, message: pointer ? message : `The schema's $ref ${message}`, detail }
  }
  if (err instanceof SyntaxError && /regular expression/i.test(detail)) {
    const pointer = placesWhere(schema, (k, v) => k === 'pattern' && typeof v === 'string' && regexProblem(v) !== null)[0]
    if (pointer) {
      const source = valueAt(schema, pointer) as string
      return { pointer, message: `${preview(source)} is not a valid regular expression (${regexProblem(source)}); write it as a JavaScript regular expression, e.g. "^[a-z]+$".`, detail }
    }
    const names = placesWhere(schema, (k, v) => k === 'patternProperties' && v !== null && typeof v === 'object')
    for (const at of names) {
      const bad = Object.keys(valueAt(schema, at) as object).find((key) => regexProblem(key) !== null)
      if (bad !== undefined) {
        return { pointer: `${at}/${pointerToken(bad)}`, message: `The name ${preview(bad)} is not a valid regular expression (${regexProblem(bad)}); each name under "patternProperties" is a JavaScript regular expression.`, detail }
      }
    }
  }
  // A keyword the engine declares (x-faker) with a value of the wrong kind.
  const declared = /^(\S+) value must be \[(.*)\]$/.exec(detail)
  const at = declared && placesWhere(schema, (k) => k === declared[1])[0]
  if (declared && at) {
    const kinds = declared[2]!.split(',').map((k) => typeName(k.replace(/"/g, '')))
    return { pointer: at, message: `"${declared[1]}" must be ${kinds.join(' or ')}; got ${preview(valueAt(schema, at))}.`, detail }
  }
  return { pointer: '', message: `The schema is not a valid JSON Schema: ${detail}`, detail }
}
