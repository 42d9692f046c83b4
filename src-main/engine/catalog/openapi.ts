/**
 * A catalog as an OpenAPI 3.1 document: one `webhooks` entry per event type, whose request body
 * is the full envelope (the data schema sits in `components.schemas` and is referenced where
 * `{{data}}` goes), with the headers of the profile as header parameters. Importing reads any
 * OpenAPI 3.1 `webhooks` document (Hookbench's own round-trips exactly; others are read with
 * the heuristics listed in the warnings).
 */
import {
  ENVELOPE_PLACEHOLDERS,
  type EventType,
  type JsonSchema,
  type ProviderProfile,
} from '../../../src-shared/catalog'
import { MAX_EVENT_DATA_BYTES } from '../../../src-shared/api/sender-common'
import { buildEventPayload, buildHandshakePayload, envelopeDataPath } from './envelope'
import { checkSchema, formatBytes, generateData, validateData } from './payloads'
import { describeSchemaProblems } from './schema-problems'

export type OpenApiDocument = Record<string, unknown> & {
  openapi: string
  info: { title: string; version: string; description?: string }
  webhooks: Record<string, unknown>
}

export interface OpenApiImportResult {
  eventTypes: EventType[]
  /** What was skipped, guessed or simplified, one sentence each. */
  warnings: string[]
  /** `info.title` of the document. */
  title?: string
}

/** Vendor extension on each operation: lets Hookbench's own exports round-trip exactly. */
interface HookbenchEventExtension {
  name: string
  category: string
  description: string
  /** Keys leading from the body to the event data (`[]`: the body is the data). */
  dataPath: string[]
}

const EXAMPLE_TIME = Date.UTC(2024, 2, 15, 10, 30, 0)
const EXAMPLE_UUID = '72d3162e-cc78-11e3-81ab-4c9367dc0958'

// Headers each signing scheme emits itself (the profile's own headers are added to these).
const SCHEME_HEADERS: Record<string, Array<{ name: string; description: string }>> = {
  'standard-webhooks': [
    { name: 'webhook-id', description: 'Message id; the same on every retry (idempotency key)' },
    { name: 'webhook-timestamp', description: 'Unix seconds of the attempt, signed' },
    { name: 'webhook-signature', description: 'Space-delimited "v1,<base64 HMAC-SHA256 of id.timestamp.body>"' },
  ],
  stripe: [{ name: 'Stripe-Signature', description: 't=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">' }],
  github: [{ name: 'X-Hub-Signature-256', description: 'sha256=<hex HMAC-SHA256 of the body>' }],
  slack: [
    { name: 'X-Slack-Signature', description: 'v0=<hex HMAC-SHA256 of "v0:timestamp:body">' },
    { name: 'X-Slack-Request-Timestamp', description: 'Unix seconds of the attempt' },
  ],
  shopify: [{ name: 'X-Shopify-Hmac-Sha256', description: 'base64 HMAC-SHA256 of the body' }],
}

function signatureHeaders(profile: ProviderProfile): Array<{ name: string; description: string }> {
  const fixed = SCHEME_HEADERS[profile.scheme]
  if (fixed) return fixed
  const s = profile.signing
  const name = s.headerName ?? 'X-Webhook-Signature'
  const enc = s.encoding ?? 'hex'
  const alg = (s.algorithm ?? 'sha256').toUpperCase()
  const out = [{ name, description: `${s.prefix ?? ''}<${enc} HMAC-${alg} of the ${s.template ? `signed content ${s.template}` : 'raw body'}>` }]
  if (s.timestampHeader) out.push({ name: s.timestampHeader, description: `Time of the attempt (${s.timestampFormat ?? 'unix'})` })
  if (s.idHeader) out.push({ name: s.idHeader, description: 'Event id' })
  return out
}

