/**
 * Event data: realistic fake data generated from an event type's JSON schema
 * (json-schema-faker, with faker for names, emails, companies… through `x-faker` hints), and
 * validation of data a user gives against that schema (ajv, JSON Schema 2020-12 + formats),
 * with messages that name the field and say what is expected.
 */
import { randomInt } from 'node:crypto'
// The English build only: the package index loads every locale (~35 MiB and ~300 ms at start-up).
import { faker } from '@faker-js/faker/locale/en'
import type { ErrorObject, ValidateFunction } from 'ajv'
import Ajv2020 from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { define, generateSync, type JsonSchema as FakerSchema } from 'json-schema-faker'
import { pointerToken } from '../../../src-shared/api/errors'
import { MAX_EVENT_DATA_BYTES, MAX_EVENT_DATA_DEPTH } from '../../../src-shared/api/sender-common'
import type { JsonSchema } from '../../../src-shared/catalog'
import { pointerKey, preview, typeName, valueAt } from './json-values'
import { compileProblem, metaSchemaProblems, type SchemaProblem } from './schema-problems'

// ---------------------------------------------------------------------------------------------
// Validation

const ajv = new Ajv2020({ allErrors: true, strict: false, logger: false, validateFormats: true })
addFormats(ajv)
// Generation hints are not validation keywords; declaring them keeps schemas portable.
ajv.addKeyword({ keyword: 'x-faker', schemaType: ['string', 'object'] })

const MAX_CACHED = 500
const validators = new Map<string, ValidateFunction>()

/** The compiled validator of `schema`, cached; throws the compiler's own error. */
function compiled(schema: JsonSchema): ValidateFunction {
  const key = JSON.stringify(schema)
  const hit = validators.get(key)
  if (hit) return hit
  // Two user schemas may reuse one $id; ajv refuses duplicates, so the newer one wins.
  if (typeof schema === 'object' && typeof schema.$id === 'string') ajv.removeSchema(schema.$id)
  const fn = ajv.compile(schema)
  if (validators.size >= MAX_CACHED) validators.delete(validators.keys().next().value!)
  validators.set(key, fn)
  return fn
}

function validatorFor(schema: JsonSchema): ValidateFunction {
  try {
    return compiled(schema)
  } catch (err) {
    throw new Error(`The event type's schema is not a valid JSON Schema: ${(err as Error).message}`)
  }
}

/**
 * Problems that make `schema` unusable as an event type schema ([] when it compiles), each at
 * its place in the schema with what to write instead (`describeSchemaProblems` words them).
 */
export function checkSchema(schema: unknown): SchemaProblem[] {
  const whole = (message: string): SchemaProblem[] => [{ pointer: '', message, detail: message }]
  if (typeof schema !== 'boolean' && (schema === null || typeof schema !== 'object' || Array.isArray(schema))) {
    return whole('The schema must be a JSON Schema object, e.g. {"type": "object", "properties": {…}}.')
  }
  // Compiling and caching it would recurse as deep (and overflow the stack).
  const deep = tooDeepProblem(schema, 'The schema', 'Flatten it, or reuse its parts with $defs and $ref.')
  if (deep) return whole(deep)
  // Checked against the meta-schema first: its errors say where each problem is, where the
  // compiler stops at the first one in its own words. An unknown "$schema" throws here.
  let valid: boolean
  try {
    valid = ajv.validateSchema(schema as JsonSchema) as boolean
  } catch (err) {
    return [compileProblem(schema, err)]
  }
  if (!valid) return metaSchemaProblems(schema, ajv.errors ?? [])
  try {
    compiled(schema as JsonSchema)
    return []
  } catch (err) {
    return [compileProblem(schema, err)]
  }
}

export interface DataValidationError {
  /** JSON pointer of the offending value within `data` ("" for the data itself). */
  path: string
  /** A sentence naming the field and what is expected, e.g. `Field "email" must be an email address; got "nope".` */
  message: string
}

