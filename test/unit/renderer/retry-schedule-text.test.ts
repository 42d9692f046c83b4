import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { retryScheduleText } from '../../../src-renderer/features/sender-kit/format'

const profilesDir = join(import.meta.dirname, '..', '..', '..', 'resources', 'profiles')
const presets = readdirSync(profilesDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(profilesDir, f), 'utf8')) as { id: string; retrySchedule: number[] })

/** How each built-in profile's schedule reads (the profile form's hint, the webhook form, a webhook's delivery rules). */
const expected: Record<string, string> = {
  connectgain: 'sent at once, then retried after 1 min, 5 min',
  github: 'sent once, no automatic retry',
  'standard-webhooks': 'sent at once, then retried after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 1 d',
  stripe: 'sent at once, then retried after 10 min, 20 min, 40 min, 1 h 20 min, 2 h 40 min, 5 h 20 min, 10 h 40 min, 21 h 20 min, 1 d',
  taskhub: 'sent at once, then retried after 1 min, 5 min, 30 min',
  workestra: 'sent at once, then retried after 5 s, 30 s, 2 min, 10 min',
  workflows: 'sent at once, then retried after 1 min, 10 min, 1 h',
}

describe('retryScheduleText', () => {
  it('covers every built-in profile', () => {
    expect(presets.map((p) => p.id).sort()).toEqual(Object.keys(expected).sort())
  })

  it.each(presets)("reads $id's schedule right: the first send is not a retry, no schedule is never 'retries'", (p) => {
    const text = retryScheduleText(p.retrySchedule)
    expect(text).toBe(expected[p.id])
    expect(text).not.toMatch(/immediately|retries once/)
  })

  it('reads a single retry in the singular sense', () => {
    expect(retryScheduleText([60])).toBe('sent at once, then retried after 1 min')
  })
})