function headerParameters(profile: ProviderProfile, eventName: string): unknown[] {
  const params: Array<Record<string, unknown>> = []
  const add = (name: string, description: string, required: boolean, example?: string): void => {
    if (params.some((p) => String(p.name).toLowerCase() === name.toLowerCase())) return
    params.push({ name, in: 'header', required, description, schema: { type: 'string' }, ...(example !== undefined ? { example } : {}) })
  }
  for (const h of signatureHeaders(profile)) {
    add(h.name, profile.secret.required ? h.description : `${h.description}; sent only when the webhook has a secret`, profile.secret.required)
  }
  const h = profile.headers
  if (h.eventType) add(h.eventType, 'The event type', true, eventName)
  if (h.timestamp) add(h.timestamp.name, `Time of the attempt (${h.timestamp.format === 'unix' ? 'unix seconds' : 'ISO 8601'})`, true)
  if (h.webhookId) add(h.webhookId, 'Id of the webhook receiving the delivery', true)
  if (h.deliveryId) add(h.deliveryId, 'Delivery GUID: the event id, the same on every attempt', true)
  if (h.userAgent) add('User-Agent', 'User agent of the sender', false, h.userAgent)
  for (const [name, value] of Object.entries(h.extra ?? {})) add(name, 'Constant header', false, value)
  return params
}

function componentKey(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_')
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** JSON Schema of the body the envelope template produces for one event type. */
function envelopeSchema(template: unknown, profile: ProviderProfile, eventName: string, dataRef: string): unknown {
  const placeholder = (name: string): unknown => {
    const description = ENVELOPE_PLACEHOLDERS[`{{${name}}}` as keyof typeof ENVELOPE_PLACEHOLDERS]
    switch (name) {
      case 'event.id':
        return profile.idFormat === 'uuid'
          ? { type: 'string', format: 'uuid', description }
          : { type: 'string', ...(profile.idPrefix ? { pattern: `^${escapeRegExp(profile.idPrefix)}` } : {}), description }
      case 'event.type':
        return { type: 'string', const: eventName, description }
      case 'timestamp.iso':
      case 'timestamp.iso_ms':
        return { type: 'string', format: 'date-time', description }
      case 'timestamp.unix':
      case 'timestamp.unix_ms':
        return { type: 'integer', description }
      case 'webhook.id':
        return { type: 'string', description }
      case 'data':
        return { $ref: dataRef }
      default:
        return { type: 'string' }
    }
  }
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') {
      const whole = /^\{\{\s*([A-Za-z0-9_.]+)\s*\}\}$/.exec(node)
      if (whole) return placeholder(whole[1]!)
      return node.includes('{{') ? { type: 'string' } : { type: 'string', examples: [node] }
    }
    if (typeof node === 'number') return { type: Number.isInteger(node) ? 'integer' : 'number', examples: [node] }
    if (typeof node === 'boolean') return { type: 'boolean' }
    if (node === null) return { type: 'null' }
    if (Array.isArray(node)) return { type: 'array' }
    const entries = Object.entries(node as Record<string, unknown>)
    return {
      type: 'object',
      required: entries.map(([k]) => k),
      properties: Object.fromEntries(entries.map(([k, v]) => [k, walk(v)])),
    }
  }
  return walk(template)
}

/** The catalog of a profile as an OpenAPI 3.1 document with a `webhooks` section. */
export function exportCatalogAsOpenApi(profile: ProviderProfile, eventTypes: EventType[]): OpenApiDocument {
  const dataPath = envelopeDataPath(profile.envelope) ?? []
  const webhooks: Record<string, unknown> = {}
  const schemas: Record<string, unknown> = {}
  const tags: string[] = []
  const usedKeys = new Set<string>()
  for (const et of eventTypes) {
    let key = componentKey(et.name)
    for (let i = 2; usedKeys.has(key); i++) key = `${componentKey(et.name)}_${i}`
    usedKeys.add(key)
    schemas[key] = et.schema
    if (!tags.includes(et.category)) tags.push(et.category)
    const example = buildEventPayload({
      profile,
      eventType: et.name,
      eventId: profile.idFormat === 'uuid' ? `${profile.idPrefix}${EXAMPLE_UUID}` : `${profile.idPrefix}1234567890`,
      timestamp: EXAMPLE_TIME,
      webhookId: 'wh_example',
      data: et.example,
    })
    const extension: HookbenchEventExtension = { name: et.name, category: et.category, description: et.description, dataPath }
    webhooks[et.name] = {
      post: {
        operationId: `webhook_${componentKey(et.name)}`,
        summary: et.description,
        tags: [et.category],
        parameters: headerParameters(profile, et.name),
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: envelopeSchema(profile.envelope, profile, et.name, `#/components/schemas/${key}`),
              example,
            },
          },
        },
        responses: {
          '2XX': { description: 'Any 2xx status acknowledges the delivery; anything else is a failure.' },
        },
        'x-hookbench-event': extension,
      },
    }
  }
  const handshake = profile.handshake
  if (handshake && !webhooks[handshake.eventType]) webhooks[handshake.eventType] = handshakeOperation(profile, handshake)
  return {
    openapi: '3.1.0',
    info: {
      title: `${profile.name} webhooks`,
      version: '1.0.0',
      description: profile.description,
    },
    tags: tags.map((name) => ({ name })),
    webhooks,
    components: { schemas },
    'x-hookbench-profile': {
      id: profile.id,
      name: profile.name,
      scheme: profile.scheme,
      retrySchedule: profile.retrySchedule,
      timeoutMs: profile.timeoutMs,
      disableAfter: profile.disableAfter,
    },
  }
}

