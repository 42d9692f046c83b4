/**
 * The endpoint check against real local handlers: a correct one, the TaskHub doc's own sample
 * handler (JSON.stringify(req.body) and timingSafeEqual of a "sha256=" header with a bare digest),
 * the Workestra doc's own sample (the bare digest compared with the "sha256=" header using ==),
 * that TaskHub sample with only its prefix fixed, a handler that verifies nothing, and Standard Webhooks
 * handlers with and without a timestamp tolerance. Each verdict comes from a real answer.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { createServer, type AddressInfo, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EndpointCheck, EndpointProbeId } from '../../../src-shared/api/webhooks'
import { startTestEngine, type TestEngine } from '../../helpers/engine'
import { startSink, type ReceivedRequest, type Sink } from '../../helpers/sink'

const SECRET = 'taskhub-secret-1'
const SW_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

const header = (r: ReceivedRequest, name: string) => r.headers.find(([n]) => n.toLowerCase() === name)?.[1]
const hmacHex = (key: string | Buffer, content: string | Buffer) => createHmac('sha256', key).update(content).digest('hex')
const reply = (res: ServerResponse, status: number, text: string) => {
  res.statusCode = status
  res.end(text)
}

/** Express answers 500 when a handler throws; so do these. */
const express = (handler: (r: ReceivedRequest, res: ServerResponse) => void) => (r: ReceivedRequest, res: ServerResponse) => {
  try {
    handler(r, res)
  } catch (err) {
    reply(res, 500, `Internal Server Error: ${(err as Error).message}`)
  }
}

/** The TaskHub doc's handler, verbatim in substance (shared/seeds/004, "Verify Signature"). */
const taskhubSample = express((r, res) => {
  const signature = header(r, 'x-webhook-signature')
  const payload = JSON.stringify(JSON.parse(r.body.toString('utf8')))
  const expected = hmacHex(SECRET, payload)
  const ok = timingSafeEqual(Buffer.from(signature as string), Buffer.from(expected))
  if (!ok) return reply(res, 401, 'Invalid signature')
  reply(res, 200, 'ok')
})

const WORKESTRA_SECRET = 'workestra-secret-1'

/** The Workestra doc's handler (shared/seeds/000, "Security"): hexdigest() == request.headers['X-Workestra-Signature']. */
const workestraSample = (r: ReceivedRequest, res: ServerResponse) => {
  const signature = hmacHex(WORKESTRA_SECRET, r.body)
  if (signature === header(r, 'x-workestra-signature')) return reply(res, 200, 'ok')
  reply(res, 401, 'Invalid signature')
}

/** The sample with its prefix fixed and lengths checked, still hashing JSON.stringify(req.body). */
const reserializing = express((r, res) => {
  const signature = Buffer.from(header(r, 'x-webhook-signature') ?? '')
  const expected = Buffer.from(`sha256=${hmacHex(SECRET, JSON.stringify(JSON.parse(r.body.toString('utf8'))))}`)
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return reply(res, 401, 'Invalid signature')
  reply(res, 200, 'ok')
})

/** What the doc should have shown: the raw bytes, the whole value, lengths first, 401. */
const correct = express((r, res) => {
  const signature = Buffer.from(header(r, 'x-webhook-signature') ?? '')
  const expected = Buffer.from(`sha256=${hmacHex(SECRET, r.body)}`)
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return reply(res, 401, 'Invalid signature')
  reply(res, 200, 'ok')
})

function standardWebhooks(now: () => number, toleranceSec: number | null) {
  const key = Buffer.from(SW_SECRET.slice('whsec_'.length), 'base64')
  return express((r, res) => {
    const id = header(r, 'webhook-id')
    const ts = header(r, 'webhook-timestamp')
    const sig = header(r, 'webhook-signature')
    if (!id || !ts || !sig) return reply(res, 400, 'missing headers')
    const expected = Buffer.from(createHmac('sha256', key).update(`${id}.${ts}.`).update(r.body).digest('base64'))
    const match = sig.split(' ').some((s) => {
      const given = Buffer.from(s.slice(s.indexOf(',') + 1))
      return given.length === expected.length && timingSafeEqual(given, expected)
    })
    if (!match) return reply(res, 401, 'bad signature')
    if (toleranceSec !== null && Math.abs(now() / 1000 - Number(ts)) > toleranceSec) return reply(res, 401, 'timestamp too old')
    reply(res, 204, '')
  })
}

