import { describe, expect, it } from 'vitest'
import { SLUG_PATTERN } from '../../../src-shared/api/inboxes'
import { HEADER_NAME_PATTERN } from '../../../src-shared/catalog'
import { plainErrorMessage } from '../../../src-renderer/lib/validation-message'

/** The engine's generic schema refusal, as its error handler words a pattern failure. */
const patternError = (field: string, pattern: string) => ({ code: 'HB_ERR_VALIDATION', message: `body${field} must match pattern "${pattern}"`, field })

describe('plainErrorMessage on a pattern refusal', () => {
  it('says what a header name may hold instead of "not in the expected format"', () => {
    const msg = plainErrorMessage(patternError('/headers/eventType', HEADER_NAME_PATTERN), { 'headers/eventType': 'Event type header' })
    expect(msg).toBe("Event type header must be a header name: letters, digits and dashes (also ! # $ % & ' * + . ^ _ ` | ~), with no spaces or colon.")
  })

  it('says what an id, a slug and an event id prefix may hold', () => {
    expect(plainErrorMessage(patternError('/id', '^[a-z0-9][a-z0-9-]*$'), { id: 'Id' })).toBe('Id must be lowercase letters, digits and dashes, starting with a letter or a digit.')
    expect(plainErrorMessage(patternError('/slug', SLUG_PATTERN), { slug: 'Slug' })).toBe(
      'Slug must be 1 to 63 characters: lowercase letters, digits, "-" and "_", starting with a letter or a digit.',
    )
    expect(plainErrorMessage(patternError('/idPrefix', '^[A-Za-z0-9_-]*$'), { idPrefix: 'Event id prefix' })).toBe('Event id prefix must be letters, digits, "-" and "_" only.')
  })

  it('keeps the generic sentence for a pattern it does not know', () => {
    expect(plainErrorMessage(patternError('/code', '^[A-Z]{3}$'), { code: 'Code' })).toBe('Code is not in the expected format.')
  })
})