/**
 * The verification handshake a new webhook receives (Workestra's `endpoint.verify`), so a
 * receiver built from the document answers it too. Marked `x-hookbench-handshake`: it is part of
 * the profile, not an event type, and imports skip it.
 */
function handshakeOperation(profile: ProviderProfile, handshake: NonNullable<ProviderProfile['handshake']>): unknown {
  const idPrefix = handshake.idPrefix ?? profile.idPrefix
  const example = handshake.example ?? buildHandshakePayload({ profile, eventId: `${idPrefix}1234567890`, timestamp: EXAMPLE_TIME, webhookId: 'wh_example' })
  return {
    post: {
      operationId: `handshake_${componentKey(handshake.eventType)}`,
      summary: `Verification handshake: sent once when a webhook is created, which succeeds only if the endpoint answers ${handshake.expectStatus}.`,
      tags: ['handshake'],
      parameters: headerParameters(profile, handshake.eventType),
      requestBody: {
        required: true,
        content: { 'application/json': { schema: envelopeSchema(handshake.envelope, { ...profile, idPrefix }, handshake.eventType, '#'), example } },
      },
      responses: { [String(handshake.expectStatus)]: { description: `The endpoint must answer ${handshake.expectStatus} for the webhook to be created.` } },
      'x-hookbench-handshake': { eventType: handshake.eventType, expectStatus: handshake.expectStatus },
    },
  }
}

// ---------------------------------------------------------------------------------------------
// Import

const NAME_RE = /^[A-Za-z0-9_][A-Za-z0-9_.:/-]*$/

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

function pointerGet(doc: unknown, ref: string): unknown {
  if (ref === '#') return doc
  let node = doc
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~')
    if (!isObject(node) && !Array.isArray(node)) return undefined
    node = (node as Record<string, unknown>)[key]
  }
  return node
}

/**
 * A copy of `node` with every `#/…` reference into the document inlined, so each event schema
 * stands alone. Sibling keywords of a `$ref` are kept (OpenAPI 3.1). Recursive or external
 * references cannot be inlined: they become `{}` (anything) and a warning.
 */
function inlineRefs(node: unknown, doc: unknown, where: string, warn: (m: string) => void, stack: string[] = []): unknown {
  if (Array.isArray(node)) return node.map((v) => inlineRefs(v, doc, where, warn, stack))
  if (!isObject(node)) return node
  if (typeof node.$ref === 'string') {
    const ref = node.$ref
    const { $ref: _drop, ...siblings } = node
    const rest = inlineRefs(siblings, doc, where, warn, stack) as Record<string, unknown>
    if (!ref.startsWith('#')) {
      warn(`${where}: the external reference "${ref}" cannot be read offline; it was replaced by an unconstrained schema.`)
      return rest
    }
    if (stack.includes(ref)) {
      warn(`${where}: the recursive reference "${ref}" was cut at its second level (the schema allows anything there).`)
      return rest
    }
    const target = pointerGet(doc, ref)
    if (target === undefined) {
      warn(`${where}: the reference "${ref}" points to nothing in the document; it was replaced by an unconstrained schema.`)
      return rest
    }
    const resolved = inlineRefs(target, doc, where, warn, [...stack, ref])
    return isObject(resolved) ? { ...resolved, ...rest } : resolved
  }
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(node)) out[k] = inlineRefs(v, doc, where, warn, stack)
  return out
}

function follow(node: unknown, path: string[], through: (n: Record<string, unknown>, key: string) => unknown): unknown {
  let cur = node
  for (const key of path) {
    if (!isObject(cur)) return undefined
    cur = through(cur, key)
  }
  return cur
}

