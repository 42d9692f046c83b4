import { describe, expect, it } from 'vitest'
import { forwardUrl } from '../../../src-shared/http-url'

describe('forwardUrl (the inbox forwarder and `hookbench listen`)', () => {
  it('appends the path below the slug, and the raw query exactly as received', () => {
    expect(forwardUrl('http://localhost:3000/webhooks', '/orders', 'x=1&note=a%20b+c&path=%2Fd')).toBe('http://localhost:3000/webhooks/orders?x=1&note=a%20b+c&path=%2Fd')
    expect(forwardUrl('http://localhost:3000/webhooks/', '/orders', '')).toBe('http://localhost:3000/webhooks/orders')
    expect(forwardUrl('http://localhost:3000/webhooks', '/', '')).toBe('http://localhost:3000/webhooks')
  })

  it("keeps the target's own query first and its fragment last", () => {
    expect(forwardUrl('http://localhost:3000/hook?src=hb#frag', '/', 'q=a%20b')).toBe('http://localhost:3000/hook?src=hb&q=a%20b#frag')
  })

  it('throws for a target that is not a URL', () => {
    expect(() => forwardUrl('not a url', '/', '')).toThrow()
  })
})
