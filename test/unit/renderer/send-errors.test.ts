import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../src-renderer/api/client'
import { placeSendError } from '../../../src-renderer/features/replay/send-errors'

describe('placeSendError', () => {
  it("puts the engine's refusal of the target URL under the URL, in the form's words", () => {
    const err = new ApiError(400, 'HB_ERR_VALIDATION', 'body/url must NOT have more than 4000 characters', '/url')
    expect(placeSendError(err)).toEqual({ errors: { url: 'Target URL must be at most 4000 characters long.' }, general: null })
  })

  it('puts a header the engine will not send under the headers, and a bad body under the body', () => {
    const header = new ApiError(400, 'HB_ERR_REPLAY_HEADERS', 'The value of x-note holds "☃" (U+2603), which a header cannot carry.', '/headers/2/1')
    expect(placeSendError(header)).toEqual({ errors: { headers: header.message }, general: null })
    const body = new ApiError(400, 'HB_ERR_REPLAY_BODY', 'bodyBase64 is not base64.', '/bodyBase64')
    expect(placeSendError(body).errors).toEqual({ body: body.message })
  })

  it('puts a re-signing refusal on the secret or on the profile it names', () => {
    expect(placeSendError(new ApiError(400, 'HB_ERR_SIGNING', 'Too short.', '/resign/secret')).errors).toEqual({ secret: 'Too short.' })
    expect(placeSendError(new ApiError(400, 'HB_ERR_REPLAY_RESIGN', 'No profile "x".', '/resign/profileId')).errors).toEqual({ profile: 'No profile "x".' })
  })

  it('leaves an error that names no field of the form for the message under it', () => {
    expect(placeSendError(new ApiError(404, 'HB_ERR_NOT_FOUND', 'No request with id "req_x".'))).toEqual({ errors: {}, general: 'No request with id "req_x".' })
    expect(placeSendError(new Error('Failed to fetch'))).toEqual({ errors: {}, general: 'Failed to fetch' })
  })
})
