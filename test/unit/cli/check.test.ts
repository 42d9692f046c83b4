import { describe, expect, it } from 'vitest'
import { formatCheck } from '../../../src-main/cli/commands/check'
import type { EndpointCheck } from '../../../src-shared/api/webhooks'

describe('hookbench check output', () => {
  it('never prints the credentials of a webhook URL (CI logs keep it)', () => {
    const check: EndpointCheck = {
      webhookId: 'wh_1',
      url: 'https://ci:s3cret-pass@staging.example.com/hooks',
      eventType: 'task.created',
      checkedAt: '2026-01-01T00:00:00.000Z',
      probes: [],
      passed: 0,
      failed: 0,
      notes: [],
      inbox: null,
    }
    const text = formatCheck(check)
    expect(text).not.toContain('s3cret-pass')
    expect(text).toMatch(/^Checked https:\/\/ci(:\*+)?@staging\.example\.com\/hooks with 0 task\.created probes/)
  })
})
