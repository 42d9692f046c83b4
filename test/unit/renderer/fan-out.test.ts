import { describe, expect, it } from 'vitest'
import { fanOut, skippedLine } from '../../../src-renderer/features/events/fan-out'

const hook = (name: string, events: string[], status: 'active' | 'paused' | 'disabled', profileId = 'mine') => ({ id: name, name, events, status, profileId })

describe('fan-out before firing', () => {
  const hooks = [
    hook('CRM', ['contact.*'], 'active'),
    hook('Sink dyn', ['contact.*'], 'paused'),
    hook('Broken', ['contact.created'], 'disabled'),
    hook('Deals', ['deal.*'], 'paused'),
    hook('Other profile', ['*'], 'paused', 'workestra'),
  ]

  it('splits the subscribed webhooks of the profile into those that get the event and those left out', () => {
    const { active, skipped } = fanOut(hooks, 'mine', 'contact.created')
    expect(active.map((w) => w.name)).toEqual(['CRM'])
    expect(skipped.map((w) => w.name)).toEqual(['Sink dyn', 'Broken'])
  })

  it('leaves out webhooks that do not subscribe, or belong to another profile', () => {
    expect(fanOut(hooks, 'mine', 'deal.won').skipped.map((w) => w.name)).toEqual(['Deals'])
    expect(fanOut(hooks, 'mine', 'invoice.paid')).toEqual({ active: [], skipped: [] })
  })

  it('names the webhook, its state and what to do', () => {
    expect(skippedLine({ name: 'Sink dyn', status: 'paused' })).toBe('Sink dyn is paused: it will not receive this event; resume it first.')
    expect(skippedLine({ name: 'Broken', status: 'disabled' })).toBe('Broken is disabled: it will not receive this event; re-enable it first.')
  })
})
