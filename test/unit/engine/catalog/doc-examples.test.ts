import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildEventPayload, buildHandshakePayload } from '../../../../src-main/engine/catalog/envelope'
import { validateData } from '../../../../src-main/engine/catalog/payloads'
import { getPresetEventType, getPresetProfile } from '../../../../src-main/engine/catalog/presets'

const dir = join(__dirname, '../../../fixtures/catalog')
const fixture = (file: string): string => readFileSync(join(dir, file), 'utf8')

/** The ConnectGain snippets elide fields with `//... other fields` and `,...`; drop exactly those. */
function parseDocSnippet(text: string): Record<string, unknown> {
  const cleaned = text
    .split('\n')
    .filter((line) => !/^\s*\/\/\s*\.\.\./.test(line))
    .join('\n')
    .replace(/,\.\.\.\s*\n/g, '\n')
    .replace(/,(\s*[}\]])/g, '$1')
  return JSON.parse(cleaned) as Record<string, unknown>
}

interface Case {
  profile: string
  file: string
  /** Name of the envelope field carrying the event type. */
  typeField: string
  /** Field of the envelope with the event time, and how it is parsed back to ms. */
  timeField: string
  idField?: string
  webhookIdField?: string
  /** The preset's example must equal the doc's data (false when the doc elides fields). */
  exampleIsDoc: boolean
}

const cases: Case[] = [
  { profile: 'workestra', file: 'workestra-contact-created.json', typeField: 'type', timeField: 'created_at', idField: 'id', exampleIsDoc: true },
  { profile: 'connectgain', file: 'connectgain-contact-created.txt', typeField: 'event', timeField: 'timestamp', exampleIsDoc: true },
  { profile: 'connectgain', file: 'connectgain-contact-created-summary.txt', typeField: 'event', timeField: 'timestamp', exampleIsDoc: false },
  { profile: 'workflows', file: 'workflows-alert-created.json', typeField: 'event', timeField: 'timestamp', exampleIsDoc: true },
  { profile: 'taskhub', file: 'taskhub-task-created.json', typeField: 'event', timeField: 'timestamp', webhookIdField: 'webhook_id', exampleIsDoc: true },
  { profile: 'standard-webhooks', file: 'standard-webhooks-contact-created.json', typeField: 'type', timeField: 'timestamp', exampleIsDoc: true },
]

describe('documented example payloads', () => {
  for (const c of cases) {
    describe(`${c.profile}: ${c.file}`, () => {
      const doc = parseDocSnippet(fixture(c.file))
      const type = String(doc[c.typeField])
      const eventType = getPresetEventType(c.profile, type)!
      const profile = getPresetProfile(c.profile)!

      it('names an event type of the preset', () => {
        expect(eventType, `${type} in ${c.profile}`).toBeDefined()
      })

      it("is accepted by its event type's schema", () => {
        expect(validateData(eventType.schema, doc.data)).toEqual({ ok: true, errors: [] })
      })

      if (c.exampleIsDoc) {
        it("is exactly the preset's example data", () => {
          expect(eventType.example).toEqual(doc.data)
        })
      }

      it("is exactly what the preset's envelope builds (keys, order and values)", () => {
        const built = buildEventPayload({
          profile,
          eventType,
          eventId: c.idField ? String(doc[c.idField]) : 'evt_unused',
          timestamp: Date.parse(String(doc[c.timeField])),
          webhookId: c.webhookIdField ? String(doc[c.webhookIdField]) : undefined,
          data: doc.data,
        }) as Record<string, unknown>
        if (c.profile === 'standard-webhooks') {
          // The spec writes microseconds (…10.344522Z); JavaScript time has milliseconds.
          expect(built[c.timeField]).toBe('2022-11-03T20:26:10.344Z')
          built[c.timeField] = doc[c.timeField]
        }
        expect(JSON.stringify(built)).toBe(JSON.stringify(doc))
      })
    })
  }

  it('Workestra endpoint.verify: the handshake builds exactly the documented body', () => {
    const doc = JSON.parse(fixture('workestra-endpoint-verify.json')) as Record<string, string>
    const profile = getPresetProfile('workestra')!
    expect(profile.handshake!.example).toEqual(doc)
    const built = buildHandshakePayload({ profile, eventId: doc.id!, timestamp: Date.parse(doc.created_at!) })
    expect(JSON.stringify(built)).toBe(JSON.stringify(doc))
    expect(profile.handshake!.idPrefix).toBe('evt_test_')
  })

  it('the snippet parser only removes the documented elisions', () => {
    expect(parseDocSnippet('{\n"a": 1,\n//... other fields\n}')).toEqual({ a: 1 })
    expect(parseDocSnippet('{\n"a": 1,...\n}')).toEqual({ a: 1 })
    expect(() => parseDocSnippet('{\n"a": 1,\n// a comment\n}')).toThrow()
  })
})
