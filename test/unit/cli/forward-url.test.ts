import { describe, expect, it } from 'vitest'
import { forwardUrl, withoutCredentials } from '../../../src-shared/http-url'

describe('forwardUrl (the inbox forwarder and `hookbench listen`)', () => {
  it('appends the path below the slug, and the raw query exactly as received', () => {
    expect(forwardUrl('http://localhost:3000/webhooks', '/orders', 'x=1&note=a%20b+c&path=%2Fd')).toBe('http://localhost:3000/webhooks/orders?x=1&note=a%20b+c&path=%2Fd')
    expect(forwardUrl('http://localhost:3000/webhooks/', '/orders', '')).toBe('http://localhost:3000/webhooks/orders')
    expect(forwardUrl('http://localhost:3000/webhooks', '/', '')).toBe('http://localhost:3000/webhooks')
  })

  it("keeps the target's own query first and its fragment last", () => {
    expect(forwardUrl('http://localhost:3000/hook?src=hb#frag', '/', 'q=a%20b')).toBe('http://localhost:3000/hook?src=hb&q=a%20b#frag')
  })

  it('appends the path below the slug as received: backslashes, braces and escapes are not re-encoded', () => {
    expect(forwardUrl('http://127.0.0.1:3000/hooks', '/q/{brace}/"quote"/a\\b/%7Bx%7D', '')).toBe('http://127.0.0.1:3000/hooks/q/{brace}/"quote"/a\\b/%7Bx%7D')
    expect(forwardUrl('http://127.0.0.1:3000/hooks', '/v1.2/..a/a..b/.env', '')).toBe('http://127.0.0.1:3000/hooks/v1.2/..a/a..b/.env')
    expect(forwardUrl('http://user:pw@127.0.0.1:3000', '/x', '')).toBe('http://user:pw@127.0.0.1:3000/x')
  })

  it("resolves dot segments inside the suffix, so a captured path never climbs out of the target's base path", () => {
    expect(forwardUrl('http://127.0.0.1:3000/hooks?t=1', '/a/../../admin', 'x=1')).toBe('http://127.0.0.1:3000/hooks/admin?t=1&x=1')
    expect(forwardUrl('http://127.0.0.1:3000/hooks', '/%2e%2E/%2e./.%2e/admin', '')).toBe('http://127.0.0.1:3000/hooks/admin')
    expect(forwardUrl('http://127.0.0.1:3000/hooks', '/a\\..\\..\\admin', '')).toBe('http://127.0.0.1:3000/hooks/\\admin')
    // Encoded separators (nginx decodes them before resolving) and Tomcat's "..;" are dot segments too.
    for (const sneaky of ['/..%2f..%2fadmin', '/%2e%2e%2f%2e%2e%2fadmin', '/..%5c..%5cadmin', '/..;/..;x/admin', '/a/%2E%2e/../admin']) {
      expect(forwardUrl('http://127.0.0.1:3000/hooks', sneaky, ''), sneaky).toMatch(/^http:\/\/127\.0\.0\.1:3000\/hooks\/(%2f|%5c)?admin$/i)
    }
    // Kept segments keep their own separators.
    expect(forwardUrl('http://127.0.0.1:3000/hooks', '/a\\b/./c', '')).toBe('http://127.0.0.1:3000/hooks/a\\b/c')
    expect(forwardUrl('http://127.0.0.1:3000/hooks', '/a/b/..', '')).toBe('http://127.0.0.1:3000/hooks/a/')
    expect(forwardUrl('http://127.0.0.1:3000/hooks', '/a/./b/..', '')).toBe('http://127.0.0.1:3000/hooks/a/')
    expect(forwardUrl('http://127.0.0.1:3000/hooks', '/..', '')).toBe('http://127.0.0.1:3000/hooks')
  })

  it('throws for a target that is not a URL', () => {
    expect(() => forwardUrl('not a url', '/', '')).toThrow()
  })
})

describe('withoutCredentials', () => {
  it('hides the credentials of the user info and keeps the rest as written', () => {
    expect(withoutCredentials('http://user:p%40ss@127.0.0.1:3000/base/a?x=1#f')).toBe('http://user:***@127.0.0.1:3000/base/a?x=1#f')
    expect(withoutCredentials('https://a:b:c@host/p@q')).toBe('https://a:***@host/p@q')
    expect(withoutCredentials('http://host/path?u=a:b@c')).toBe('http://host/path?u=a:b@c')
    expect(withoutCredentials('https://ghp_token123@host/')).toBe('https://***@host/') // a user part alone is often a token
    expect(withoutCredentials('http://host:8080/')).toBe('http://host:8080/')
    expect(withoutCredentials('not a url')).toBe('not a url')
    // A backslash ends the host (as URL parsers read http URLs): the host shown stays the real one.
    expect(withoutCredentials('http://localhost:3000\\x@evil.example/')).toBe('http://localhost:3000\\x@evil.example/')
    expect(withoutCredentials('http://[::1]:8080/a@b')).toBe('http://[::1]:8080/a@b')
  })
})
