/**
 * Event data: realistic fake data generated from an event type's JSON schema
 * (json-schema-faker, with faker for names, emails, companies… through `x-faker` hints), and
 * validation of data a user gives against that schema (ajv, JSON Schema 2020-12 + formats),
 * with messages that name the field and say what is expected.
 */
import { randomInt } from 'node:crypto'
import { Faker, base, en } from '@faker-js/faker'
import type { ErrorObject, ValidateFunction } from 'ajv'
import Ajv2020 from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { generateSync, type JsonSchema as FakerSchema } from 'json-schema-faker'
import type { JsonSchema } from '../../../src-shared/catalog'

// ---------------------------------------------------------------------------------------------
// Validation

const ajv = new Ajv2020({ allErrors: true, strict: false, logger: false, validateFormats: true })
addFormats(ajv)
// Generation hints are not validation keywords; declaring them keeps schemas portable.
ajv.addKeyword({ keyword: 'x-faker', schemaType: ['string', 'object'] })

const MAX_CACHED = 500
const validators = new Map<string, ValidateFunction>()

function validatorFor(schema: JsonSchema): ValidateFunction {
  const key = JSON.stringify(schema)
  const hit = validators.get(key)
  if (hit) return hit
  // Two user schemas may reuse one $id; ajv refuses duplicates, so the newer one wins.
  if (typeof schema === 'object' && typeof schema.$id === 'string') ajv.removeSchema(schema.$id)
  let fn: ValidateFunction
  try {
    fn = ajv.compile(schema)
  } catch (err) {
    throw new Error(`The event type's schema is not a valid JSON Schema: ${(err as Error).message}`)
  }
  if (validators.size >= MAX_CACHED) validators.delete(validators.keys().next().value!)
  validators.set(key, fn)
  return fn
}

/** Problems that make `schema` unusable as an event type schema ([] when it compiles). */
export function checkSchema(schema: unknown): string[] {
  if (typeof schema !== 'boolean' && (schema === null || typeof schema !== 'object' || Array.isArray(schema))) {
    return ['The schema must be a JSON Schema object, e.g. {"type": "object", "properties": {…}}.']
  }
  try {
    validatorFor(schema as JsonSchema)
    return []
  } catch (err) {
    return [(err as Error).message]
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

function preview(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return `an array of ${value.length}`
  if (typeof value === 'object') return 'an object'
  const s = JSON.stringify(value)
  return s.length > 60 ? `${s.slice(0, 57)}…` : s
}

function typeName(t: string): string {
  return { object: 'an object', array: 'an array', string: 'a string', integer: 'an integer', number: 'a number', boolean: 'true or false', null: 'null' }[t] ?? t
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
    .map((seg) => seg.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((seg, i) => (/^\d+$/.test(seg) ? `[${seg}]` : i === 0 ? seg : `.${seg}`))
    .join('')
}

function valueAt(data: unknown, pointer: string): unknown {
  let node = data
  for (const seg of pointer.split('/').slice(1)) {
    const key = seg.replace(/~1/g, '/').replace(/~0/g, '~')
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string, unknown>)[key]
  }
  return node
}

function describe(e: ErrorObject, data: unknown): DataValidationError {
  const p = e.params as Record<string, unknown>
  let path = e.instancePath
  const value = valueAt(data, path)
  let what: string
  switch (e.keyword) {
    case 'required':
      path = `${path}/${String(p.missingProperty).replace(/~/g, '~0').replace(/\//g, '~1')}`
      what = 'is required but missing'
      break
    case 'additionalProperties':
      path = `${path}/${String(p.additionalProperty).replace(/~/g, '~0').replace(/\//g, '~1')}`
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

// json-schema-faker's own date-times come out as "…T01:01:01.0Z"; these read like real ones.
const FORMATS = {
  'date-time': (r: { int(min: number, max: number): number }) =>
    new Date(r.int(DAY_MIN, DAY_MAX) * 1000).toISOString().replace('.000Z', 'Z'),
  date: (r: { int(min: number, max: number): number }) => new Date(r.int(DAY_MIN, DAY_MAX) * 1000).toISOString().slice(0, 10),
}

/**
 * A copy of `schema` for generation where a nullable value is never null (`["string", "null"]`
 * becomes `"string"`): generated payloads show the fields filled in, as most real events do.
 */
function preferNonNull(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(preferNonNull)
  if (node === null || typeof node !== 'object') return node
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(node)) out[k] = preferNonNull(v)
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
  return out
}

/**
 * Realistic data for an event type: the same `seed` gives the same data; without one, fresh
 * data each call. The result validates against `schema` whenever the schema can be satisfied
 * (a few seeds are tried, in a fixed order, before giving up with an error).
 */
export function generateData(schema: JsonSchema, seed?: number): unknown {
  const first = seed ?? randomInt(1, 2 ** 31 - 1)
  const source = preferNonNull(schema) as FakerSchema
  let lastError: DataValidationError[] = []
  for (let i = 0; i < GENERATION_ATTEMPTS; i++) {
    const s = (first + i * 7919) % 2 ** 31
    const faker = new Faker({ locale: [en, base] })
    faker.seed(s)
    let value: unknown
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
      })
    } catch (err) {
      throw new Error(`Cannot generate data from this schema: ${(err as Error).message}`)
    }
    const check = validateData(schema, value)
    if (check.ok) return value
    lastError = check.errors
  }
  throw new Error(
    `Cannot generate data that satisfies this schema (tried ${GENERATION_ATTEMPTS} seeds): ${lastError
      .slice(0, 3)
      .map((e) => e.message)
      .join(' ')} Check that its constraints can all hold at once, or give the data yourself.`,
  )
}
