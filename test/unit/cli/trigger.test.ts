import { describe, expect, it } from 'vitest'
import { inFlagTerms } from '../../../src-main/cli/commands/trigger'
import { CliFailure } from '../../../src-main/cli/engine-connection'

describe('hookbench trigger: the engine’s messages in flag terms', () => {
  it('rewrites a free-standing field name, never one inside a URL or a JSON key', () => {
    const err = new CliFailure(
      'Fire the event with profileId "stripe" or leave profileId out (webhookIds). GET /api/event-types?profileId=stripe&x=1 lists them; POST /api/events {"profileId": "stripe"}.',
      2,
    )
    expect(inFlagTerms(err, {}).message).toBe(
      'Fire the event with --profile "stripe" or leave --profile out (--webhook). GET /api/event-types?profileId=stripe&x=1 lists them; POST /api/events {"profileId": "stripe"}.',
    )
  })
})