export interface DataValidationResult {
  ok: boolean
  errors: DataValidationError[]
}

const FORMAT_NAMES: Record<string, string> = {
  'date-time': 'a date-time in ISO 8601 with a time zone (e.g. 2024-03-15T10:30:00Z)',
  date: 'a date as YYYY-MM-DD',
  time: 'a time as HH:MM:SS with a time zone',
  email: 'an email address',
  uri: 'an absolute URI (e.g. https://example.com/path)',
  'uri-reference': 'a URI reference',
  url: 'a URL',
  uuid: 'a UUID (e.g. 1f81eb52-5198-4599-803e-771906343485)',
  hostname: 'a host name',
  ipv4: 'an IPv4 address',
  ipv6: 'an IPv6 address',
}

function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number'
  return typeName(typeof value)
}

function pointerToField(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map(pointerKey)
    .map((seg, i) => (/^\d+$/.test(seg) ? `[${seg}]` : i === 0 ? seg : `.${seg}`))
    .join('')
}

function describe(e: ErrorObject, data: unknown): DataValidationError {
  const p = e.params as Record<string, unknown>
  let path = e.instancePath
  const value = valueAt(data, path)
  let what: string
  switch (e.keyword) {
    case 'required':
      path = `${path}/${pointerToken(String(p.missingProperty))}`
      what = 'is required but missing'
      break
    case 'additionalProperties':
      path = `${path}/${pointerToken(String(p.additionalProperty))}`
      what = 'is not a field of this event type; remove it or fix its name'
      break
    case 'type': {
      const types = String(p.type).split(',').map(typeName).join(' or ')
      what = `must be ${types}; got ${kindOf(value)}${typeof value === 'object' && value !== null ? '' : ` (${preview(value)})`}`
      break
    }
    case 'format':
      what = `must be ${FORMAT_NAMES[String(p.format)] ?? `in the "${String(p.format)}" format`}; got ${preview(value)}`
      break
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')
      what = `must be one of ${allowed}; got ${preview(value)}`
      break
    }
    case 'const':
      what = `must be ${JSON.stringify(p.allowedValue)}; got ${preview(value)}`
      break
    case 'pattern':
      what = `must match the pattern ${String(p.pattern)}; got ${preview(value)}`
      break
    case 'minLength':
      what = `must be at least ${String(p.limit)} character${p.limit === 1 ? '' : 's'} long; got ${preview(value)}`
      break
    case 'maxLength':
      what = `must be at most ${String(p.limit)} characters long; got ${typeof value === 'string' ? value.length : '?'} characters`
      break
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      what = `must be ${String(p.comparison)} ${String(p.limit)}; got ${preview(value)}`
      break
    case 'multipleOf':
      what = `must be a multiple of ${String(p.multipleOf)}; got ${preview(value)}`
      break
    case 'minItems':
      what = `must have at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}; got ${Array.isArray(value) ? value.length : 0}`
      break
    case 'maxItems':
      what = `must have at most ${String(p.limit)} items; got ${Array.isArray(value) ? value.length : '?'}`
      break
    case 'uniqueItems':
      what = `must not repeat items (items ${String(p.j)} and ${String(p.i)} are equal)`
      break
    case 'minProperties':
      what = `must have at least ${String(p.limit)} field${p.limit === 1 ? '' : 's'}`
      break
    case 'maxProperties':
      what = `must have at most ${String(p.limit)} fields`
      break
    case 'anyOf':
    case 'oneOf':
      what = `does not match any of the allowed shapes; got ${preview(value)}`
      break
    default:
      what = e.message ?? `fails the "${e.keyword}" rule`
  }
  const field = pointerToField(path)
  const message = field ? `Field "${field}" ${what}.` : `The data ${what}.`
  return { path, message }
}

