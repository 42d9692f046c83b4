import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { exportCatalogAsOpenApi, importCatalogFromOpenApi } from '../../../../src-main/engine/catalog/openapi'
import { validateData } from '../../../../src-main/engine/catalog/payloads'
import { getPresetProfile, listPresetEventTypes, listPresetProfiles } from '../../../../src-main/engine/catalog/presets'

type Doc = ReturnType<typeof exportCatalogAsOpenApi>
type Op = {
  summary: string
  tags: string[]
  parameters: Array<{ name: string; in: string; required: boolean }>
  requestBody: { content: { 'application/json': { schema: unknown; example: unknown } } }
}
const op = (doc: Doc, name: string): Op => (doc.webhooks[name] as { post: Op }).post

describe('exportCatalogAsOpenApi', () => {
  it('writes an OpenAPI 3.1 document with one webhook per event type', () => {
    const profile = getPresetProfile('workestra')!
    const doc = exportCatalogAsOpenApi(profile, listPresetEventTypes('workestra'))
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.info.title).toBe('Workestra webhooks')
    expect(Object.keys(doc.webhooks)).toEqual([...listPresetEventTypes('workestra').map((e) => e.name), 'endpoint.verify'])
    const contact = op(doc, 'contact.created')
    expect(contact.summary).toBe('New contact added')
    expect(contact.tags).toEqual(['CRM'])
    expect(contact.parameters.map((p) => p.name)).toEqual(['X-Workestra-Signature'])
    // the example is the full envelope, exactly as the sender builds it
    expect(contact.requestBody.content['application/json'].example).toEqual({
      id: 'evt_1234567890',
      type: 'contact.created',
      created_at: '2024-03-15T10:30:00Z',
      workspace_id: 'ws_abc123',
      data: listPresetEventTypes('workestra')[0]!.example,
    })
  })

  it('gives each request body the schema of the full envelope, which accepts its example', () => {
    for (const profile of listPresetProfiles()) {
      const doc = exportCatalogAsOpenApi(profile, listPresetEventTypes(profile.id))
      const ajv = new Ajv2020({ strict: false, allErrors: true })
      addFormats(ajv)
      ajv.addSchema({ $id: 'doc', components: doc.components }, 'doc')
      for (const name of Object.keys(doc.webhooks)) {
        const media = op(doc, name).requestBody.content['application/json']
        const schema = JSON.parse(JSON.stringify(media.schema).replaceAll('"#/components/', '"doc#/components/')) as object
        const validate = ajv.compile(schema)
        expect(validate(media.example), `${profile.id} ${name}: ${JSON.stringify(validate.errors)}`).toBe(true)
        ajv.removeSchema(schema)
      }
    }
  })

  it("describes the profile's verification handshake, whose schema accepts the documented body and nothing else", () => {
    const doc = exportCatalogAsOpenApi(getPresetProfile('workestra')!, listPresetEventTypes('workestra'))
    const verify = (doc.webhooks['endpoint.verify'] as { post: Op & { responses: object; 'x-hookbench-handshake': unknown } }).post
    expect(verify.responses).toEqual({ '200': { description: 'The endpoint must answer 200 for the webhook to be created.' } })
    expect(verify['x-hookbench-handshake']).toEqual({ eventType: 'endpoint.verify', expectStatus: 200 })
    const media = verify.requestBody.content['application/json']
    // "Step 3: Verify Endpoint" of the Workestra doc, verbatim
    expect(media.example).toEqual({ type: 'endpoint.verify', id: 'evt_test_123', created_at: '2024-03-15T10:00:00Z' })
    const ajv = new Ajv2020({ strict: false })
    addFormats(ajv)
    const validate = ajv.compile(media.schema as object)
    expect(validate(media.example)).toBe(true)
    expect(validate({ type: 'contact.created', id: 'evt_test_123', created_at: '2024-03-15T10:00:00Z' })).toBe(false)
    expect(validate({ type: 'endpoint.verify', id: 'evt_test_123' })).toBe(false)
    expect(validate({ type: 'endpoint.verify', id: '123', created_at: '2024-03-15T10:00:00Z' })).toBe(false)
    // profiles without a handshake export none
    const github = exportCatalogAsOpenApi(getPresetProfile('github')!, listPresetEventTypes('github'))
    expect(Object.keys(github.webhooks)).toEqual(listPresetEventTypes('github').map((e) => e.name))
  })

  it('documents the headers of the scheme and of the profile', () => {
    const names = (id: string, event: string) => {
      const doc = exportCatalogAsOpenApi(getPresetProfile(id)!, listPresetEventTypes(id))
      return op(doc, event).parameters.map((p) => `${p.name}${p.required ? '' : '?'}`)
    }
    expect(names('taskhub', 'task.created')).toEqual(['X-Webhook-Signature', 'X-Webhook-Timestamp', 'X-Webhook-ID'])
    expect(names('connectgain', 'contact.created')).toEqual(['X-Webhook-Signature?', 'X-Webhook-Event', 'X-Webhook-Timestamp'])
    expect(names('standard-webhooks', 'user.created')).toEqual(['webhook-id', 'webhook-timestamp', 'webhook-signature'])
    expect(names('github', 'push')).toEqual([
      'X-Hub-Signature-256?',
      'X-GitHub-Event',
      'X-GitHub-Hook-ID',
      'X-GitHub-Delivery',
      'User-Agent?',
      'X-GitHub-Hook-Installation-Target-Type?',
      'X-GitHub-Hook-Installation-Target-ID?',
    ])
  })
})

