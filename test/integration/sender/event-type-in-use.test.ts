/**
 * An event type that webhooks subscribe to, or that schedules and scenarios fire, is not renamed
 * or deleted under them (they would match, fire or run nothing from then on): 409
 * HB_ERR_EVENT_TYPE_IN_USE naming them, like a webhook in use or a profile in use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../helpers/engine'

describe('event types in use', () => {
  let t: TestEngine
  beforeAll(async () => {
    t = await startTestEngine()
    expect((await t.api('POST', '/api/profiles/taskhub/clone', { id: 'types' })).status).toBe(201)
  })
  afterAll(async () => {
    await t.stop()
  })

  const webhook = async (name: string, events: string[]) => {
    const res = await t.api('POST', '/api/webhooks', { name, url: 'https://example.com/h', profileId: 'types', events })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    return res.body as { id: string }
  }
  const typePath = (name: string) => `/api/event-types/types/${encodeURIComponent(name)}`
  const addType = async (name: string) => {
    const res = await t.api('POST', '/api/event-types', { profileId: 'types', name, category: 'Notes', schema: { type: 'object' }, example: {} })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
  }

  it('refuses to rename or delete a type a webhook subscribes to by name, naming the webhook; the type stays', async () => {
    const w = await webhook('CRM', ['task.created', 'task.updated'])
    const renamed = await t.api('PUT', typePath('task.updated'), { name: 'task.changed' })
    expect(renamed).toMatchObject({ status: 409, body: { error: 'HB_ERR_EVENT_TYPE_IN_USE', field: '/name' } })
    expect(renamed.body.message).toBe(
      `The webhook "CRM" (${w.id}) uses the event type "task.updated", so it cannot be renamed: create "task.changed" as a new event type, move it to that one, then delete "task.updated".`,
    )
    const deleted = await t.api('DELETE', typePath('task.updated'))
    expect(deleted).toMatchObject({ status: 409, body: { error: 'HB_ERR_EVENT_TYPE_IN_USE' } })
    expect(deleted.body.message).toBe(`The webhook "CRM" (${w.id}) uses the event type "task.updated", so it cannot be deleted: move it to another event type, or delete it, first.`)
    expect((await t.api('GET', typePath('task.updated'))).status).toBe(200)
    expect((await t.api('GET', typePath('task.changed'))).status).toBe(404)
    // Any other edit goes through, and so does a rename once the webhook has moved on.
    expect((await t.api('PUT', typePath('task.updated'), { description: 'Changed' })).status).toBe(200)
    expect((await t.api('PATCH', `/api/webhooks/${w.id}`, { events: ['task.created'] })).status).toBe(200)
    expect((await t.api('PUT', typePath('task.updated'), { name: 'task.changed' })).status).toBe(200)
    expect((await t.api('DELETE', `/api/webhooks/${w.id}`)).status).toBe(204)
  })

  it('counts a prefix subscription as a use only when the type is the last one it matches; "*" never', async () => {
    await addType('note.added')
    await addType('note.removed')
    const w = await webhook('Notes', ['note.*'])
    const all = await webhook('All', ['*'])
    // Another type still matches "note.*": the webhook keeps receiving notes.
    expect((await t.api('DELETE', typePath('note.removed'))).status).toBe(204)
    // A rename that keeps the prefix leaves it matching.
    expect((await t.api('PUT', typePath('note.added'), { name: 'note.created' })).status).toBe(200)
    const renamed = await t.api('PUT', typePath('note.created'), { name: 'memo.created' })
    expect(renamed).toMatchObject({ status: 409, body: { error: 'HB_ERR_EVENT_TYPE_IN_USE', field: '/name' } })
    expect(renamed.body.message).toMatch(new RegExp(`^The webhook "Notes" \\(${w.id}; "note\\.\\*" matches no other event type\\) uses the event type "note\\.created", so it cannot be renamed:`))
    expect(renamed.body.message).not.toMatch(/All/)
    expect((await t.api('DELETE', typePath('note.created'))).body.message).toMatch(/^The webhook "Notes" .* so it cannot be deleted/)
    for (const id of [w.id, all.id]) expect((await t.api('DELETE', `/api/webhooks/${id}`)).status).toBe(204)
    expect((await t.api('DELETE', typePath('note.created'))).status).toBe(204)
  })

  it('refuses to rename or delete a type that schedules or scenario steps fire, naming every user', async () => {
    await addType('doc.signed')
    const w = await webhook('Docs', ['doc.signed'])
    const schedule = (await t.api('POST', '/api/schedules', { name: 'nightly', profileId: 'types', type: 'doc.signed', everySeconds: 3600 })).body
    await t.clock.advance(1000) // ids (and so the order users are named in) follow creation time
    const paused = (await t.api('POST', '/api/schedules', { name: 'weekly', profileId: 'types', type: 'doc.signed', cron: '0 9 * * 1', status: 'paused' })).body
    const scenario = (await t.api('POST', '/api/scenarios', { name: 'signing', profileId: 'types', steps: [{ type: 'task.created' }, { type: 'doc.signed' }] })).body
    // Another profile's schedule on a type of the same name is not a user.
    const other = (await t.api('POST', '/api/schedules', { name: 'elsewhere', profileId: 'taskhub', type: 'task.created', everySeconds: 3600 })).body

    const deleted = await t.api('DELETE', typePath('doc.signed'))
    expect(deleted).toMatchObject({ status: 409, body: { error: 'HB_ERR_EVENT_TYPE_IN_USE' } })
    expect(deleted.body.message).toBe(
      `The webhook "Docs" (${w.id}), the schedule "nightly" (${schedule.id}), the schedule "weekly" (${paused.id}), and the scenario "signing" (${scenario.id}) use the event type "doc.signed", so it cannot be deleted: move them to another event type, or delete them, first.`,
    )
    expect((await t.api('DELETE', `/api/webhooks/${w.id}`)).status).toBe(204)
    for (const id of [schedule.id, paused.id]) expect((await t.api('DELETE', `/api/schedules/${id}`)).status).toBe(204)
    const renamed = await t.api('PUT', typePath('doc.signed'), { name: 'doc.approved' })
    expect(renamed).toMatchObject({ status: 409, body: { error: 'HB_ERR_EVENT_TYPE_IN_USE', field: '/name' } })
    expect(renamed.body.message).toBe(
      `The scenario "signing" (${scenario.id}) uses the event type "doc.signed", so it cannot be renamed: create "doc.approved" as a new event type, move it to that one, then delete "doc.signed".`,
    )
    expect((await t.api('DELETE', `/api/scenarios/${scenario.id}`)).status).toBe(204)
    expect((await t.api('PUT', typePath('doc.signed'), { name: 'doc.approved' })).status).toBe(200)
    expect((await t.api('DELETE', typePath('doc.approved'))).status).toBe(204)
    expect((await t.api('DELETE', `/api/schedules/${other.id}`)).status).toBe(204)
  })
})