/**
 * Data saved to be fired later (a schedule's fixed data, a scenario step's literal data) that a
 * profile which rejects mismatches would refuse at every run: its first problems in one sentence
 * and the path of the first, to refuse it when it is saved; null when it fits or the profile warns.
 */
export function refusedSavedData(schema: JsonSchema, data: unknown, dataValidation: 'reject' | 'warn'): { problems: string; path: string } | null {
  if (dataValidation !== 'reject') return null
  const r = validateData(schema, data)
  if (r.ok) return null
  return { problems: r.errors.slice(0, 3).map((e) => e.message).join(' '), path: r.errors[0]?.path ?? '' }
}

/**
 * Checks `data` against an event type's schema. Every problem is reported once, with the path
 * of the offending field. Throws when the schema itself is not a valid JSON Schema.
 */
export function validateData(schema: JsonSchema, data: unknown): DataValidationResult {
  const validate = validatorFor(schema)
  if (validate(data)) return { ok: true, errors: [] }
  const raw = validate.errors ?? []
  // Inside anyOf/oneOf, the failures of each branch are noise once the branch error is reported.
  const branches = raw.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
  const kept = raw.filter(
    (e) =>
      branches.includes(e) ||
      !branches.some((b) => e.schemaPath.startsWith(`${b.schemaPath}/`) && e.instancePath.startsWith(b.instancePath)),
  )
  const seen = new Set<string>()
  const errors: DataValidationError[] = []
  for (const e of kept) {
    const d = describe(e, data)
    const key = `${d.path}\u0000${d.message}`
    if (!seen.has(key)) {
      seen.add(key)
      errors.push(d)
    }
  }
  return { ok: false, errors }
}

// ---------------------------------------------------------------------------------------------
// Generation

const GENERATION_ATTEMPTS = 8
const DAY_MIN = Date.UTC(2024, 0, 1) / 1000
const DAY_MAX = Date.UTC(2026, 11, 31, 23, 59, 59) / 1000

/**
 * What generation may produce, whatever a schema asks for: the faker loops as many times as
 * `minLength`, `minItems`… say, so a user schema with `minLength: 100000000` would hold the
 * engine for minutes and fill its memory. Schemas are clamped to these before generation, and
 * generation stops once it has produced `nodes` values or `bytes` of strings.
 */
export const GENERATION_LIMITS = {
  /** Characters of one string (minLength, maxLength, a pattern's repeats, faker lengths). */
  stringLength: 10_000,
  /** Items of one array (minItems, maxItems). */
  items: 100,
  /** Fields of one object (minProperties, maxProperties). */
  properties: 100,
  /** Counts given to faker's lorem, word and helpers methods (paragraphs, words…). */
  fakerCount: 100,
  /** Values in the whole generated data (objects, arrays and leaves). */
  nodes: 20_000,
  /** The generated data, serialized as JSON: the cap of any event's data. */
  bytes: MAX_EVENT_DATA_BYTES,
} as const

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`
}

/**
 * Whether `value` nests objects and arrays more than `limit` levels deep. Walked with a stack of
 * its own: a recursive walk would overflow on the very data it is there to refuse.
 */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<{ node: object; depth: number }> = value !== null && typeof value === 'object' ? [{ node: value, depth: 1 }] : []
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!
    if (depth > limit) return true
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push({ node: child, depth: depth + 1 })
    }
  }
  return false
}

/**
 * Null when `value` nests no deeper than MAX_EVENT_DATA_DEPTH (event data, schemas, envelopes,
 * imported documents: past it, walking them overflows the stack); else what is wrong, then `fix`.
 */
export function tooDeepProblem(value: unknown, what: string, fix = 'Flatten it.'): string | null {
  if (!nestedDeeperThan(value, MAX_EVENT_DATA_DEPTH)) return null
  return `${what} is nested deeper than ${MAX_EVENT_DATA_DEPTH} levels (objects and arrays inside each other). ${fix}`
}

/**
 * Null when `value` fits the caps of event data: its size as JSON, and its depth (checked first:
 * serializing data nested thousands of levels deep overflows the stack). Else what is wrong,
 * then `fix` for a size problem.
 */
export function oversizeProblem(value: unknown, what: string, fix: string): string | null {
  const deep = tooDeepProblem(value, what, `Event data can nest at most ${MAX_EVENT_DATA_DEPTH} levels, and receivers' JSON parsers often stop sooner: flatten it.`)
  if (deep) return deep
  const size = Buffer.byteLength(JSON.stringify(value) ?? '')
  if (size <= MAX_EVENT_DATA_BYTES) return null
  return `${what} is ${formatBytes(size)} as JSON; event data can be at most ${formatBytes(MAX_EVENT_DATA_BYTES)} (webhook receivers and providers cap payloads too). ${fix}`
}