describe('export → import round trip', () => {
  for (const profile of listPresetProfiles()) {
    it(`keeps every ${profile.id} event type exactly, with no warning`, () => {
      const eventTypes = listPresetEventTypes(profile.id)
      const doc = exportCatalogAsOpenApi(profile, eventTypes)
      // through JSON text, as a file would
      const result = importCatalogFromOpenApi(JSON.stringify(doc))
      expect(result.warnings).toEqual([])
      expect(result.title).toBe(`${profile.name} webhooks`)
      expect(result.eventTypes).toEqual(eventTypes)
    })
  }
})

describe('importCatalogFromOpenApi', () => {
  it('reads a third-party document: $refs inlined, data found under "data", tags as categories, warnings say what was guessed', () => {
    const doc = {
      openapi: '3.1.1',
      info: { title: 'Acme events', version: '2' },
      webhooks: {
        'order.paid': {
          post: {
            tags: ['Orders'],
            summary: 'An order was paid',
            requestBody: { $ref: '#/components/requestBodies/OrderEvent' },
          },
        },
        'order.refunded': {
          post: {
            description: 'An order was refunded',
            requestBody: {
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { type: { type: 'string' }, data: { $ref: '#/components/schemas/Order' } } },
                },
              },
            },
          },
        },
        'bad name with spaces': { post: {} },
        'ping.only': { get: {} },
      },
      components: {
        requestBodies: {
          OrderEvent: {
            content: {
              'application/json': {
                schema: { type: 'object', required: ['type', 'data'], properties: { type: { type: 'string' }, data: { $ref: '#/components/schemas/Order' } } },
                examples: { paid: { value: { type: 'order.paid', data: { id: 'ord_1', total: 12.5, currency: 'EUR' } } } },
              },
            },
          },
        },
        schemas: {
          Order: {
            type: 'object',
            required: ['id', 'total'],
            properties: { id: { type: 'string' }, total: { type: 'number', minimum: 0 }, currency: { $ref: '#/components/schemas/Currency' } },
          },
          Currency: { type: 'string', pattern: '^[A-Z]{3}$' },
        },
      },
    }
    const result = importCatalogFromOpenApi(doc)
    expect(result.title).toBe('Acme events')
    expect(result.eventTypes.map((e) => [e.name, e.category, e.description])).toEqual([
      ['order.paid', 'Orders', 'An order was paid'],
      ['order.refunded', 'order', 'An order was refunded'],
    ])
    const paid = result.eventTypes[0]!
    expect(paid.schema).toEqual({
      type: 'object',
      required: ['id', 'total'],
      properties: { id: { type: 'string' }, total: { type: 'number', minimum: 0 }, currency: { type: 'string', pattern: '^[A-Z]{3}$' } },
    })
    expect(paid.example).toEqual({ id: 'ord_1', total: 12.5, currency: 'EUR' })
    // no example given: one is generated, and it validates
    expect(validateData(result.eventTypes[1]!.schema, result.eventTypes[1]!.example).ok).toBe(true)
    expect(result.warnings).toEqual([
      'webhooks["order.paid"]: took the body\'s data as the event data (the rest is the envelope).',
      'webhooks["order.refunded"]: took the body\'s data as the event data (the rest is the envelope).',
      'webhooks["order.refunded"]: no example is given; Hookbench generated one from the schema.',
      'webhooks["bad name with spaces"]: "bad name with spaces" is not a usable event type name (letters, digits, "_", ".", ":", "/", "-"; no spaces); skipped. Rename the entry, e.g. "contact.created".',
      'webhooks["ping.only"]: no POST operation; skipped.',
    ])
  })

  it('cuts recursive references and says so', () => {
    const result = importCatalogFromOpenApi({
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      webhooks: { 'node.created': { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' }, example: { name: 'a' } } } } } } },
      components: { schemas: { Node: { type: 'object', properties: { name: { type: 'string' }, child: { $ref: '#/components/schemas/Node' } } } } },
    })
    expect(result.eventTypes[0]!.schema).toEqual({ type: 'object', properties: { name: { type: 'string' }, child: {} } })
    expect(result.warnings).toEqual([expect.stringMatching(/recursive reference "#\/components\/schemas\/Node" was cut/)])
  })

  it('flags an example that does not match its schema', () => {
    const result = importCatalogFromOpenApi({
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      webhooks: { 'a.b': { post: { requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['id'] }, example: {} } } } } } },
    })
    expect(result.warnings).toEqual(['webhooks["a.b"]: the example does not match the schema: Field "id" is required but missing.'])
  })

  it('leaves out an example over the 1 MiB cap of event data and generates one instead', () => {
    const result = importCatalogFromOpenApi({
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      webhooks: { 'a.b': { post: { requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { text: { type: 'string' } } }, example: { text: 'x'.repeat(2 * 1024 * 1024) } } } } } } },
    })
    expect(result.warnings).toEqual([
      'webhooks["a.b"]: the example is 2.0 MiB as JSON, over the 1.0 MiB cap of event data; it was left out.',
      'webhooks["a.b"]: no example is given; Hookbench generated one from the schema.',
    ])
    expect(JSON.stringify(result.eventTypes[0]!.example).length).toBeLessThan(1024)
  })

  describe('refuses a document it cannot use, saying what to fix', () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['Swagger 2.0', { swagger: '2.0', info: {}, paths: {} }, /Swagger 2\.0 document\. Hookbench imports OpenAPI 3\.1 .*convert it to OpenAPI 3\.1/],
      ['OpenAPI 3.0', { openapi: '3.0.3', info: {}, paths: {} }, /OpenAPI 3\.0\.3 document, but Hookbench imports OpenAPI 3\.1 only.*Set "openapi" to "3\.1\.0"/],
      ['no openapi field', { info: {}, webhooks: {} }, /no "openapi" field.*set "openapi": "3\.1\.0"/],
      ['no webhooks', { openapi: '3.1.0', info: {}, paths: {} }, /no "webhooks" section\. Add one entry per event type/],
      ['empty webhooks', { openapi: '3.1.0', info: {}, webhooks: {} }, /"webhooks" section is empty/],
      ['webhooks not an object', { openapi: '3.1.0', info: {}, webhooks: [] }, /"webhooks" must be an object/],
      ['not an object', [1, 2], /not an OpenAPI object/],
      ['not JSON', 'openapi: 3.1.0\nwebhooks: {}', /not valid JSON.*convert a YAML document to JSON first/],
      ['nothing usable', { openapi: '3.1.0', info: {}, webhooks: { 'a b': { post: {} } } }, /No event type could be imported.*not a usable event type name/],
    ]
    for (const [what, doc, message] of cases) {
      it(what, () => {
        expect(() => importCatalogFromOpenApi(doc)).toThrow(message)
      })
    }
  })
})