describe('endpoint check: how a handler verifies signatures, from its answers', () => {
  let t: TestEngine
  const sinks: Sink[] = []
  beforeAll(async () => {
    t = await startTestEngine()
  })
  afterAll(async () => {
    await t.stop()
    await Promise.all(sinks.map((s) => s.close()))
  })

  async function webhookTo(url: string, body: Record<string, unknown>): Promise<string> {
    const res = await t.api('POST', '/api/webhooks', { name: 'Checked', url, events: ['*'], allowLocal: true, skipVerification: true, ...body })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    return res.body.id
  }

  async function webhookAt(handler: Parameters<typeof startSink>[0], body: Record<string, unknown>): Promise<{ id: string; sink: Sink }> {
    const sink = await startSink(handler)
    sinks.push(sink)
    return { id: await webhookTo(`${sink.url}/webhooks`, body), sink }
  }

  /** A TCP server that writes `greeting` to each connection and reads whatever comes, never closing: not (or not quite) HTTP. */
  async function rawServer(greeting: string): Promise<{ url: string; connections: () => number }> {
    const sockets = new Set<Socket>()
    let connections = 0
    const server = createServer((socket) => {
      connections++
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
      socket.on('data', () => {})
      socket.write(greeting)
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    sinks.push({ url, received: [], waitFor: async () => [], close: () => new Promise<void>((r) => (sockets.forEach((s) => s.destroy()), server.close(() => r()))) })
    return { url, connections: () => connections }
  }

  async function check(id: string, body?: unknown): Promise<EndpointCheck> {
    const res = await t.api('POST', `/api/webhooks/${id}/check`, body)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    return res.body
  }

  const verdicts = (c: EndpointCheck) => Object.fromEntries(c.probes.map((p) => [p.id, p.verdict])) as Record<EndpointProbeId, string>
  const probe = (c: EndpointCheck, id: EndpointProbeId) => c.probes.find((p) => p.id === id)!

  it('passes a correct handler, sending each probe as described', async () => {
    const { id, sink } = await webhookAt(correct, { profileId: 'taskhub', secret: SECRET, events: ['task.created'] })
    const c = await check(id)
    expect(verdicts(c)).toEqual({ signed: 'pass', wrong_secret: 'pass', no_signature: 'pass', short_signature: 'pass', pretty_body: 'pass' })
    expect(c).toMatchObject({ webhookId: id, eventType: 'task.created', passed: 5, failed: 0 })
    expect(c.inbox).toBeNull() // a handler of the user's
    // TaskHub signs no timestamp: no stale probe, and the notes say what that means
    expect(c.notes.join(' ')).toMatch(/covers no timestamp.*event ids it has already processed/)
    expect(c.notes.join(' ')).toMatch(/constant time cannot be seen from outside/)

    const [signed, wrong, none, short, pretty] = sink.received
    expect(sink.received).toHaveLength(5)
    expect(header(signed!, 'x-webhook-signature')).toBe(`sha256=${hmacHex(SECRET, signed!.body)}`)
    expect(header(wrong!, 'x-webhook-signature')).toMatch(/^sha256=[0-9a-f]{64}$/)
    expect(header(wrong!, 'x-webhook-signature')).not.toBe(`sha256=${hmacHex(SECRET, wrong!.body)}`)
    expect(header(none!, 'x-webhook-signature')).toBeUndefined()
    expect(header(none!, 'x-webhook-id')).toBe(id) // only the signature is left out
    expect(header(short!, 'x-webhook-signature')).toBe(`sha256=${hmacHex(SECRET, short!.body)}`.slice(0, 35))
    expect(pretty!.body.toString()).toBe(JSON.stringify(JSON.parse(pretty!.body.toString()), null, 2))
    expect(header(pretty!, 'x-webhook-signature')).toBe(`sha256=${hmacHex(SECRET, pretty!.body)}`)
    expect(probe(c, 'short_signature').signature).toBe(header(short!, 'x-webhook-signature'))
    // each probe says what it sent: method, URL, headers and body, as the handler received them
    for (const [i, p] of c.probes.entries()) {
      const received = sink.received[i]!
      expect(p.request).toMatchObject({ method: 'POST', url: `${sink.url}/webhooks`, body: received.body.toString(), bodyEncoding: 'utf8', size: received.body.length, truncated: false })
      for (const [name, value] of p.request!.headers) expect(header(received, name.toLowerCase())).toBe(value)
    }
    expect(probe(c, 'no_signature').request!.headers.map(([n]) => n)).not.toContain('X-Webhook-Signature')
  })

  it("names the TaskHub sample handler's crash: timingSafeEqual throws on a sha256= header against a bare digest", async () => {
    const { id } = await webhookAt(taskhubSample, { profileId: 'taskhub', secret: SECRET })
    const c = await check(id)
    expect(probe(c, 'signed')).toMatchObject({ verdict: 'fail', status: 500 })
    expect(probe(c, 'signed').responseBody).toContain('Input buffers must have the same byte length')
    // Every signed request crashed, right or wrong: the signed probe names the likely cause, from
    // that evidence and the RangeError its answer quotes, with the prefix the scheme's header carries.
    expect(probe(c, 'signed').finding).toBe(
      'It answered 500 to a correctly signed event, and failed too on the same event signed with another secret (500) and with its signature cut to half its length (500): ' +
        'the handler fails on every signed request, right or wrong, so it likely throws while verifying. Its answers name the likely cause, the RangeError crypto.timingSafeEqual throws ' +
        'when its two buffers differ in length: X-Webhook-Signature carries "sha256=" before the hex digest, so a handler that compares the whole header with a bare digest ' +
        'compares 71 bytes with 64, on every request.',
    )
    expect(probe(c, 'signed').fix).toBe(
      'Strip the "sha256=" prefix from X-Webhook-Signature before comparing (or compare with "sha256=" + the digest), and check the lengths match before timingSafeEqual, answering 401 when they do not. ' +
        'Until then TaskHub retries the delivery 3 times, then gives up, and failed deliveries disable the webhook. Check again after the fix: the other probes can tell more once a valid delivery is accepted.',
    )
    // One crash, one cause: the other probes failed as the valid event did, which is the signed
    // probe's evidence, and none of them names a cause of its own (no 401, a header used unchecked…).
    expect(verdicts(c)).toEqual({ signed: 'fail', wrong_secret: 'inconclusive', no_signature: 'inconclusive', short_signature: 'inconclusive', pretty_body: 'inconclusive' })
    expect(c).toMatchObject({ passed: 0, failed: 1 })
    for (const id of ['wrong_secret', 'no_signature', 'short_signature'] as const) {
      expect(probe(c, id)).toMatchObject({
        status: 500,
        finding: 'It answered 500, as to the correctly signed event: the same failure ("Signed as the profile signs" names its likely cause), so this says nothing more until a valid delivery is accepted.',
        fix: null,
      })
    }
    // the indented body cannot say more than the compact one did
    expect(probe(c, 'pretty_body')).toMatchObject({ verdict: 'inconclusive', finding: 'It answered 500, as to the compact body signed right: this says nothing more.' })
  })

  it("names the Workestra sample handler's refusal: it compares the sha256= header with a bare digest, which a probe without the prefix shows", async () => {
    const { id, sink } = await webhookAt(workestraSample, { profileId: 'workestra', secret: WORKESTRA_SECRET, events: ['deal.won'] })
    const c = await check(id)
    // the bare-digest probe is sent right after the refused signed one, and listed like the others
    expect(c.probes.map((p) => p.id)).toEqual(['signed', 'bare_digest', 'wrong_secret', 'no_signature', 'short_signature', 'pretty_body'])
    expect(sink.received).toHaveLength(6)
    const bareSent = sink.received[1]!
    expect(header(bareSent, 'x-workestra-signature')).toBe(hmacHex(WORKESTRA_SECRET, bareSent.body))
    const bare = probe(c, 'bare_digest')
    expect(bare).toMatchObject({
      title: 'Signed right, X-Workestra-Signature without its "sha256=" prefix',
      expect: 'refused',
      status: 200,
      signature: hmacHex(WORKESTRA_SECRET, bareSent.body),
      verdict: 'inconclusive',
      finding:
        'Accepted (200) the digest without its "sha256=" prefix: the handler compares the header with a bare digest, which is why it refused the signature as sent ("Signed as the profile signs" says what to fix).',
      fix: null,
    })
    expect(bare.request).toMatchObject({ method: 'POST', url: `${sink.url}/webhooks`, body: bareSent.body.toString() })
    expect(bare.request!.headers).toContainEqual(['X-Workestra-Signature', hmacHex(WORKESTRA_SECRET, bareSent.body)])

    expect(probe(c, 'signed')).toMatchObject({
      verdict: 'fail',
      status: 401,
      finding:
        'Refused (401) a correctly signed event, and accepted (200) the same kind of event with only the digest in X-Workestra-Signature, without its "sha256=" prefix: ' +
        "the handler compares the header with a bare digest, as the Workestra doc's own sample does (hmac.new(secret, payload, hashlib.sha256).hexdigest() == request.headers['X-Workestra-Signature']), " +
        'so it refuses every delivery Workestra sends.',
      fix:
        'Strip the "sha256=" prefix from X-Workestra-Signature before comparing (or compare with "sha256=" + the digest), and compare in constant time (crypto.timingSafeEqual after a length check, hmac.compare_digest). ' +
        'Until then Workestra retries the delivery 4 times, then gives up, and failed deliveries disable the webhook.',
    })
    expect(c).toMatchObject({ passed: 0, failed: 1 })
    // it processed the bare-digest event as a real one
    expect(c.notes.join(' ')).toContain('"Signed as the profile signs", "Signed right, X-Workestra-Signature without its "sha256=" prefix", and "Signed right, body as indented JSON" are valid deal.won events')
  })

  it('finds a bare-digest comparison for any prefixed signature, in the words of a multi-signature header, citing no doc', async () => {
    // Standard Webhooks: "v1,<base64>"; this handler compares the whole header with the bare base64 digest
    const key = Buffer.from(SW_SECRET.slice('whsec_'.length), 'base64')
    const bareCompare = (r: ReceivedRequest, res: ServerResponse) => {
      const expected = createHmac('sha256', key).update(`${header(r, 'webhook-id')}.${header(r, 'webhook-timestamp')}.`).update(r.body).digest('base64')
      reply(res, header(r, 'webhook-signature') === expected ? 204 : 401, '')
    }
    const { id, sink } = await webhookAt(bareCompare, { profileId: 'standard-webhooks', secret: SW_SECRET })
    const c = await check(id)
    expect(header(sink.received[1]!, 'webhook-signature')).toMatch(/^[A-Za-z0-9+/]{43}=$/)
    expect(probe(c, 'bare_digest')).toMatchObject({ verdict: 'inconclusive', status: 204 })
    expect(probe(c, 'signed').finding).toBe(
      'Refused (401) a correctly signed event, and accepted (204) the same kind of event with only the digest in webhook-signature, without its "v1," prefix: ' +
        'the handler compares the header with a bare digest, so it refuses every delivery Standard Webhooks sends.',
    )
    expect(probe(c, 'signed').fix).toMatch(/^Split webhook-signature into its entries and strip the "v1," prefix from each before comparing it with the digest, and compare in constant time/)
  })

  it('sends no bare-digest probe where the signature has no prefix or carries its timestamp (Stripe)', async () => {
    const refuseAll = (_r: ReceivedRequest, res: ServerResponse) => reply(res, 401, 'no')
    const connectgain = await webhookAt(refuseAll, { profileId: 'connectgain', secret: SECRET })
    expect((await check(connectgain.id)).probes.map((p) => p.id)).not.toContain('bare_digest')
    const stripe = await webhookAt(refuseAll, { profileId: 'stripe', secret: SW_SECRET })
    expect((await check(stripe.id)).probes.map((p) => p.id)).not.toContain('bare_digest')
  })

  it('names each crash of its own where the handler accepts a valid event: timingSafeEqual without a length check, a header used unchecked', async () => {
    const unchecked = express((r, res) => {
      const given = Buffer.from(header(r, 'x-webhook-signature') as string) // throws when the header is missing
      const expected = Buffer.from(`sha256=${hmacHex(SECRET, r.body)}`)
      if (!timingSafeEqual(given, expected)) return reply(res, 401, 'Invalid signature') // throws on another length
      reply(res, 200, 'ok')
    })
    const { id } = await webhookAt(unchecked, { profileId: 'taskhub', secret: SECRET })
    const c = await check(id)
    expect(verdicts(c)).toEqual({ signed: 'pass', wrong_secret: 'pass', no_signature: 'fail', short_signature: 'fail', pretty_body: 'pass' })
    expect(probe(c, 'no_signature').finding).toMatch(/^It answered 500 when X-Webhook-Signature is missing: the handler uses the header without checking it is there/)
    expect(probe(c, 'short_signature').finding).toMatch(/^It answered 500 to a signature of another length: crypto\.timingSafeEqual throws a RangeError/)
    expect(probe(c, 'short_signature').fix).toBe(
      'Compare the lengths first and answer 401 when they differ, then timingSafeEqual; a 5xx looks like an outage of the endpoint and hides the bug, where a 401 says the request was refused.',
    )
  })

  it('says the secret is missing when the answers quote createHmac refusing an undefined key', async () => {
    const env: Record<string, string | undefined> = {} // WEBHOOK_SECRET not set where the handler runs
    const unset = express((r, res) => {
      const expected = createHmac('sha256', env.WEBHOOK_SECRET as string).update(r.body).digest('hex')
      const ok = header(r, 'x-webhook-signature') === `sha256=${expected}`
      reply(res, ok ? 200 : 401, ok ? 'ok' : 'Invalid signature')
    })
    const { id } = await webhookAt(unset, { profileId: 'taskhub', secret: SECRET })
    const signed = probe(await check(id), 'signed')
    expect(signed.finding).toMatch(/so it likely throws while verifying\. Its answers name the likely cause: the HMAC has no key \(crypto\.createHmac throws on an undefined secret/)
    expect(signed.finding).not.toMatch(/timingSafeEqual/)
    expect(signed.fix).toMatch(/^Give the handler this webhook's secret, and answer 401 when a signature does not match\. Until then TaskHub retries/)
  })

  it('gives both likely causes when the answers quote no error, in the words of a multi-signature header', async () => {
    // Standard Webhooks: "v1,<base64>" entries; this handler compares the whole header with a bare digest and hides its error
    const key = Buffer.from(SW_SECRET.slice('whsec_'.length), 'base64')
    const hidden = (r: ReceivedRequest, res: ServerResponse) => {
      try {
        const expected = createHmac('sha256', key).update(`${header(r, 'webhook-id')}.${header(r, 'webhook-timestamp')}.`).update(r.body).digest('base64')
        if (!timingSafeEqual(Buffer.from(header(r, 'webhook-signature') ?? ''), Buffer.from(expected))) return reply(res, 401, 'bad signature')
        reply(res, 204, '')
      } catch {
        reply(res, 500, 'Internal Server Error')
      }
    }
    const { id } = await webhookAt(hidden, { profileId: 'standard-webhooks', secret: SW_SECRET })
    const signed = probe(await check(id), 'signed')
    expect(signed.finding).toBe(
      'It answered 500 to a correctly signed event, and failed too on the same event signed with another secret (500) and with its signature cut to half its length (500): ' +
        'the handler fails on every signed request, right or wrong, so it likely throws while verifying. Likely causes: crypto.timingSafeEqual throws a RangeError when its two buffers ' +
        'differ in length (webhook-signature carries "v1," before each base64 digest, so a handler that compares the whole header, or an entry with its prefix, with a bare digest ' +
        'compares values of different lengths, on every request); or the HMAC has no key (crypto.createHmac throws on an undefined secret, as when its environment variable is not set where the handler runs). ' +
        'The request without a signature failed as well, so it may also fail before verifying anything: its log says where.',
    )
    expect(signed.fix).toMatch(
      /^Split webhook-signature into its entries and strip the "v1," prefix from each before comparing it with the digest, and check the lengths match before timingSafeEqual, answering 401 when they do not\. If the handler reads the secret from its environment, check it is set\./,
    )
  })

  it('does not put a crash on a valid delivery down to verification when wrong signatures are refused', async () => {
    // verifies right, then fails processing the event: only the valid deliveries reach the bug
    const processingBug = express((r, res) => {
      const signature = Buffer.from(header(r, 'x-webhook-signature') ?? '')
      const expected = Buffer.from(`sha256=${hmacHex(SECRET, r.body)}`)
      if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return reply(res, 401, 'Invalid signature')
      throw new TypeError("Cannot read properties of undefined (reading 'name')")
    })
    const { id } = await webhookAt(processingBug, { profileId: 'taskhub', secret: SECRET })
    const c = await check(id)
    expect(probe(c, 'signed').finding).toBe('It answered 500 to a correctly signed event: the handler fails on a valid delivery.')
    // 401 to the wrong ones and 500 to the right one: the handler tells them apart, which is what these probes test
    expect(verdicts(c)).toEqual({ signed: 'fail', wrong_secret: 'pass', no_signature: 'pass', short_signature: 'pass', pretty_body: 'inconclusive' })
    expect(probe(c, 'wrong_secret').finding).toBe('Refused (401), where the correctly signed event got a 5xx: the handler tells the two apart.')
    expect(probe(c, 'pretty_body')).toMatchObject({ status: 500, finding: 'It answered 500, as to the compact body signed right: this says nothing more.' })
  })

  it('names re-serialization when the compact body crashes after the check and the indented one is refused', async () => {
    const reserializingThenBug = express((r, res) => {
      const signature = Buffer.from(header(r, 'x-webhook-signature') ?? '')
      const expected = Buffer.from(`sha256=${hmacHex(SECRET, JSON.stringify(JSON.parse(r.body.toString('utf8'))))}`)
      if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return reply(res, 401, 'Invalid signature')
      throw new TypeError("Cannot read properties of undefined (reading 'name')")
    })
    const { id } = await webhookAt(reserializingThenBug, { profileId: 'taskhub', secret: SECRET })
    const pretty = probe(await check(id), 'pretty_body')
    expect(pretty).toMatchObject({ verdict: 'fail', status: 401 })
    expect(pretty.finding).toMatch(
      /^Refused \(401\) a correctly signed body written as indented JSON, though it did not refuse the same event as compact JSON \(it failed on it with a 5xx\): the handler likely verifies the body re-serialized/,
    )
  })

  it("puts no verification cause on a proxy's 502 to every request: the app behind it is down, and the other probes are not sent", async () => {
    const { id, sink } = await webhookAt((_r, res) => reply(res, 502, 'Bad Gateway'), { profileId: 'taskhub', secret: SECRET })
    const c = await check(id)
    expect(probe(c, 'signed')).toMatchObject({ verdict: 'fail', status: 502 })
    expect(probe(c, 'signed').finding).toBe("It answered 502 to a correctly signed event, a proxy's answer when the app behind it does not answer: the handler is likely down, or too slow for the proxy.")
    // The proxy would answer the others alike: none of them is put down to how the handler verifies.
    expect(c.probes.slice(1).map((p) => [p.id, p.verdict, p.status, p.finding, p.fix])).toEqual(
      c.probes
        .slice(1)
        .map((p) => [p.id, 'inconclusive', null, "Not sent: the correctly signed probe got a proxy's 502 (the app behind it did not answer), so this one would tell nothing more.", null]),
    )
    expect(c).toMatchObject({ passed: 0, failed: 1 })
    expect(c.probes.slice(1).every((p) => p.request === null)).toBe(true)
    expect(sink.received).toHaveLength(1)
  })

  it('says a connection dropped on a valid delivery was reached, not that it is down', async () => {
    const { id } = await webhookAt((_r, res) => res.socket!.destroy(), { profileId: 'taskhub', secret: SECRET })
    const signed = probe(await check(id), 'signed')
    expect(signed).toMatchObject({ verdict: 'fail', status: null, error: { code: 'reset' } })
    expect(signed.finding).toMatch(/^The connection was dropped before an answer to a correctly signed event \(reset: .*\): the handler, or a proxy in front of it, likely crashed on a valid delivery\.$/)
    expect(signed.fix).toBe("See the handler's log for the error: TaskHub retries the delivery 3 times, then gives up, and failed deliveries disable the webhook.")
  })

  it('says a port that answers something other than HTTP is not an HTTP server, not that a handler crashed', async () => {
    const ssh = await rawServer('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n')
    const c = await check(await webhookTo(`${ssh.url}/webhooks`, { profileId: 'taskhub', secret: SECRET }))
    expect(probe(c, 'signed')).toMatchObject({
      verdict: 'fail',
      status: null,
      error: { code: 'other', message: 'the answer is not HTTP, it began "SSH-2.0-OpenSSH_9.2p1 Debian-2\\r\\n"' },
      finding: 'Not an HTTP server at this URL: the answer is not HTTP, it began "SSH-2.0-OpenSSH_9.2p1 Debian-2\\r\\n".',
      fix: "Point the webhook at the handler's HTTP server: check the URL's host, port and scheme (another service answers on this port).",
    })
    expect(c.probes.slice(1).map((p) => [p.verdict, p.finding])).toEqual(
      c.probes.slice(1).map(() => ['inconclusive', 'Not sent: the correctly signed probe got an answer that is not HTTP, so this one would tell nothing more.']),
    )
    expect(ssh.connections()).toBe(1)
  })

  it('keeps "dropped, likely crashed" for a reset: any other failure (malformed HTTP here) gets the neutral finding', async () => {
    const broken = await rawServer('HTTP/1.1 2x0 OK\r\n\r\n')
    const signed = probe(await check(await webhookTo(`${broken.url}/webhooks`, { profileId: 'taskhub', secret: SECRET })), 'signed')
    expect(signed).toMatchObject({ verdict: 'fail', status: null, error: { code: 'other' } })
    expect(signed.error!.message).toMatch(/^the answer is malformed HTTP \(.*Invalid status code\)\)$/)
    expect(signed.finding).toBe(`The request failed (other: ${signed.error!.message}).`)
    expect(signed.fix).toBe('Make sure the endpoint is running and reachable at this URL.')
  })

  it('names a handler that hashes JSON.stringify(req.body): only an indented body shows it', async () => {
    const { id } = await webhookAt(reserializing, { profileId: 'taskhub', secret: SECRET })
    const c = await check(id)
    expect(verdicts(c)).toEqual({ signed: 'pass', wrong_secret: 'pass', no_signature: 'pass', short_signature: 'pass', pretty_body: 'fail' })
    expect(probe(c, 'pretty_body').status).toBe(401)
    expect(probe(c, 'pretty_body').finding).toMatch(/though it accepted the same event as compact JSON: the handler verifies the body re-serialized \(JSON\.stringify\(req\.body\)/)
    expect(probe(c, 'pretty_body').fix).toMatch(/raw request bytes/)
  })

  it('fails a handler that verifies nothing once, on the wrong secret: the other acceptances follow from it and claim nothing', async () => {
    const { id } = await webhookAt((_r, res) => reply(res, 200, 'ok'), { profileId: 'taskhub', secret: SECRET })
    const c = await check(id)
    expect(verdicts(c)).toEqual({ signed: 'pass', wrong_secret: 'fail', no_signature: 'inconclusive', short_signature: 'inconclusive', pretty_body: 'inconclusive' })
    expect(c).toMatchObject({ passed: 1, failed: 1 })
    expect(probe(c, 'wrong_secret').finding).toBe(
      'Accepted (200) a signature made with another secret, and a request without the X-Webhook-Signature header: the handler verifies nothing, so anyone who knows the URL can post events.',
    )
    expect(probe(c, 'wrong_secret').fix).toMatch(/answer 401 when they differ or the header is missing\.$/)
    for (const id of ['no_signature', 'short_signature'] as const) {
      expect(probe(c, id)).toMatchObject({
        status: 200,
        finding: 'Accepted (200), as it accepted a signature made with another secret: this says nothing more while the handler verifies nothing ("Signed with another secret" says so).',
        fix: null,
      })
    }
    // no claim of raw-byte verification from a handler that verifies nothing
    expect(probe(c, 'pretty_body').finding).not.toMatch(/raw bytes\./)
    expect(probe(c, 'pretty_body').finding).toMatch(/^Accepted \(200\), but the handler verifies nothing .*cannot be told until it verifies signatures\.$/)
  })

  it("says when the URL is one of this engine's own inboxes (the loopback quick start's): it answers per its rules, and the probes still run", async () => {
    const inbox = (await t.api('POST', '/api/inboxes', { name: 'Loopback', slug: 'loopback-check', verification: { profileId: 'taskhub', secrets: [SECRET] } })).body
    const id = await webhookTo(inbox.url, { profileId: 'taskhub', secret: SECRET })
    const c = await check(id)
    expect(c.inbox).toEqual({
      id: inbox.id,
      name: 'Loopback',
      slug: 'loopback-check',
      note:
        'This URL is the Hookbench inbox "Loopback" (/loopback-check) of this engine, not a handler of yours: it captures every request and answers per its response rules ' +
        '(200 to every request), whatever the signature, so the findings below describe those rules, not how a handler of yours verifies. To check your handler, point the webhook at it.',
    })
    // the probes are kept, and judged as before
    expect(verdicts(c)).toEqual({ signed: 'pass', wrong_secret: 'fail', no_signature: 'inconclusive', short_signature: 'inconclusive', pretty_body: 'inconclusive' })
    expect((await t.api('GET', `/api/inboxes/${inbox.id}/requests`)).body.items).toHaveLength(5)

    // localhost for 127.0.0.1 and a path below the slug reach the same inbox; its rules are described as they are
    expect((await t.api('PATCH', `/api/inboxes/${inbox.id}`, { response: { status: 202, failureRate: 0.25, failureStatus: 503 } })).status).toBe(200)
    const below = await webhookTo(`${inbox.url.replace('127.0.0.1', 'localhost')}/hooks?x=1`, { profileId: 'taskhub', secret: SECRET })
    expect((await check(below)).inbox?.note).toMatch(/answers per its response rules \(202 to every request, or 503 to 25 % of requests at random\)/)
    // the ingest origin without an inbox of that slug is not an inbox
    const unknown = await webhookTo(`${t.engine.urls.ingest}/no-such-inbox`, { profileId: 'taskhub', secret: SECRET })
    expect((await check(unknown)).inbox).toBeNull()
  })

  it('fails a handler that only checks the signature header is there on the wrong secret, and the old timestamp with it', async () => {
    const present = (r: ReceivedRequest, res: ServerResponse) => (header(r, 'webhook-signature') ? reply(res, 204, '') : reply(res, 400, 'missing signature'))
    const { id } = await webhookAt(present, { profileId: 'standard-webhooks', secret: SW_SECRET })
    const c = await check(id)
    expect(verdicts(c)).toEqual({ signed: 'pass', wrong_secret: 'fail', no_signature: 'pass', short_signature: 'inconclusive', pretty_body: 'inconclusive', stale_timestamp: 'inconclusive' })
    expect(probe(c, 'wrong_secret').finding).toBe(
      'Accepted (204) a signature made with another secret: the handler verifies no signature (it may check that webhook-signature is there, not what it says), so anyone who knows the URL can post events.',
    )
    expect(probe(c, 'stale_timestamp').finding).toMatch(/^Accepted \(204\), as it accepted a signature made with another secret: this says nothing more/)
    expect(c).toMatchObject({ passed: 2, failed: 1 })
  })

  it('probes replay protection where the signature covers a timestamp (Standard Webhooks)', async () => {
    const lax = await webhookAt(standardWebhooks(() => t.clock.wallNow(), null), { profileId: 'standard-webhooks', secret: SW_SECRET })
    const c = await check(lax.id)
    expect(c.probes.map((p) => p.id)).toEqual(['signed', 'wrong_secret', 'no_signature', 'short_signature', 'pretty_body', 'stale_timestamp'])
    expect(verdicts(c)).toMatchObject({ signed: 'pass', wrong_secret: 'pass', short_signature: 'pass', pretty_body: 'pass', stale_timestamp: 'fail' })
    expect(probe(c, 'stale_timestamp').finding).toMatch(/timestamp is an hour old: a recorded request can be replayed/)
    // every probe is a fresh event: a handler's idempotency check does not turn one away
    expect(new Set(lax.sink.received.map((r) => header(r, 'webhook-id'))).size).toBe(6)
    const stale = lax.sink.received[5]!
    expect(Number(header(stale, 'webhook-timestamp'))).toBe(Math.floor((t.clock.wallNow() - 3600_000) / 1000))

    const strict = await webhookAt(standardWebhooks(() => t.clock.wallNow(), 300), { profileId: 'standard-webhooks', secret: SW_SECRET })
    expect(verdicts(await check(strict.id))).toEqual({
      signed: 'pass',
      wrong_secret: 'pass',
      no_signature: 'pass',
      short_signature: 'pass',
      pretty_body: 'pass',
      stale_timestamp: 'pass',
    })
  })

  it('cuts the one signature there is during a rotation: the other, whole one would still verify', async () => {
    const { id, sink } = await webhookAt(standardWebhooks(() => t.clock.wallNow(), 300), { profileId: 'standard-webhooks', secret: SW_SECRET })
    expect((await t.api('POST', `/api/webhooks/${id}/rotate-secret`, { overlapSeconds: 3600 })).status).toBe(200)
    const c = await check(id)
    expect(c.failed).toBe(0)
    expect(header(sink.received[0]!, 'webhook-signature')!.split(' ')).toHaveLength(2) // both secrets sign
    expect(header(sink.received[3]!, 'webhook-signature')!.split(' ')).toHaveLength(1) // the cut one stands alone
  })

  it("cuts GitHub's legacy sha1 signature too: a handler that checks that one is not called lax", async () => {
    const legacy = express((r, res) => {
      const given = Buffer.from(header(r, 'x-hub-signature') ?? '')
      const expected = Buffer.from(`sha1=${createHmac('sha1', SECRET).update(r.body).digest('hex')}`)
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return reply(res, 401, 'bad signature')
      reply(res, 200, 'ok')
    })
    const { id, sink } = await webhookAt(legacy, { profileId: 'github', secret: SECRET })
    const c = await check(id)
    expect(c.failed).toBe(0)
    expect(header(sink.received[3]!, 'x-hub-signature')).toMatch(/^sha1=[0-9a-f]{17}$/)
  })

  it('calls refusals inconclusive when the correctly signed probe was refused too, and rules the prefix out when the bare digest is refused as well', async () => {
    const { id } = await webhookAt((_r, res) => reply(res, 401, 'no'), { profileId: 'taskhub', secret: SECRET })
    const c = await check(id)
    expect(verdicts(c)).toEqual({
      signed: 'fail',
      bare_digest: 'inconclusive',
      wrong_secret: 'inconclusive',
      no_signature: 'inconclusive',
      short_signature: 'inconclusive',
      pretty_body: 'inconclusive',
    })
    expect(probe(c, 'signed').finding).toBe(
      'Refused (401) a correctly signed event: the handler computes the signature differently, or with another secret. It refused the digest without its "sha256=" prefix too, so the prefix is not the difference.',
    )
    expect(probe(c, 'bare_digest').finding).toBe('Refused (401), as it refused the signature with its "sha256=" prefix: the prefix is not the difference.')
  })

  it('records an unreachable endpoint as failed probes, not an error', async () => {
    const { id, sink } = await webhookAt(correct, { profileId: 'taskhub', secret: SECRET })
    await sink.close()
    const c = await check(id)
    expect(probe(c, 'signed')).toMatchObject({ verdict: 'fail', status: null, error: { code: 'refused' } })
    expect(probe(c, 'signed').finding).toMatch(/^The request failed \(refused: /)
    // The others are not sent: each would fail the same way.
    expect(c.probes.slice(1).map((p) => [p.verdict, p.finding])).toEqual(
      c.probes.slice(1).map(() => ['inconclusive', 'Not sent: the correctly signed probe got no answer (refused), so this one would tell nothing more.']),
    )
  })

  it('stops after the first timeout of a hanging endpoint instead of waiting for each probe', async () => {
    expect((await t.api('POST', '/api/profiles/taskhub/clone', { id: 'taskhub-quick' })).status).toBe(201)
    expect((await t.api('PATCH', '/api/profiles/taskhub-quick', { timeoutMs: 1000 })).status).toBe(200)
    const { id, sink } = await webhookAt(() => {}, { profileId: 'taskhub-quick', secret: SECRET }) // never answers
    const c = await check(id)
    expect(probe(c, 'signed')).toMatchObject({ verdict: 'fail', error: { code: 'timeout' } })
    expect(c.probes.slice(1).every((p) => p.verdict === 'inconclusive' && p.durationMs === 0)).toBe(true)
    expect(sink.received).toHaveLength(1)
  })

  it('refuses what it cannot check, saying what to fix', async () => {
    const unsigned = await webhookAt(correct, { profileId: 'connectgain' })
    const res = await t.api('POST', `/api/webhooks/${unsigned.id}/check`, {})
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ error: 'HB_ERR_WEBHOOK_UNSIGNED', field: '/secret' })
    expect(res.body.message).toMatch(/no secret, so its deliveries go unsigned/)
    expect(unsigned.sink.received).toHaveLength(0)

    const { id, sink } = await webhookAt(correct, { profileId: 'taskhub', secret: SECRET })
    const badType = await t.api('POST', `/api/webhooks/${id}/check`, { type: 'task.exploded' })
    expect(badType.status).toBe(400)
    expect(badType.body).toMatchObject({ error: 'HB_ERR_EVENT_TYPE_UNKNOWN', field: '/type' })
    expect(badType.body.message).toMatch(/"task\.exploded" is not an event type of the TaskHub profile/)
    const extra = await t.api('POST', `/api/webhooks/${id}/check`, { type: 'task.created', probes: ['signed'] })
    expect(extra.status).toBe(400)
    expect(sink.received).toHaveLength(0)
    expect((await t.api('POST', '/api/webhooks/wh_nope/check', {})).status).toBe(404)
    // a chosen type is what the probes carry
    const chosen = await check(id, { type: 'comment.created' })
    expect(chosen.eventType).toBe('comment.created')
    expect(JSON.parse(sink.received[0]!.body.toString()).event).toBe('comment.created')
  })
})
