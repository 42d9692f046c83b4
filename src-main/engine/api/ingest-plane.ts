/**
 * Ingest plane: the inboxes. It may be bound to a LAN address so a staging app can post to
 * it, so it shares nothing with the control plane: no API routes, no UI, no token, and it
 * never reveals data to the network. What it guards, and how:
 * - every method on every path is accepted and the body is kept as raw bytes (the handler
 *   reads it; Fastify parses nothing), because signatures are computed over the exact bytes;
 * - bodies are bounded twice: a global ceiling (INGEST_MAX_BODY) and each inbox's own
 *   limit, enforced while the body streams in (a declared Content-Length over the limit is
 *   refused before reading it); either way 413 JSON and nothing is stored;
 * - an unknown slug gets 404; the list of existing inbox URLs is shown only when the plane
 *   listens on loopback (only this machine can ask); on any other bind it reveals nothing;
 * - a sender only ever sees the answer the inbox's rules produce for its own request, and
 *   always gets one: templated header values are made writable by the rules, and an answer
 *   Node still refuses becomes a 500 JSON, stored as the response that was sent.
 * Handlers are thin: capture, durability and response rules live in receiver/.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { METHODS, type ServerResponse } from 'node:http'
import { isIP } from 'node:net'
import type { Readable } from 'node:stream'
import { EngineError } from '../errors'
import type { HeaderPair } from '../http/outbound'
import { isLoopbackHost } from '../network'
import { BodyTooLargeError, bodylessStatus, splitTarget, type Answer } from '../receiver'
import type { RouteDeps } from './types'

/** Hard ceiling for any inbox body; each inbox has its own, smaller, limit. */
export const INGEST_MAX_BODY = 64 * 1024 * 1024

const EMPTY_BODY = Buffer.alloc(0)

/**
 * Every method Node's parser accepts (LINK, NOTIFY, M-SEARCH… as well as the usual ones).
 * CONNECT is not a request to a path: Node hands it to the server's 'connect' event instead.
 */
const CAPTURED_METHODS = METHODS.filter((m) => m !== 'CONNECT')

/** The request target as received (Fastify keeps it as originalUrl when it routes a rewritten one). */
const targetOf = (req: FastifyRequest): string => req.originalUrl

declare module 'fastify' {
  interface FastifyRequest {
    hbSlug?: string
    /** The body limit of the inbox this request is for (set before the body is read). */
    hbMaxBody?: number
  }
}

/**
 * Reads a request body into one buffer, counting as it goes. Over `limit` it stops keeping
 * data and fails with `tooLarge()` (the rest of the body is left unread; the 413 closes the
 * connection). Every listener is attached before the stream flows, so no error can escape.
 */
function readBody(payload: Readable, limit: number, tooLarge: () => Error, done: (err: Error | null, body?: Buffer) => void): void {
  const chunks: Buffer[] = []
  let received = 0
  const finish = (err: Error | null, body?: Buffer) => {
    payload.removeListener('data', onData)
    payload.removeListener('end', onEnd)
    payload.removeListener('error', onError)
    // A late error (client reset after the 413) must not become an unhandled 'error'.
    if (err) payload.on('error', () => undefined)
    done(err, body)
  }
  const onData = (chunk: Buffer | string) => {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    received += buf.length
    if (received > limit) return finish(tooLarge())
    chunks.push(buf)
  }
  const onEnd = () => finish(null, Buffer.concat(chunks, received))
  const onError = (err: Error & { statusCode?: number }) => {
    if (!(typeof err.statusCode === 'number' && err.statusCode >= 400)) err.statusCode = 400
    finish(err)
  }
  payload.on('data', onData)
  payload.on('end', onEnd)
  payload.on('error', onError)
  payload.resume()
}

/** Whether a Host header names this machine's loopback: 127.x, [::1] or localhost, any port. */
function namesLoopback(host: string | undefined): boolean {
  if (!host) return false
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d*$/, '')
  const lower = name.toLowerCase()
  // isIP first: a DNS name such as "127.example.com" is not an address.
  return lower === 'localhost' || (isIP(lower) !== 0 && isLoopbackHost(lower))
}

function writeAnswer(res: ServerResponse, answer: Answer): void {
  const flat: string[] = []
  for (const [n, v] of answer.headers) flat.push(n, v)
  const bodyless = bodylessStatus(answer.status)
  if (!bodyless) flat.push('content-length', String(answer.body.length))
  res.writeHead(answer.status, flat)
  if (bodyless) return void res.end()
  res.end(answer.body)
}

export interface IngestPlaneOptions {
  /** Serve HTTPS with this key and certificate (see tls/certificate.ts). */
  https?: { key: string; cert: string }
}