export const SMALLER_DATA_HINT = 'Send a smaller object, e.g. ids and links instead of whole documents.'

/**
 * Generation refused because of size: the schema asks for more than the generation limits, or
 * the data would exceed the event data cap. `path` is the JSON pointer of the keyword in the
 * schema ("" for the schema as a whole).
 */
export class DataTooLargeError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message)
    this.name = 'DataTooLargeError'
  }
}

// json-schema-faker's own date-times come out as "…T01:01:01.0Z"; these read like real ones.
const FORMATS = {
  'date-time': (r: { int(min: number, max: number): number }) =>
    new Date(r.int(DAY_MIN, DAY_MAX) * 1000).toISOString().replace('.000Z', 'Z'),
  date: (r: { int(min: number, max: number): number }) => new Date(r.int(DAY_MIN, DAY_MAX) * 1000).toISOString().slice(0, 10),
}

/** A keyword lowered for generation: if the data then fails the schema, this is why. */
interface Clamp {
  /** JSON pointer of the keyword in the schema, e.g. `/properties/body/minLength`. */
  path: string
  keyword: string
  value: number | string
  limit: number
}

/**
 * A rough upper bound of the length of a string generated from a regular expression (as
 * json-schema-faker expands it: a quantifier repeats its atom up to min + 5 times, nested
 * groups multiply). Alternatives are summed rather than maxed: an over-estimate is fine.
 */
export function patternLength(pattern: string): number {
  const cap = 1e12
  const stack: number[] = [0]
  let i = 0
  while (i < pattern.length) {
    const c = pattern[i]!
    let atom = 1
    if (c === '\\') {
      i += 2
    } else if (c === '[') {
      i++
      if (pattern[i] === '^') i++
      if (pattern[i] === ']') i++
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1
      i++
    } else if (c === '(') {
      stack.push(0)
      i++
      continue
    } else if (c === ')') {
      atom = stack.length > 1 ? stack.pop()! : 0
      i++
    } else if (c === '|' || c === '^' || c === '$') {
      i++
      continue
    } else {
      i++
    }
    let times = 1
    const counted = /^\{(\d+)(?:,(\d*))?\}/.exec(pattern.slice(i, i + 40))
    if (counted) {
      times = Number(counted[1]) + 5
      i += counted[0].length
    } else if (pattern[i] === '*' || pattern[i] === '+') {
      times = 6
      i++
    } else if (pattern[i] === '?') {
      i++
    }
    if (pattern[i] === '?' || pattern[i] === '+') i++
    stack[stack.length - 1] = Math.min(cap, stack[stack.length - 1]! + atom * times)
  }
  return Math.min(cap, stack.reduce((a, b) => a + b, 0))
}

