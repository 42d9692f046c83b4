/**
 * A scenario whose step data can only fail when it runs is refused when it is saved: literal data
 * that replaces the generated data is checked against the event type's schema (as a schedule's
 * fixed data is), and a "{{" that does not open a whole template is named by its path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../helpers/engine'

const task = { id: 'task_789', name: 'Design homepage', status: 'todo', priority: 'high', project_id: 'proj_123', assignee_id: 'user_456', created_by: 'user_789', due_date: '2025-10-30' }

describe('scenario steps checked at save', () => {
  let t: TestEngine
  beforeAll(async () => {
    t = await startTestEngine()
  })
  afterAll(async () => {
    await t.stop()
  })

  const scenarios = () => (t.engine.ctx.db.prepare('SELECT count(*) AS n FROM scenarios').get() as { n: number }).n
  const save = (steps: unknown[], method = 'POST', path = '/api/scenarios') => t.api(method, path, { name: 's', profileId: 'taskhub', steps })

  it('refuses literal replace-mode data that fails the schema, naming the step and the field, like a schedule', async () => {
    const before = scenarios()
    const empty = await save([{ type: 'task.created', dataMode: 'replace', data: {} }])
    expect(empty).toMatchObject({ status: 400, body: { error: 'HB_ERR_EVENT_DATA_INVALID', field: '/steps/0/data/id' } })
    expect(empty.body.message).toMatch(/^Step 0: the data does not match the schema of task\.created: Field "id" is required but missing\./)
    const typed = await save([{ type: 'task.created' }, { type: 'task.created', dataMode: 'replace', data: { ...task, priority: 42 } }])
    expect(typed).toMatchObject({ status: 400, body: { error: 'HB_ERR_EVENT_DATA_INVALID', field: '/steps/1/data/priority' } })
    expect(typed.body.message).toMatch(/^Step 1: the data does not match the schema of task\.created: Field "priority" must be/)
    // Data that is not an object replaces the generated data whatever the mode.
    const text = await save([{ type: 'task.created', data: 'text' }])
    expect(text).toMatchObject({ status: 400, body: { error: 'HB_ERR_EVENT_DATA_INVALID', field: '/steps/0/data' } })
    expect(scenarios()).toBe(before)
    // The same on a replace (PUT), which leaves the scenario as it was.
    const ok = await save([{ type: 'task.created', dataMode: 'replace', data: task }])
    expect(ok.status, JSON.stringify(ok.body)).toBe(201)
    const replaced = await save([{ type: 'task.created', dataMode: 'replace', data: {} }], 'PUT', `/api/scenarios/${ok.body.id}`)
    expect(replaced).toMatchObject({ status: 400, body: { error: 'HB_ERR_EVENT_DATA_INVALID', field: '/steps/0/data/id' } })
    expect((await t.api('GET', `/api/scenarios/${ok.body.id}`)).body.steps).toEqual([{ type: 'task.created', dataMode: 'replace', data: task }])
    expect((await t.api('DELETE', `/api/scenarios/${ok.body.id}`)).status).toBe(204)
  })

  it('takes merge-mode data and data with templates, which only a run can complete', async () => {
    const merged = await save([{ type: 'task.created', data: { name: 'Only the name' } }])
    expect(merged.status, JSON.stringify(merged.body)).toBe(201)
    const templated = await save([{ type: 'task.created' }, { type: 'task.completed', dataMode: 'replace', data: { id: '{{steps.0.data.id}}' } }])
    expect(templated.status, JSON.stringify(templated.body)).toBe(201)
    for (const s of [merged.body, templated.body]) expect((await t.api('DELETE', `/api/scenarios/${s.id}`)).status).toBe(204)
  })

  it('refuses a "{{" that does not open a whole template, naming the field that holds it', async () => {
    const before = scenarios()
    const unclosed = await save([{ type: 'task.created' }, { type: 'task.completed', data: { id: '{{steps.0.data.id' } }])
    expect(unclosed).toMatchObject({ status: 400, body: { error: 'HB_ERR_SCENARIO_TEMPLATE', field: '/steps/1/data/id' } })
    expect(unclosed.body.message).toBe('Step 1: "{{steps.0.data.id" has a "{{" that does not open a whole template: write a step reference as {{steps.0.data.id}} ("{{", a path, "}}").')
    const nested = await save([{ type: 'task.created' }, { type: 'task.completed', data: { tags: ['ok', 'see {{steps.0.data.id}} and {{steps.0.event.id}'] } }])
    expect(nested).toMatchObject({ status: 400, body: { error: 'HB_ERR_SCENARIO_TEMPLATE', field: '/steps/1/data/tags/1' } })
    expect(scenarios()).toBe(before)
  })
})