const schemaChild = (n: Record<string, unknown>, key: string): unknown =>
  isObject(n.properties) ? (n.properties as Record<string, unknown>)[key] : undefined
const valueChild = (n: Record<string, unknown>, key: string): unknown => n[key]

/** Where the event data sits in a body schema that carries no Hookbench extension. */
function guessDataPath(body: unknown): string[] {
  if (!isObject(body) || !isObject(body.properties)) return []
  const props = body.properties as Record<string, unknown>
  const data = props.data
  if (!isObject(data)) return []
  // Stripe's Event object: {object: "event", data: {object: <resource>}}.
  if (props.object && isObject(data.properties) && isObject((data.properties as Record<string, unknown>).object)) {
    return ['data', 'object']
  }
  return ['data']
}

function firstExample(media: Record<string, unknown>, schema: unknown): unknown {
  if ('example' in media) return media.example
  if (isObject(media.examples)) {
    const first = Object.values(media.examples)[0]
    if (isObject(first) && 'value' in first) return first.value
  }
  if (isObject(schema)) {
    if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0]
    if ('example' in schema) return schema.example
  }
  return undefined
}

/**
 * Reads the `webhooks` of an OpenAPI 3.1 document (an object, or its JSON text) into event
 * types. Throws an Error saying what to fix when the document is not OpenAPI 3.1 or has no
 * webhooks; anything skipped or guessed per event is listed in `warnings`.
 */