const SIZE_KEYWORDS: Record<string, number> = {
  minLength: GENERATION_LIMITS.stringLength,
  maxLength: GENERATION_LIMITS.stringLength,
  minItems: GENERATION_LIMITS.items,
  maxItems: GENERATION_LIMITS.items,
  minContains: GENERATION_LIMITS.items,
  maxContains: GENERATION_LIMITS.items,
  minProperties: GENERATION_LIMITS.properties,
  maxProperties: GENERATION_LIMITS.properties,
}
/** Keywords whose value is a schema, a list of schemas, or a map of names to schemas. */
const SUBSCHEMA = new Set(['items', 'additionalItems', 'additionalProperties', 'unevaluatedItems', 'unevaluatedProperties', 'contains', 'propertyNames', 'not', 'if', 'then', 'else', 'contentSchema'])
const SUBSCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems'])
const SUBSCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'dependencies'])
/** Every schema node handed to the faker carries this annotation; see `budget` below. */
const MARK = '$comment'
const FAKER_COUNT_NAMESPACES = new Set(['lorem', 'word', 'helpers'])
const FAKER_TEMPLATES = new Set(['helpers.fake', 'helpers.mustache', 'helpers.fromRegExp'])

/**
 * Numbers in faker arguments that say how long or how many (`string.alpha(1e8)`,
 * `lorem.paragraphs(1e6)`, `{ length: 1e8 }`) lowered to the generation limits. Returns
 * undefined when the hint cannot be made safe (a template or regex that expands too far):
 * the value is then generated from the schema's other keywords.
 */
function boundFakerHint(hint: unknown): unknown {
  if (typeof hint === 'string' || hint === null || typeof hint !== 'object' || Array.isArray(hint)) return hint
  const entries = Object.entries(hint as Record<string, unknown>)
  if (entries.length === 0) return hint
  const [method, args] = entries[0]!
  const namespace = method.split('.')[0]!
  const lengthLike = namespace === 'string'
  const countLike = FAKER_COUNT_NAMESPACES.has(namespace)
  const limitFor = (key: string | null): number | null => {
    if (key === 'length' || (key === null && lengthLike) || (lengthLike && (key === 'min' || key === 'max'))) return GENERATION_LIMITS.stringLength
    if (key === 'count' || (key === null && countLike) || (countLike && (key === 'min' || key === 'max'))) return GENERATION_LIMITS.fakerCount
    return null
  }
  let unsafe = false
  const bound = (value: unknown, key: string | null, depth: number): unknown => {
    if (typeof value === 'number') {
      const limit = limitFor(key)
      return limit !== null && value > limit ? limit : value
    }
    if (typeof value === 'string') {
      // A template or regex: `{{lorem.paragraphs(1000000)}}`, `(a{999}){999}`.
      const numbers = value.match(/\d+/g) ?? []
      if (FAKER_TEMPLATES.has(method) && (patternLength(value) > GENERATION_LIMITS.stringLength || numbers.some((n) => Number(n) > GENERATION_LIMITS.stringLength))) unsafe = true
      return value
    }
    // Arrays are values to pick from (helpers.arrayElement): left alone.
    if (value === null || typeof value !== 'object' || Array.isArray(value) || depth > 3) return value
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bound(v, k === 'length' || k === 'count' ? k : key === 'length' || key === 'count' ? key : k, depth + 1)]))
  }
  const out = Array.isArray(args) ? args.map((a) => bound(a, null, 0)) : bound(args, null, 0)
  return unsafe ? undefined : { [method]: out }
}

/**
 * The copy of `schema` given to the faker:
 * - a nullable value is never null (`["string", "null"]` becomes `"string"`): generated
 *   payloads show the fields filled in, as most real events do;
 * - size keywords above the generation limits are lowered to them (`clamps` says which minimums
 *   were, to explain a generated value that then fails the schema);
 * - a pattern that would expand beyond the string limit is left out (the value then fails it);
 * - every schema node carries `MARK`, so the budget sees each value before it is generated.
 */
