import { describe, expect, it } from 'vitest'
import type { EventTypeItem } from '../../../src-shared/api/event-types'
import { draftOf, schemaUnchanged, toInput, toPatch, unparsed } from '../../../src-renderer/features/events/event-type-draft'

const saved: EventTypeItem = {
  profileId: 'mine',
  builtIn: false,
  name: 'invoice.paid',
  category: 'Invoices',
  description: 'When an invoice is paid',
  schema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  example: { id: 'inv_1' },
}

describe('event-type draft', () => {
  it('starts a new type with a schema to fill and no example (the engine generates one)', () => {
    const d = draftOf(undefined, 'Invoices')
    expect(d).toMatchObject({ name: '', category: 'Invoices', example: '' })
    expect(JSON.parse(d.schema)).toHaveProperty('type', 'object')
    expect(unparsed(d, true)).toEqual([])
    expect(toInput('mine', { ...d, name: ' invoice.paid ' })).toEqual({ profileId: 'mine', name: 'invoice.paid', category: 'Invoices', schema: JSON.parse(d.schema) })
  })

  it('sends the example and description when given', () => {
    const d = { ...draftOf(saved), name: 'invoice.sent' }
    expect(toInput('mine', d)).toEqual({ profileId: 'mine', name: 'invoice.sent', category: 'Invoices', description: 'When an invoice is paid', schema: saved.schema, example: { id: 'inv_1' } })
  })

  it('holds back JSON that does not parse; an empty example only where it may be generated', () => {
    const d = { ...draftOf(saved), schema: '{ "type": ', example: '' }
    expect(unparsed(d, true)).toEqual(['schema'])
    expect(unparsed(d, false)).toEqual(['schema', 'example'])
  })

  it('patches only what changed, comparing JSON by value rather than by its text', () => {
    const d = draftOf(saved)
    expect(toPatch(saved, d)).toBeNull()
    expect(toPatch(saved, { ...d, schema: JSON.stringify(saved.schema) })).toBeNull()
    expect(schemaUnchanged(saved, { ...d, schema: JSON.stringify(saved.schema) })).toBe(true)
    const schema = { type: 'object', properties: { id: { type: 'string' }, amount: { type: 'integer' } }, required: ['id'] }
    const edited = { ...d, description: 'Paid in full', schema: JSON.stringify(schema) }
    expect(toPatch(saved, edited)).toEqual({ description: 'Paid in full', schema })
    expect(schemaUnchanged(saved, edited)).toBe(false)
    expect(toPatch(saved, { ...d, name: 'invoice.settled', example: '{"id":"inv_2"}' })).toEqual({ name: 'invoice.settled', example: { id: 'inv_2' } })
  })
})