export async function buildIngestPlane(deps: RouteDeps, options: IngestPlaneOptions = {}): Promise<FastifyInstance> {
  const { receiver } = deps.services
  const loopbackOnly = isLoopbackHost(deps.ctx.ingestHost)
  const app = Fastify({
    ...(options.https ? { https: options.https } : {}),
    loggerInstance: deps.ctx.log.child({ plane: 'ingest' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    // req.log is the plane's logger itself: a pino child per request (Fastify's default) costs
    // more than the rest of the routing, and the plane only logs the odd failure.
    childLoggerFactory: (logger: FastifyBaseLogger) => logger,
    forceCloseConnections: true,
    return503OnClosing: true,
    exposeHeadRoutes: false,
    // Every request goes to the one capture route: the router sees "/" and the handler reads the
    // target as received. Routing the real path would decode it first, and refuse a malformed
    // escape ("/slug/%zz", a cut "%E2%82") with a 400 before the inbox could capture it.
    rewriteUrl: () => '/',
  })
  // Every method is "bodyless" to Fastify, so it never judges a body: the handler reads the
  // bytes of any request that has them (a GET with a body, a QUERY without Content-Type, a
  // malformed Content-Type), which an inbox must capture rather than refuse.
  for (const method of CAPTURED_METHODS) app.addHttpMethod(method, { hasBody: false, overrideExisting: true })
  app.removeAllContentTypeParsers()
  /** The body, counted against the inbox's own limit as it arrives (rather than in a preParsing stream: an error from a piped stream can fire before Fastify listens for it). */
  const bodyOf = (req: FastifyRequest): Promise<Buffer> => {
    // No body to wait for: a request without Content-Length or Transfer-Encoding (most GETs),
    // or with Content-Length: 0. Its stream still ends; Node discards it.
    const length = req.headers['content-length']
    if ((length === '0' || length === undefined) && req.headers['transfer-encoding'] === undefined) return Promise.resolve(EMPTY_BODY)
    const limit = Math.min(req.hbMaxBody ?? INGEST_MAX_BODY, INGEST_MAX_BODY)
    const slug = req.hbSlug ?? ''
    return new Promise((resolve, reject) => readBody(req.raw, limit, () => new BodyTooLargeError(limit, slug), (err, body) => (err ? reject(err) : resolve(body!))))
  }

  const notFound = (req: FastifyRequest, reply: FastifyReply, slug: string) => {
    // Inbox URLs are named only to this machine: on a loopback bind, and to a Host that names
    // loopback too (a DNS-rebinding page reaching 127.0.0.1 under its own name learns nothing).
    if (!loopbackOnly || !namesLoopback(req.headers.host)) return reply.status(404).send({ error: 'not_found', message: 'Not found.' })
    const inboxes = receiver.inboxUrls()
    return reply.status(404).send({
      error: 'unknown_inbox',
      message: slug
        ? `No inbox "${slug}" here.${inboxes.length ? ` Existing inboxes: ${inboxes.join(', ')}` : ' Create one in Hookbench first.'}`
        : `Post to an inbox URL, ${inboxes.length ? `e.g. ${inboxes[0]}` : 'after creating an inbox in Hookbench'}.`,
      inboxes,
    })
  }
  const tooLarge = (reply: FastifyReply, message: string) =>
    reply.status(413).header('connection', 'close').send({ error: 'payload_too_large', message })

  // Before the body is read: refuse unknown slugs and declared oversize bodies without reading
  // them; bodyOf cuts a streamed body at the inbox's own limit.
  // Callback style, not async: one promise less per request on the hot path. A hook that
  // answers does not call done.
  app.addHook('preParsing', (req, reply, payload, done) => {
    const { slug } = splitTarget(targetOf(req))
    const inbox = receiver.findInbox(slug)
    if (!inbox) {
      reply.header('connection', 'close')
      return void notFound(req, reply, slug)
    }
    req.hbSlug = inbox.slug
    req.hbMaxBody = inbox.maxBodyBytes
    const declared = Number(req.headers['content-length'])
    if (Number.isFinite(declared) && declared > inbox.maxBodyBytes) {
      return void tooLarge(reply, new BodyTooLargeError(inbox.maxBodyBytes, inbox.slug).message)
    }
    done(null, payload)
  })

  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof BodyTooLargeError) return tooLarge(reply, err.message)
    if (err instanceof EngineError && err.statusCode === 404) return notFound(req, reply, req.hbSlug ?? '')
    const status = err.statusCode ?? 500
    if (status >= 500) req.log.error({ err }, 'capture failed')
    return reply
      .status(status >= 400 ? status : 500)
      .send({ error: 'ingest_error', message: status >= 500 ? 'Hookbench could not store this request; nothing was kept. See engine.log.' : err.message })
  })

  app.route({
    method: CAPTURED_METHODS,
    url: '/',
    handler: async (req, reply) => {
      const raw = req.raw
      const headers: HeaderPair[] = []
      for (let i = 0; i + 1 < raw.rawHeaders.length; i += 2) headers.push([raw.rawHeaders[i]!, raw.rawHeaders[i + 1]!])
      const body = await bodyOf(req)
      const target = targetOf(req)
      const outcome = await receiver.capture(req.hbSlug ?? splitTarget(target).slug, {
        method: req.method,
        url: target,
        headers,
        body,
        remoteAddress: raw.socket.remoteAddress ?? '',
        remotePort: raw.socket.remotePort ?? null,
      })
      if (outcome.kind === 'hang') {
        // Never answer; the sender gives up, or shutdown destroys the socket (forceCloseConnections).
        reply.hijack()
        return
      }
      reply.hijack()
      const res = reply.raw
      try {
        writeAnswer(res, outcome)
      } catch (err) {
        // The rules keep headers writable; should anything still be refused (Node checks
        // names, values and status), answer 500 rather than leave the sender hanging, and
        // store that answer: the stored response is always the one sent.
        req.log.error({ err }, 'the inbox response could not be written')
        if (res.headersSent) return void res.destroy()
        const fallback: Answer = {
          status: 500,
          headers: [['content-type', 'application/json']],
          body: Buffer.from(
            JSON.stringify({
              error: 'response_invalid',
              message: `Hookbench could not send this inbox's response (${(err as Error).message}); the request is stored. Fix the inbox's response rules.`,
            }),
          ),
        }
        await outcome.replaceSent(fallback)
        writeAnswer(res, fallback)
      }
    },
  })
  return app
}
