import { describe, expect, it } from 'vitest'
import { checkSchema, generateData, validateData } from '../../../../src-main/engine/catalog/payloads'
import { getPresetEventType, listPresetEventTypes, listPresetProfiles } from '../../../../src-main/engine/catalog/presets'

describe('generateData', () => {
  for (const profile of listPresetProfiles()) {
    it(`generates valid data for every ${profile.id} event type`, () => {
      for (const et of listPresetEventTypes(profile.id)) {
        for (const seed of [1, 2, 3]) {
          const data = generateData(et.schema, seed)
          expect(validateData(et.schema, data), `${et.name} seed ${seed}`).toEqual({ ok: true, errors: [] })
        }
      }
    })
  }

  it('is deterministic for a seed and varies across seeds and without one', () => {
    const { schema } = getPresetEventType('workestra', 'contact.created')!
    expect(generateData(schema, 42)).toEqual(generateData(schema, 42))
    expect(generateData(schema, 42)).not.toEqual(generateData(schema, 43))
    expect(generateData(schema)).not.toEqual(generateData(schema))
  })

  it('produces realistic values through faker hints and formats', () => {
    const data = generateData(getPresetEventType('workestra', 'contact.created')!.schema, 7) as Record<string, string>
    expect(data.id).toMatch(/^con_[a-z0-9]{3,32}$/)
    expect(data.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/i)
    expect(data.first_name).toMatch(/^[A-Z][a-zA-Z' -]+$/)
    expect(data.created_at).toMatch(/^20(2[4-6])-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    // optional fields are filled in, and nullable ones are not null
    expect(data.owner_id).toMatch(/^usr_/)
    expect(data.phone).not.toBeNull()
  })

  it('respects consts and closed enums', () => {
    for (let seed = 1; seed <= 10; seed++) {
      expect((generateData(getPresetEventType('workflows', 'alert.critical')!.schema, seed) as { severity: string }).severity).toBe('critical')
      expect(['OPEN', 'CLOSED']).toContain((generateData(getPresetEventType('connectgain', 'conversation.status.changed')!.schema, seed) as { status: string }).status)
    }
  })

  it('says so when a schema cannot be satisfied', () => {
    expect(() => generateData({ type: 'integer', minimum: 5, maximum: 1 }, 1)).toThrow(/Cannot generate data that satisfies this schema/)
  })
})

describe('validateData', () => {
  const schema = getPresetEventType('taskhub', 'task.created')!.schema

  it('accepts valid data', () => {
    expect(validateData(schema, getPresetEventType('taskhub', 'task.created')!.example)).toEqual({ ok: true, errors: [] })
  })

  it('reports every problem with its path and a sentence a user understands', () => {
    const result = validateData(schema, {
      id: 'task-789',
      name: '',
      status: 'todo',
      priority: 7,
      project_id: 'proj_123',
      assignee_id: null,
      due_date: '30/10/2025',
      colour: 'red',
    })
    expect(result.ok).toBe(false)
    expect(result.errors).toEqual(
      expect.arrayContaining([
        { path: '/created_by', message: 'Field "created_by" is required but missing.' },
        { path: '/colour', message: 'Field "colour" is not a field of this event type; remove it or fix its name.' },
        { path: '/id', message: 'Field "id" must match the pattern ^task_[A-Za-z0-9]{3,32}$; got "task-789".' },
        { path: '/name', message: 'Field "name" must be at least 1 character long; got "".' },
        { path: '/priority', message: 'Field "priority" must be a string; got an integer (7).' },
        { path: '/due_date', message: 'Field "due_date" must be a date as YYYY-MM-DD; got "30/10/2025".' },
      ]),
    )
    expect(result.errors).toHaveLength(6)
  })

  it('names nested fields and array items', () => {
    const s = getPresetEventType('connectgain', 'zoom.recording.completed')!.schema
    const data = structuredClone(getPresetEventType('connectgain', 'zoom.recording.completed')!.example) as {
      recording_files: Array<Record<string, unknown>>
    }
    data.recording_files[0]!.file_type = 'MOV'
    data.recording_files[0]!.download_url = 'not a url'
    expect(validateData(s, data).errors).toEqual([
      {
        path: '/recording_files/0/file_type',
        message: 'Field "recording_files[0].file_type" must be one of "MP4", "M4A", "TIMELINE", "TRANSCRIPT", "CHAT", "CC", "CSV", "SUMMARY"; got "MOV".',
      },
      {
        path: '/recording_files/0/download_url',
        message: 'Field "recording_files[0].download_url" must be an absolute URI (e.g. https://example.com/path); got "not a url".',
      },
    ])
  })

  it('explains a wrong top-level value, a const and a nullable type', () => {
    expect(validateData(schema, [1, 2]).errors).toEqual([{ path: '', message: 'The data must be an object; got an array.' }])
    const critical = getPresetEventType('workflows', 'alert.critical')!
    expect(validateData(critical.schema, { ...(critical.example as object), severity: 'warning' }).errors).toEqual([
      { path: '/severity', message: 'Field "severity" must be "critical"; got "warning".' },
    ])
    expect(validateData(schema, { ...(getPresetEventType('taskhub', 'task.created')!.example as object), assignee_id: 5 }).errors).toEqual([
      { path: '/assignee_id', message: 'Field "assignee_id" must be a string or null; got an integer (5).' },
    ])
  })

  it('reports one readable error for an anyOf mismatch instead of each branch', () => {
    const s = { type: 'object', properties: { at: { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'integer' }] } } }
    expect(validateData(s, { at: 'yesterday' }).errors).toEqual([
      { path: '/at', message: 'Field "at" does not match any of the allowed shapes; got "yesterday".' },
    ])
  })

  it('refuses an invalid schema with a clear error', () => {
    expect(() => validateData({ type: 'strng' }, 1)).toThrow(/The event type's schema is not a valid JSON Schema/)
    expect(checkSchema({ type: 'strng' })[0]).toMatch(/not a valid JSON Schema/)
    expect(checkSchema([1])[0]).toMatch(/must be a JSON Schema object/)
    expect(checkSchema({ type: 'object' })).toEqual([])
  })
})
