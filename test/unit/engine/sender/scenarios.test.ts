import { describe, expect, it } from 'vitest'
import { deepMerge, renderStepData } from '../../../../src-main/engine/sender/scenarios'

const steps = [{ name: 'deal', type: 'deal.created' }, { type: 'deal.updated' }, { type: 'deal.won' }]
const done = [
  { data: { id: 'deal_1', amount: 1200, owner: { id: 'u_1' }, tags: ['a'] }, event: { id: 'evt_1', type: 'deal.created' } },
  { data: { id: 'deal_1', stage: 'won' }, event: { id: 'evt_2', type: 'deal.updated' } },
  null,
]

describe('scenario step templates', () => {
  it('replaces a whole-string reference by the typed value', () => {
    expect(renderStepData({ id: '{{steps.0.data.id}}', amount: '{{steps.0.data.amount}}', owner: '{{steps.deal.data.owner}}', tags: '{{ steps.0.data.tags }}' }, steps, done)).toEqual({
      id: 'deal_1',
      amount: 1200,
      owner: { id: 'u_1' },
      tags: ['a'],
    })
  })

  it('interpolates references inside longer strings, and reaches event ids', () => {
    expect(renderStepData({ note: 'Deal {{steps.0.data.id}} worth {{steps.0.data.amount}} ({{steps.1.event.id}})', list: ['{{steps.1.data.stage}}'] }, steps, done)).toEqual({
      note: 'Deal deal_1 worth 1200 (evt_2)',
      list: ['won'],
    })
  })

  it('says which reference cannot be resolved', () => {
    expect(() => renderStepData('{{steps.2.data.id}}', steps, done)).toThrow(/refers to step 2, which has not fired before this one/)
    expect(() => renderStepData('{{steps.0.data.nope}}', steps, done)).toThrow(/step 0 has no "nope" there/)
    expect(() => renderStepData('{{data.id}}', steps, done)).toThrow(/is not a step reference/)
  })

  it('reaches only what the data holds, never what objects inherit', () => {
    for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(() => renderStepData(`{{steps.0.data.${key}}}`, steps, done)).toThrow(new RegExp(`step 0 has no "${key}" there`))
      expect(() => renderStepData(`x{{steps.0.data.owner.${key}}}`, steps, done)).toThrow(new RegExp(`step 0 has no "${key}" there`))
    }
    // A key the data really has is found, whatever its name.
    const own = [{ data: JSON.parse('{"constructor":"c_1","__proto__":{"id":"p_1"}}'), event: { id: 'evt_9', type: 'deal.created' } }]
    expect(renderStepData({ a: '{{steps.0.data.constructor}}', b: '{{steps.0.data.__proto__.id}}' }, steps, own)).toEqual({ a: 'c_1', b: 'p_1' })
  })

  it('lays data over generated data object by object; arrays and values replace', () => {
    expect(deepMerge({ id: 'gen', amount: 5, owner: { id: 'g', name: 'Gen' }, tags: ['x', 'y'] }, { id: 'deal_1', owner: { id: 'u_1' }, tags: ['a'] })).toEqual({
      id: 'deal_1',
      amount: 5,
      owner: { id: 'u_1', name: 'Gen' },
      tags: ['a'],
    })
    expect(deepMerge({ a: 1 }, [1])).toEqual([1])
  })
})
