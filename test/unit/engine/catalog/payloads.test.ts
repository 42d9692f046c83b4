import { describe, expect, it } from 'vitest'
import { DataTooLargeError, GENERATION_LIMITS, checkSchema, generateData, patternLength, validateData } from '../../../../src-main/engine/catalog/payloads'
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

describe('generateData within limits', () => {
  const tooLarge = (schema: unknown, eventType?: string): DataTooLargeError => {
    try {
      generateData(schema as never, 1, eventType)
    } catch (err) {
      expect(err).toBeInstanceOf(DataTooLargeError)
      return err as DataTooLargeError
    }
    throw new Error('expected a DataTooLargeError')
  }

  it('refuses a minimum above the limits without generating it, naming the keyword and what to change', () => {
    const e = tooLarge({ type: 'object', required: ['body'], properties: { body: { type: 'string', minLength: 50_000_000 } } }, 'note.created')
    expect(e.path).toBe('/properties/body/minLength')
    expect(e.message).toMatch(/^Cannot generate data for note\.created: minLength at "\/properties\/body\/minLength" asks for strings of at least 50000000 characters; lower it to 10000 or less\. Generated event data is capped at 1\.0 MiB .* Change the event type's schema, or give the data yourself\.$/)
    expect(tooLarge({ type: 'array', minItems: 10_000_000 }).message).toMatch(/minItems at "\/minItems" asks for at least 10000000 items; lower it to 100 or less/)
    expect(tooLarge({ type: 'object', minProperties: 10_000_000 }).message).toMatch(/minProperties at "\/minProperties" asks for at least 10000000 fields/)
    expect(tooLarge({ type: 'string', pattern: '^((a{999}){999}){999}$' }).message).toMatch(/pattern at "\/pattern" .* repeats too much/)
  })

  it('generates valid, bounded data when only the maximums are huge', () => {
    const schema = { type: 'object', required: ['s', 'a'], properties: { s: { type: 'string', maxLength: 50_000_000 }, a: { type: 'array', maxItems: 10_000_000, items: { type: 'integer' } }, o: { type: 'object', maxProperties: 10_000_000 } } }
    const data = generateData(schema as never, 1) as { s: string; a: number[] }
    expect(validateData(schema as never, data)).toEqual({ ok: true, errors: [] })
    expect(data.s.length).toBeLessThanOrEqual(GENERATION_LIMITS.stringLength)
    expect(data.a.length).toBeLessThanOrEqual(GENERATION_LIMITS.items)
  })

  it('tries other seeds when only one branch of an anyOf is lowered, and succeeds with the other branch', () => {
    const schema = { type: 'object', required: ['v'], properties: { v: { anyOf: [{ type: 'string', minLength: 12_000 }, { type: 'integer' }] } } }
    for (let seed = 1; seed <= 40; seed++) {
      const data = generateData(schema as never, seed)
      expect(validateData(schema as never, data).ok).toBe(true)
    }
  })

  it('stops a schema whose size multiplies (nested arrays, $ref fan-out) instead of generating it', () => {
    const nested = { type: 'array', minItems: 100, items: { type: 'array', minItems: 100, items: { type: 'array', minItems: 100, items: { type: 'string' } } } }
    expect(tooLarge(nested).message).toMatch(/more than 20000 values/)
    const fanOut = { $defs: { n: { type: 'object', properties: { a: { $ref: '#/$defs/n' }, b: { $ref: '#/$defs/n' }, c: { $ref: '#/$defs/n' }, d: { $ref: '#/$defs/n' } } } }, $ref: '#/$defs/n' }
    expect(tooLarge(fanOut).path).toBe('')
    const strings = { type: 'array', minItems: 100, items: { type: 'string', minLength: 10_000 } }
    const wide = { type: 'object', required: ['a', 'b'], properties: { a: strings, b: strings } }
    expect(tooLarge(wide).message).toMatch(/larger than 1\.0 MiB/)
  })

  it('lowers faker lengths and counts, and drops a template that would expand too far', () => {
    expect((generateData({ type: 'string', 'x-faker': { 'string.alpha': [100_000_000] } } as never, 1) as string).length).toBe(GENERATION_LIMITS.stringLength)
    expect((generateData({ type: 'string', 'x-faker': { 'string.alpha': [{ length: { min: 1e8, max: 1e9 } }] } } as never, 1) as string).length).toBe(GENERATION_LIMITS.stringLength)
    expect(JSON.stringify(generateData({ type: 'string', 'x-faker': { 'lorem.paragraphs': [1_000_000] } } as never, 1)).length).toBeLessThan(GENERATION_LIMITS.bytes)
    expect(generateData({ type: 'string', maxLength: 20, 'x-faker': { 'helpers.fake': ['{{lorem.paragraphs(1000000)}}'] } } as never, 1)).toMatch(/^.{0,20}$/)
    // Hints with values (not lengths) are left alone.
    expect(generateData({ type: 'integer', 'x-faker': { 'number.int': [{ min: 50_000, max: 50_000 }] } } as never, 1)).toBe(50_000)
    expect(generateData({ type: 'integer', 'x-faker': { 'helpers.arrayElement': [[123_456]] } } as never, 1)).toBe(123_456)
  })

  it('estimates how long a pattern expands', () => {
    expect(patternLength('^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')).toBeLessThan(100)
    expect(patternLength('^con_[a-z0-9]{3,32}$')).toBeLessThan(20)
    expect(patternLength('(a{999}){999}')).toBeGreaterThan(GENERATION_LIMITS.stringLength)
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
    expect(checkSchema({ type: 'strng' })[0]).toMatchObject({ pointer: '/type', message: expect.stringMatching(/^"strng" is not a JSON Schema type/) })
    expect(checkSchema([1])[0]!.message).toMatch(/must be a JSON Schema object/)
    expect(checkSchema({ type: 'object' })).toEqual([])
  })
})
