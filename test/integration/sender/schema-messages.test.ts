/**
 * An event type's JSON Schema that cannot be compiled is refused with the place at fault (a JSON
 * pointer under /schema) and what is wrong there in plain words, not the validator's text
 * ("data/type must be equal to one of the allowed values", "can't resolve reference #/nope from
 * id #"): when a type is added, when it is edited, and in the warnings of an OpenAPI import.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../helpers/engine'

describe('event type schema messages', () => {
  let t: TestEngine
  beforeAll(async () => {
    t = await startTestEngine()
    expect((await t.api('POST', '/api/profiles/taskhub/clone', { id: 'schemas' })).status).toBe(201)
  })
  afterAll(async () => {
    await t.stop()
  })

  const add = (schema: unknown) => t.api('POST', '/api/event-types', { profileId: 'schemas', name: 'thing.done', category: 'things', schema })
  const refused = (field: string, message: string) => ({ status: 400, body: { error: 'HB_ERR_EVENT_TYPE_INVALID', field, message } })

  it('says a type name is not a JSON Schema type and lists the ones there are', async () => {
    expect(await add({ type: 'strng' })).toMatchObject(
      refused('/schema/type', '/schema/type: "strng" is not a JSON Schema type; use one of string, number, integer, boolean, object, array, null.'),
    )
    // Inside a list of types, the entry at fault.
    const nested = await add({ type: 'object', properties: { id: { type: ['string', 'nmber'] } } })
    expect(nested).toMatchObject(refused('/schema/properties/id/type/1', expect.stringMatching(/^\/schema\/properties\/id\/type\/1: "nmber" is not a JSON Schema type;/)))
  })

  it('says what "properties" takes when it is not an object', async () => {
    expect(await add({ properties: 5 })).toMatchObject(
      refused(
        '/schema/properties',
        '/schema/properties: "properties" must be an object that maps each property name to its schema, e.g. {"name": {"type": "string"}}; got 5.',
      ),
    )
  })

  it('says a $ref points to nothing in the schema, and which part is missing', async () => {
    const res = await add({ $ref: '#/nope' })
    expect(res).toMatchObject(refused('/schema/$ref', expect.stringMatching(/^\/schema\/\$ref: "#\/nope" points to nothing in this schema: the schema has no "nope"\. Point it at a part of this schema/)))
    expect(res.body.message).not.toMatch(/can't resolve/)
    const deeper = await add({ type: 'object', $defs: { money: { type: 'integer' } }, properties: { amount: { $ref: '#/$defs/mony' } } })
    expect(deeper).toMatchObject(refused('/schema/properties/amount/$ref', expect.stringContaining('"#/$defs/mony" points to nothing in this schema: "$defs" has no "mony".')))
  })

  it('refuses an edit the same way and keeps the stored schema', async () => {
    const schema = { type: 'object', properties: { id: { type: 'string' } } }
    expect((await t.api('POST', '/api/event-types', { profileId: 'schemas', name: 'thing.kept', category: 'things', schema })).status).toBe(201)
    const edit = await t.api('PUT', '/api/event-types/schemas/thing.kept', { schema: { type: 'object', properties: { id: { type: 'strng' } } } })
    expect(edit).toMatchObject(refused('/schema/properties/id/type', expect.stringMatching(/^\/schema\/properties\/id\/type: "strng" is not a JSON Schema type;/)))
    expect((await t.api('GET', '/api/event-types/schemas/thing.kept')).body.schema).toEqual(schema)
  })

  it('words an OpenAPI import warning for a schema it skips the same way', async () => {
    const body = (schema: unknown) => ({ post: { requestBody: { content: { 'application/json': { schema, example: {} } } } } })
    const document = { openapi: '3.1.0', info: { title: 'x', version: '1' }, webhooks: { 'bad.type': body({ type: 'strng' }), 'good.one': body({ type: 'object' }) } }
    const res = await t.api('POST', '/api/event-types/openapi', { profileId: 'schemas', document, dryRun: true })
    expect(res.status).toBe(200)
    expect(res.body.imported).toEqual(['good.one'])
    expect(res.body.warnings).toContain('webhooks["bad.type"]: skipped, its data schema cannot be used: /type: "strng" is not a JSON Schema type; use one of string, number, integer, boolean, object, array, null.')
  })
})