function forGeneration(node: unknown, path: string, clamps: Clamp[]): unknown {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return node
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(node)) {
    const at = `${path}/${pointerToken(k)}`
    if (SUBSCHEMA.has(k)) out[k] = Array.isArray(v) ? v.map((s, i) => forGeneration(s, `${at}/${i}`, clamps)) : forGeneration(v, at, clamps)
    else if (SUBSCHEMA_LISTS.has(k) && Array.isArray(v)) out[k] = v.map((s, i) => forGeneration(s, `${at}/${i}`, clamps))
    else if (SUBSCHEMA_MAPS.has(k) && v !== null && typeof v === 'object' && !Array.isArray(v)) {
      out[k] = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, Array.isArray(s) ? s : forGeneration(s, `${at}/${pointerToken(name)}`, clamps)]))
    } else if (k in SIZE_KEYWORDS && typeof v === 'number' && v > SIZE_KEYWORDS[k]!) {
      out[k] = SIZE_KEYWORDS[k]
      if (k.startsWith('min')) clamps.push({ path: at, keyword: k, value: v, limit: SIZE_KEYWORDS[k]! })
    } else if (k === 'pattern' && typeof v === 'string' && patternLength(v) > GENERATION_LIMITS.stringLength) {
      clamps.push({ path: at, keyword: k, value: v, limit: GENERATION_LIMITS.stringLength })
    } else if (k === 'x-faker') {
      const hint = boundFakerHint(v)
      if (hint !== undefined) out[k] = hint
    } else out[k] = v
  }
  const t = out.type
  if (Array.isArray(t) && t.includes('null') && t.length > 1 && t.every((x) => typeof x === 'string')) {
    const rest = t.filter((x) => x !== 'null')
    out.type = rest.length === 1 ? rest[0] : rest
    if (Array.isArray(out.enum)) out.enum = out.enum.filter((x) => x !== null)
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = out[key]
    if (Array.isArray(branches) && branches.length > 1) {
      const kept = branches.filter((b) => !(b && typeof b === 'object' && (b as Record<string, unknown>).type === 'null'))
      if (kept.length > 0) out[key] = kept
    }
  }
  out[MARK] = true
  return out
}

/**
 * The budget of the generation running now (generation is synchronous, so one at a time). The
 * faker calls the `MARK` extension before it generates each marked schema node: past the budget
 * it answers null, so the rest of the tree is not generated at all (throwing instead would be
 * caught and retried by the faker's oneOf/anyOf handling). `outputTransform` counts the
 * characters of the strings produced.
 */
const budget = { active: false, nodes: 0, bytes: 0, exceeded: false }
define(MARK, () => {
  if (!budget.active) return undefined
  if (budget.exceeded || ++budget.nodes > GENERATION_LIMITS.nodes) {
    budget.exceeded = true
    return null
  }
  return undefined
})
function countOutput(value: unknown): unknown {
  if (budget.active) {
    budget.bytes += typeof value === 'string' ? value.length + 3 : 8
    if (budget.bytes > GENERATION_LIMITS.bytes) budget.exceeded = true
  }
  return value
}

function describeClamp(c: Clamp): string {
  const where = `${c.keyword} at "${c.path}"`
  switch (c.keyword) {
    case 'minLength':
      return `${where} asks for strings of at least ${c.value} characters; lower it to ${c.limit} or less`
    case 'minItems':
    case 'minContains':
      return `${where} asks for at least ${c.value} items; lower it to ${c.limit} or less`
    case 'minProperties':
      return `${where} asks for at least ${c.value} fields; lower it to ${c.limit} or less`
    default:
      return `${where} (${preview(c.value)}) repeats too much: generated strings are at most ${c.limit} characters, so make its counts smaller`
  }
}

/**
 * Realistic data for an event type: the same `seed` gives the same data; without one, fresh
 * data each call. The result validates against `schema` whenever the schema can be satisfied
 * (a few seeds are tried, in a fixed order, before giving up with an error).
 *
 * Generation is bounded (`GENERATION_LIMITS`): a schema that asks for more, or data that would
 * serialize to more than the event data cap, throws a `DataTooLargeError` naming the keyword.
 * `eventType` names the event type in messages.
 */
