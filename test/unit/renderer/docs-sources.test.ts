import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { docsSources } from '../../../src-renderer/features/profiles/docs-sources'

const profilesDir = join(import.meta.dirname, '..', '..', '..', 'resources', 'profiles')
const presets = readdirSync(profilesDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(profilesDir, f), 'utf8')) as { id: string; docs?: string })

/** What a built-in profile's page says it reproduces. */
const expected: Record<string, string[]> = {
  connectgain: ['WEBHOOK_SYSTEM.md', 'summary'],
  github: ['https://docs.github.com/en/webhooks/webhook-events-and-payloads', 'https://docs.github.com/en/webhooks/using-webhooks/handling-failed-webhook-deliveries'],
  'standard-webhooks': ['https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md'],
  stripe: ['https://docs.stripe.com/webhooks', 'https://docs.stripe.com/api/events/object'],
  taskhub: ['task tracker "Webhooks" page'],
  workestra: ['Workestra "Webhooks" page'],
  workflows: ['WorkFlows "Outbound Webhooks"'],
}

describe('docsSources', () => {
  it.each(presets)("names $id's sources by their documents, never by a repository path", (p) => {
    const sources = docsSources(p.docs ?? '')
    expect(sources.map((s) => s.text)).toEqual(expected[p.id])
    for (const s of sources) expect(s.text).not.toMatch(/shared\/seeds|\.txt/)
  })

  it('keeps the seed file for a title', () => {
    expect(docsSources('shared/seeds/000_e25b1ff93fbf966b.txt (Workestra "Webhooks" page)')).toEqual([{ text: 'Workestra "Webhooks" page', file: 'shared/seeds/000_e25b1ff93fbf966b.txt' }])
  })

  it('shows text it does not recognise as it is (a user profile may say anything)', () => {
    expect(docsSources('our internal wiki, pages A and B')).toEqual([{ text: 'our internal wiki, pages A and B' }])
  })
})
