/**
 * The schema problems the integration test does not walk through: each is said at its place in
 * the schema, in plain words, with the validator's words kept as the detail.
 */
import { describe, expect, it } from 'vitest'
import { checkSchema } from '../../../../src-main/engine/catalog/payloads'
import { describeSchemaProblems } from '../../../../src-main/engine/catalog/schema-problems'

const said = (schema: unknown) => describeSchemaProblems(checkSchema(schema), '/schema')

describe('schema problems', () => {
  it('names a regular expression that does not compile, as a pattern or as a patternProperties name', () => {
    const [problem] = checkSchema({ type: 'object', properties: { sku: { type: 'string', pattern: '(' } } })
    expect(problem).toMatchObject({ pointer: '/properties/sku/pattern', detail: expect.stringMatching(/Invalid regular expression/) })
    expect(problem!.message).toMatch(/^"\(" is not a valid regular expression \(Unterminated group\)/)
    expect(said({ patternProperties: { '(': {} } })).toMatch(/^\/schema\/patternProperties\/\(: The name "\(" is not a valid regular expression/)
  })

  it('says which JSON Schema version it reads when $schema names another', () => {
    expect(said({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' })).toBe(
      '/schema/$schema: "http://json-schema.org/draft-07/schema#" is a JSON Schema version Hookbench does not read: it reads JSON Schema 2020-12, so remove "$schema" or set it to "https://json-schema.org/draft/2020-12/schema".',
    )
  })

  it('says a reference to another document is not fetched, and what to do instead', () => {
    expect(said({ type: 'object', properties: { a: { $ref: 'address.json' } } })).toMatch(/^\/schema\/properties\/a\/\$ref: "address\.json" names another document, and Hookbench does not fetch schemas: copy that schema under "\$defs"/)
  })

  it('points at the entry of a list or a map at fault, and tells a property named like a keyword from the keyword', () => {
    expect(said({ required: ['id', 'id'] })).toBe('/schema/required: "required" lists "id" twice; list each once.')
    expect(said({ type: [] })).toBe('/schema/type: "type" must list at least 1 type; got an array of 0.')
    expect(said({ minLength: -1 })).toBe('/schema/minLength: "minLength" must be 0 or more; got -1.')
    expect(said({ properties: { properties: 5 } })).toBe(
      '/schema/properties/properties: The entry "properties" of "properties" must be a schema: an object such as {"type": "string"}, or true or false; got 5.',
    )
    expect(said({ items: [{ type: 'string' }] })).toMatch(/^\/schema\/items: "items" takes one schema for every item, not a list of them; for a schema per position use "prefixItems"/)
  })

  it('says each place once, several places in one message', () => {
    const problems = checkSchema({ properties: { a: { type: 'strng' } }, required: 'a' })
    expect(problems.map((p) => p.pointer)).toEqual(['/properties/a/type', '/required'])
    expect(problems[0]!.detail).toBe('schema/properties/a/type must be equal to one of the allowed values')
  })

  it('names a generation hint of the wrong kind', () => {
    expect(said({ type: 'string', 'x-faker': 5 })).toBe('/schema/x-faker: "x-faker" must be a string or an object; got 5.')
  })
})
