import { afterAll, describe, expect, it } from 'vitest'
import { classifyNetworkError, createOutboundClient, withoutHopByHop } from '../../../../src-main/engine/http/outbound'
import { closedPort, startSink } from '../../../helpers/sink'

describe('outbound HTTP client', () => {
  const client = createOutboundClient()
  afterAll(() => client.close())

  it('sends headers in order with duplicates and the exact body bytes, and records the response', async () => {
    const sink = await startSink((_req, res) => {
      res.setHeader('X-Reply', ['a', 'b'])
      res.statusCode = 202
      res.end('accepted')
    })
    const body = Buffer.from([0x00, 0xff, 0x7b, 0x22, 0xe2, 0x82, 0xac])
    const result = await client.send({
      method: 'POST',
      url: `${sink.url}/hook?x=1`,
      headers: [['X-First', '1'], ['X-Dup', 'a'], ['X-Dup', 'b'], ['Content-Type', 'application/octet-stream']],
      body,
      timeoutMs: 5000,
    })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.response.status).toBe(202)
    expect(result.response.body.toString()).toBe('accepted')
    expect(result.response.headers.filter(([n]) => n.toLowerCase() === 'x-reply')).toEqual([['X-Reply', 'a'], ['X-Reply', 'b']])
    const [got] = sink.received
    expect(got!.url).toBe('/hook?x=1')
    expect(got!.body.equals(body)).toBe(true)
    const names = got!.headers.map(([n]) => n.toLowerCase())
    expect(names.indexOf('x-first')).toBeLessThan(names.indexOf('x-dup'))
    expect(got!.headers.filter(([n]) => n.toLowerCase() === 'x-dup').map(([, v]) => v)).toEqual(['a', 'b'])
    await sink.close()
  })

  it('sends the path as written (dot segments, backslashes, braces), and the encoded form when it cannot go on the request line as is', async () => {
    const sink = await startSink()
    for (const path of ['/hooks/a/../../admin?x=1', '/hooks/q/{brace}/"quote"/a\\b/%7Bx%7D', '/a b/ü']) {
      const result = await client.send({ method: 'POST', url: `${sink.url}${path}#frag`, headers: [], timeoutMs: 5000 })
      expect(result.ok, JSON.stringify(result)).toBe(true)
    }
    expect(sink.received.map((r) => r.url)).toEqual(['/hooks/a/../../admin?x=1', '/hooks/q/{brace}/"quote"/a\\b/%7Bx%7D', '/a%20b/%C3%BC'])
    await sink.close()
  })

  it('sends credentials written in the URL as Basic authorization (forwards and replays too), unless an Authorization header is given', async () => {
    const sink = await startSink()
    const url = sink.url.replace('http://', 'http://fwd%40user:s%zz@')
    await client.send({ method: 'POST', url: `${url}/in`, headers: [['X-A', '1']], timeoutMs: 5000 })
    await client.send({ method: 'POST', url: `${url}/in`, headers: [['authorization', 'Bearer kept']], timeoutMs: 5000 })
    const auth = sink.received.map((r) => r.headers.filter(([n]) => n.toLowerCase() === 'authorization').map(([, v]) => v))
    expect(auth).toEqual([[`Basic ${Buffer.from('fwd@user:s%zz').toString('base64')}`], ['Bearer kept']])
    expect(sink.received[0]!.url).toBe('/in')
    await sink.close()
  })

  it('keeps at most maxResponseBytes of the body but reports its true size', async () => {
    const sink = await startSink((_req, res) => res.end(Buffer.alloc(200_000, 0x61)))
    const result = await client.send({ method: 'GET', url: sink.url, headers: [], timeoutMs: 5000, maxResponseBytes: 1000 })
    expect(result.ok && result.response.body.length).toBe(1000)
    expect(result.ok && result.response.size).toBe(200_000)
    expect(result.ok && result.response.truncated).toBe(true)
    await sink.close()
  })

  it('does not follow redirects', async () => {
    const sink = await startSink((_req, res) => {
      res.statusCode = 302
      res.setHeader('Location', '/elsewhere')
      res.end()
    })
    const result = await client.send({ method: 'POST', url: sink.url, headers: [], body: Buffer.from('x'), timeoutMs: 5000 })
    expect(result.ok && result.response.status).toBe(302)
    expect(sink.received).toHaveLength(1)
    await sink.close()
  })

  it('reports a refused connection', async () => {
    const port = await closedPort()
    const result = await client.send({ method: 'POST', url: `http://127.0.0.1:${port}/`, headers: [], body: Buffer.from('x'), timeoutMs: 5000 })
    expect(result).toMatchObject({ ok: false, error: { code: 'refused' } })
  })

  it('reports a timeout when the server never answers', async () => {
    const sink = await startSink(() => undefined) // hangs
    const result = await client.send({ method: 'POST', url: sink.url, headers: [], body: Buffer.from('x'), timeoutMs: 300 })
    expect(result).toMatchObject({ ok: false, error: { code: 'timeout', message: 'no complete response within 300 ms' } })
    await sink.close()
  })

  it('reports a reset when the server drops the connection', async () => {
    const sink = await startSink((_req, res) => res.socket?.destroy())
    const result = await client.send({ method: 'POST', url: sink.url, headers: [], body: Buffer.from('x'), timeoutMs: 5000 })
    expect(result).toMatchObject({ ok: false, error: { code: 'reset' } })
    await sink.close()
  })

  it('refuses a non-HTTP URL without sending anything', async () => {
    const result = await client.send({ method: 'POST', url: 'ftp://127.0.0.1/x', headers: [], timeoutMs: 1000 })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_url' } })
  })

  it('classifies DNS and TLS failures', () => {
    expect(classifyNetworkError(Object.assign(new Error('getaddrinfo ENOTFOUND x.invalid'), { code: 'ENOTFOUND' }), 1).code).toBe('dns')
    expect(classifyNetworkError(Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), 1).code).toBe('tls')
  })

  it('drops hop-by-hop headers, Host, and headers named by Connection', () => {
    expect(
      withoutHopByHop([
        ['Host', 'x'],
        ['Connection', 'keep-alive, X-Private'],
        ['X-Private', '1'],
        ['Transfer-Encoding', 'chunked'],
        ['Content-Type', 'application/json'],
        ['Webhook-Id', 'msg_1'],
      ]),
    ).toEqual([
      ['Content-Type', 'application/json'],
      ['Webhook-Id', 'msg_1'],
    ])
  })
})
