/**
 * Refusals name the field the user got wrong and say what it takes: the one value a field
 * allows, the extra header that clashes (not the setting it clashes with), the timing a
 * schedule is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { plainErrorMessage } from '../../../src-renderer/lib/validation-message'
import { startTestEngine, type TestEngine } from '../../helpers/engine'

describe('sender field messages', () => {
  let t: TestEngine
  beforeAll(async () => {
    t = await startTestEngine()
    expect((await t.api('POST', '/api/profiles/workestra/clone', { id: 'mine' })).status).toBe(201)
  })
  afterAll(async () => {
    await t.stop()
  })

  it('names the one value a field takes: successRule must be 2xx', async () => {
    const res = await t.api('PATCH', '/api/profiles/mine', { successRule: '3xx' })
    expect(res).toMatchObject({ status: 400, body: { error: 'HB_ERR_VALIDATION', field: '/successRule' } })
    expect(res.body.message).toBe('body/successRule must be 2xx (the only value it takes)')
  })

  it('refuses a header name with a colon in words the profile form can say: what a header name may hold', async () => {
    const res = await t.api('PATCH', '/api/profiles/mine', { headers: { eventType: 'X-Event: Type' } })
    expect(res).toMatchObject({ status: 400, body: { error: 'HB_ERR_VALIDATION', field: '/headers/eventType' } })
    const shown = plainErrorMessage({ code: res.body.error, message: res.body.message, field: res.body.field }, { 'headers/eventType': 'Event type header' })
    expect(shown).toBe("Event type header must be a header name: letters, digits and dashes (also ! # $ % & ' * + . ^ _ ` | ~), with no spaces or colon.")
  })

  it("points at the extra header that repeats the signature's header, not at the signature", async () => {
    const before = (await t.api('GET', '/api/profiles/mine')).body
    const res = await t.api('PATCH', '/api/profiles/mine', { headers: { extra: { 'x-workestra-signature': 'forged' } } })
    expect(res).toMatchObject({ status: 400, body: { error: 'HB_ERR_PROFILE_INVALID', field: '/headers/extra/x-workestra-signature' } })
    expect(res.body.message).toMatch(/^x-workestra-signature would be sent twice on every delivery: .* Remove it from the extra headers\.$/)
    // An extra of the very name of another setting would replace its value silently. The pointer
    // escapes "~" (a valid header character) and "/" in a header name (RFC 6901).
    const same = await t.api('PATCH', '/api/profiles/mine', { headers: { extra: { 'X-Event~Type': 'constant' }, eventType: 'X-Event~Type' } })
    expect(same).toMatchObject({ status: 400, body: { error: 'HB_ERR_PROFILE_INVALID', field: '/headers/extra/X-Event~0Type' } })
    expect(same.body.message).toBe('X-Event~Type is set twice: another header setting already sets it, and one value would silently replace the other on every delivery. Remove it from the extra headers.')
    expect((await t.api('GET', '/api/profiles/mine')).body).toEqual(before)
  })

  it('says a schedule is missing its timing when neither everySeconds nor cron is given, and that both cannot be', async () => {
    const neither = await t.api('POST', '/api/schedules', { profileId: 'mine', type: 'contact.created' })
    expect(neither).toMatchObject({ status: 400, body: { error: 'HB_ERR_SCHEDULE_TIMING', field: '/everySeconds' } })
    expect(neither.body.message).toBe('Say when the schedule fires: it has neither everySeconds nor cron; give either everySeconds (e.g. 60) or cron (e.g. "*/5 * * * *").')
    const both = await t.api('POST', '/api/schedules', { profileId: 'mine', type: 'contact.created', everySeconds: 60, cron: '*/5 * * * *' })
    expect(both).toMatchObject({ status: 400, body: { error: 'HB_ERR_SCHEDULE_TIMING', field: '/cron' } })
    expect(both.body.message).toBe('Give either everySeconds or cron, not both: a schedule fires every N seconds or on a cron expression.')
    // A PATCH that takes the timing away is told the same.
    const s = (await t.api('POST', '/api/schedules', { profileId: 'mine', type: 'contact.created', everySeconds: 60 })).body
    const cleared = await t.api('PATCH', `/api/schedules/${s.id}`, { everySeconds: null })
    expect(cleared).toMatchObject({ status: 400, body: { error: 'HB_ERR_SCHEDULE_TIMING', message: expect.stringMatching(/it has neither everySeconds nor cron/) } })
  })
})