export function importCatalogFromOpenApi(input: unknown): OpenApiImportResult {
  let doc = input
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc)
    } catch (err) {
      throw new Error(
        `The document is not valid JSON (${(err as Error).message}). Hookbench reads OpenAPI documents as JSON; convert a YAML document to JSON first.`,
      )
    }
  }
  if (!isObject(doc)) {
    throw new Error('The document is not an OpenAPI object: expected a JSON object with "openapi": "3.1.0" and a "webhooks" section.')
  }
  if (doc.swagger !== undefined) {
    throw new Error(
      `This is a Swagger ${String(doc.swagger)} document. Hookbench imports OpenAPI 3.1 documents, where events are described in a top-level "webhooks" section (added in OpenAPI 3.1); convert it to OpenAPI 3.1 first.`,
    )
  }
  if (doc.openapi === undefined) {
    throw new Error('The document has no "openapi" field. Hookbench imports OpenAPI 3.1 documents: set "openapi": "3.1.0" and describe each event under "webhooks".')
  }
  if (typeof doc.openapi !== 'string' || !/^3\.1\.\d+/.test(doc.openapi)) {
    throw new Error(
      `This is an OpenAPI ${String(doc.openapi)} document, but Hookbench imports OpenAPI 3.1 only (3.0 has no "webhooks" section; its callbacks are not event catalogs). Set "openapi" to "3.1.0" and describe each event under a top-level "webhooks" section.`,
    )
  }
  if (doc.webhooks === undefined) {
    throw new Error(
      'The document has no "webhooks" section. Add one entry per event type, e.g. "webhooks": { "contact.created": { "post": { "requestBody": { "content": { "application/json": { "schema": { … } } } } } } }.',
    )
  }
  if (!isObject(doc.webhooks)) throw new Error('"webhooks" must be an object with one entry per event type.')
  const entries = Object.entries(doc.webhooks)
  if (entries.length === 0) throw new Error('The "webhooks" section is empty: add one entry per event type.')

  const warnings: string[] = []
  const eventTypes: EventType[] = []
  const seen = new Set<string>()
  for (const [key, rawItem] of entries) {
    const where = `webhooks["${key}"]`
    const warn = (m: string): void => void warnings.push(m)
    const item = inlineRefs(rawItem, doc, where, warn)
    if (!isObject(item)) {
      warn(`${where}: not a Path Item object; skipped.`)
      continue
    }
    let op = item.post
    if (!isObject(op)) {
      const method = ['put', 'patch'].find((m) => isObject(item[m]))
      if (!method) {
        warn(`${where}: no POST operation; skipped.`)
        continue
      }
      op = item[method]
      warn(`${where}: uses ${method.toUpperCase()}; Hookbench sends webhooks with POST.`)
    }
    const operation = op as Record<string, unknown>
    // A Hookbench export's handshake belongs to its profile, not to the catalog.
    if (isObject(operation['x-hookbench-handshake'])) continue
    const ext = isObject(operation['x-hookbench-event']) ? (operation['x-hookbench-event'] as Partial<HookbenchEventExtension>) : undefined
    const name = typeof ext?.name === 'string' ? ext.name : key
    if (!NAME_RE.test(name) || name.length > 200) {
      warn(`${where}: "${name}" is not a usable event type name (letters, digits, "_", ".", ":", "/", "-"; no spaces); skipped. Rename the entry, e.g. "contact.created".`)
      continue
    }
    if (seen.has(name)) {
      warn(`${where}: the event type "${name}" is defined twice; the second definition was skipped.`)
      continue
    }
    const tags = Array.isArray(operation.tags) ? operation.tags.filter((t): t is string => typeof t === 'string') : []
    const category =
      typeof ext?.category === 'string' && ext.category ? ext.category : tags[0] ?? (name.includes('.') ? name.split('.')[0]! : 'general')
    const description =
      typeof ext?.description === 'string'
        ? ext.description
        : typeof operation.summary === 'string'
          ? operation.summary
          : typeof operation.description === 'string'
            ? operation.description
            : ''

    const body = isObject(operation.requestBody) ? operation.requestBody : undefined
    const content = body && isObject(body.content) ? body.content : undefined
    const mediaKey = content ? Object.keys(content).find((k) => k === 'application/json') ?? Object.keys(content).find((k) => /json/i.test(k)) : undefined
    let bodySchema: unknown = { type: 'object' }
    let bodyExample: unknown
    if (!content || !mediaKey || !isObject(content[mediaKey])) {
      warn(`${where}: no JSON request body is described; "${name}" was imported with an unconstrained object schema.`)
    } else {
      const media = content[mediaKey] as Record<string, unknown>
      if (media.schema !== undefined) bodySchema = media.schema
      else warn(`${where}: the request body has no schema; "${name}" accepts any object.`)
      bodyExample = firstExample(media, media.schema)
    }

    let dataPath: string[]
    if (Array.isArray(ext?.dataPath) && ext.dataPath.every((k) => typeof k === 'string')) {
      dataPath = ext.dataPath
    } else {
      dataPath = guessDataPath(bodySchema)
      if (dataPath.length > 0) warn(`${where}: took the body's ${dataPath.join('.')} as the event data (the rest is the envelope).`)
    }
    let schema = follow(bodySchema, dataPath, schemaChild)
    let example = bodyExample === undefined ? undefined : follow(bodyExample, dataPath, valueChild)
    if (schema === undefined) {
      warn(`${where}: the body schema has no ${dataPath.join('.')}; the whole body was taken as the event data.`)
      schema = bodySchema
      example = bodyExample
    }
    if (schema === true) schema = {}
    if (!isObject(schema)) {
      warn(`${where}: the data schema is not an object schema; skipped.`)
      continue
    }
    const problems = checkSchema(schema)
    if (problems.length > 0) {
      warn(`${where}: skipped, its data schema cannot be used: ${describeSchemaProblems(problems, '')}`)
      continue
    }
    const exampleSize = example === undefined ? 0 : Buffer.byteLength(JSON.stringify(example) ?? '')
    if (exampleSize > MAX_EVENT_DATA_BYTES) {
      warn(`${where}: the example is ${formatBytes(exampleSize)} as JSON, over the ${formatBytes(MAX_EVENT_DATA_BYTES)} cap of event data; it was left out.`)
      example = undefined
    }
    if (example === undefined) {
      try {
        example = generateData(schema as JsonSchema, 1, name)
        warn(`${where}: no example is given; Hookbench generated one from the schema.`)
      } catch {
        example = {}
        warn(`${where}: no example is given and none could be generated; the example is {}.`)
      }
    } else {
      const check = validateData(schema as JsonSchema, example)
      if (!check.ok) {
        warn(`${where}: the example does not match the schema: ${check.errors.slice(0, 3).map((e) => e.message).join(' ')}`)
      }
    }
    seen.add(name)
    eventTypes.push({ name, category, description, schema: schema as Record<string, unknown>, example })
  }
  if (eventTypes.length === 0) {
    throw new Error(`No event type could be imported from "webhooks": ${warnings.join(' ')}`)
  }
  return { eventTypes, warnings, ...(isObject(doc.info) && typeof doc.info.title === 'string' ? { title: doc.info.title } : {}) }
}
