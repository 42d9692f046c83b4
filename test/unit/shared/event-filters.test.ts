import { describe, expect, it } from 'vitest'
import { eventFilterProblem, suggestNames } from '../../../src-shared/event-filters'

const names = ['contact.created', 'deal.created', 'deal.updated', 'deal.stage_changed', 'deal.won', 'deal.lost', 'invoice.paid']

describe('webhook subscriptions against a catalog', () => {
  it('takes *, a prefix some event type has, and an exact name', () => {
    for (const f of ['*', 'deal.*', 'deal.won', ' deal.won ']) expect(eventFilterProblem(f, names, 'Workestra')).toBeNull()
  })

  it('names a typo and suggests the event type a typo away, else those of the same family', () => {
    expect(eventFilterProblem('deal.wonn', names, 'Workestra')).toEqual({
      kind: 'unknown',
      message: '"deal.wonn" is not an event type of the Workestra profile. Did you mean "deal.won"?',
    })
    expect(suggestNames('Contact_Created', names)).toEqual(['contact.created'])
    expect(suggestNames('deal.closed', names)).toEqual(['deal.created', 'deal.updated', 'deal.stage_changed', 'deal.won', 'deal.lost'])
    expect(suggestNames('invoice.refunded', names)).toEqual(['invoice.paid'])
    expect(eventFilterProblem('ticket.opened', names, 'Workestra')?.message).toBe('"ticket.opened" is not an event type of the Workestra profile.')
  })

  it('judges a typo by the segment that differs: short segments one edit apart, longer ones two', () => {
    expect(suggestNames('contact.craeted', names)).toEqual(['contact.created'])
    expect(suggestNames('task.create', ['task.created', 'task.updated'])).toEqual(['task.created'])
    // "new" and "won" are two edits apart, as are the whole names: another event, not a typo of it
    const withoutLost = names.filter((n) => n !== 'deal.lost')
    expect(suggestNames('deal.new', withoutLost)).toEqual(['deal.created', 'deal.updated', 'deal.stage_changed', 'deal.won'])
    expect(suggestNames('deal.lost', withoutLost)).toEqual(['deal.created', 'deal.updated', 'deal.stage_changed', 'deal.won'])
    expect(suggestNames('deal.lost', ['deal.lose', 'deal.won'])).toEqual(['deal.lose'])
    // two segments that differ are not a typo
    expect(suggestNames('deel.wan', ['deal.won', 'task.created'])).toEqual([])
  })

  it('refuses a prefix no event type has, and a * that is not at the end', () => {
    expect(eventFilterProblem('nope.*', names, 'Workestra')).toEqual({ kind: 'never-matches', message: 'No event type of the Workestra profile starts with "nope.", so "nope.*" would never match.' })
    expect(eventFilterProblem('deal*', names, 'Workestra')?.kind).toBe('not-a-filter')
    expect(eventFilterProblem('*.created', names, 'Workestra')?.kind).toBe('not-a-filter')
  })
})