export function generateData(schema: JsonSchema, seed?: number, eventType?: string): unknown {
  const first = seed ?? randomInt(1, 2 ** 31 - 1)
  const clamps: Clamp[] = []
  const source = forGeneration(schema, '', clamps) as FakerSchema
  const of = eventType ? ` for ${eventType}` : ''
  const tooLarge = (why: string, path: string) =>
    new DataTooLargeError(
      `Cannot generate data${of}: ${why}. Generated event data is capped at ${formatBytes(GENERATION_LIMITS.bytes)} (strings of ${GENERATION_LIMITS.stringLength} characters, arrays of ${GENERATION_LIMITS.items} items, objects of ${GENERATION_LIMITS.properties} fields). Change the event type's schema, or give the data yourself.`,
      path,
    )
  let lastError: DataValidationError[] = []
  // Why an attempt was too large. Not thrown at once: inside anyOf/oneOf only some seeds pick
  // the branch that is too large (or lowered), and another seed may succeed.
  let tooLargeError: DataTooLargeError | null = null
  let spent = 0
  let spentNodes = 0
  let tried = 0
  for (let i = 0; i < GENERATION_ATTEMPTS; i++) {
    tried++
    const s = (first + i * 7919) % 2 ** 31
    // One shared instance: generation is synchronous and seeding resets all its state.
    faker.seed(s)
    let value: unknown
    Object.assign(budget, { active: true, nodes: 0, bytes: 0, exceeded: false })
    try {
      value = generateSync(source, {
        seed: s,
        extensions: { faker },
        propAliases: { 'x-faker': 'faker' },
        alwaysFakeOptionals: true,
        maxDefaultItems: 2,
        // Real payloads nest deeper than the default 5 (GitHub: pull_request.head.repo.owner…).
        maxDepth: 16,
        formats: FORMATS,
        outputTransform: countOutput,
      })
    } catch (err) {
      throw new Error(`Cannot generate data${of} from this schema: ${(err as Error).message}`)
    } finally {
      budget.active = false
    }
    const size = budget.exceeded ? budget.bytes : Buffer.byteLength(JSON.stringify(value) ?? '')
    if (budget.exceeded) {
      const why = budget.nodes > GENERATION_LIMITS.nodes ? `the schema asks for more than ${GENERATION_LIMITS.nodes} values (arrays, fields or $ref recursion multiply)` : `the data would be larger than ${formatBytes(GENERATION_LIMITS.bytes)}`
      tooLargeError ??= tooLarge(`${why}; lower minItems, minLength and minProperties, or make recursive fields optional`, '')
    } else if (size > GENERATION_LIMITS.bytes) {
      tooLargeError ??= tooLarge(`the data would be ${formatBytes(size)} as JSON; lower minItems, minLength and minProperties`, '')
    } else {
      const check = validateData(schema, value)
      if (check.ok) return value
      // A lowered keyword is the likely reason (on every seed, unless it sits in one branch).
      if (clamps.length) tooLargeError ??= tooLarge(clamps.slice(0, 3).map(describeClamp).join('; '), clamps[0]!.path)
      lastError = check.errors
    }
    // Big attempts that fail: retrying takes that long again, so the retries share one budget.
    spent += size
    spentNodes += budget.nodes
    if (spent > GENERATION_LIMITS.bytes || spentNodes > GENERATION_LIMITS.nodes) break
  }
  if (tooLargeError) throw tooLargeError
  throw new Error(
    `Cannot generate data${of} that satisfies this schema (tried ${tried} seed${tried === 1 ? '' : 's'}): ${lastError
      .slice(0, 3)
      .map((e) => e.message)
      .join(' ')} Check that its constraints can all hold at once, or give the data yourself.`,
  )
}
