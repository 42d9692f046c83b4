/**
 * Ingest plane: the inboxes. It may be bound to a LAN address so a staging app can post to
 * it, so it shares nothing with the control plane: no API routes, no UI, no token, and it
 * never reveals data to the network. What it guards, and how:
 * - every method on every path is accepted and the body is kept as raw bytes (one '*'
 *   buffer parser), because signatures are computed over the exact bytes received;
 * - bodies are bounded twice: a global ceiling (INGEST_MAX_BODY) and each inbox's own
 *   limit, enforced while the body streams in (a declared Content-Length over the limit is
 *   refused before reading it); either way 413 JSON and nothing is stored;
 * - an unknown slug gets 404; the list of existing inbox URLs is shown only when the plane
 *   listens on loopback (only this machine can ask); on any other bind it reveals nothing;
 * - a sender only ever sees the answer the inbox's rules produce for its own request.
 * Handlers are thin: capture, durability and response rules live in receiver/.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify'
import { Transform, type TransformCallback } from 'node:stream'
import { EngineError } from '../errors'
import type { HeaderPair } from '../http/outbound'
import { isLoopbackHost } from '../network'
import { BodyTooLargeError, splitTarget } from '../receiver'
import type { RouteDeps } from './types'

/** Hard ceiling for any inbox body; each inbox has its own, smaller, limit. */
export const INGEST_MAX_BODY = 64 * 1024 * 1024

/** Methods beyond Fastify's defaults that senders and tools use. */
const EXTRA_METHODS = ['TRACE', 'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'SEARCH', 'REPORT', 'PURGE', 'QUERY']

declare module 'fastify' {
  interface FastifyRequest {
    hbSlug?: string
  }
}

class LimitedBody extends Transform {
  receivedEncodedLength = 0
  constructor(
    private readonly limit: number,
    private readonly slug: string,
  ) {
    super()
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.receivedEncodedLength += chunk.length
    if (this.receivedEncodedLength > this.limit) return done(new BodyTooLargeError(this.limit, this.slug))
    done(null, chunk)
  }
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
    bodyLimit: INGEST_MAX_BODY,
    forceCloseConnections: true,
    return503OnClosing: true,
    exposeHeadRoutes: false,
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 1000 },
  })
  for (const method of EXTRA_METHODS) {
    if (!app.supportedMethods.includes(method)) app.addHttpMethod(method, { hasBody: true })
  }
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: INGEST_MAX_BODY }, (_req, body, done) => done(null, body))

  const notFound = (reply: FastifyReply, slug: string) => {
    if (!loopbackOnly) return reply.status(404).send({ error: 'not_found', message: 'Not found.' })
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
  // them, and cut a streamed body at the inbox's own limit.
  app.addHook('preParsing', async (req, reply, payload) => {
    const { slug } = splitTarget(req.url)
    const inbox = receiver.findInbox(slug)
    if (!inbox) {
      reply.header('connection', 'close')
      return notFound(reply, slug)
    }
    req.hbSlug = inbox.slug
    const declared = Number(req.headers['content-length'])
    if (Number.isFinite(declared) && declared > inbox.maxBodyBytes) {
      return tooLarge(reply, new BodyTooLargeError(inbox.maxBodyBytes, inbox.slug).message)
    }
    // A declared length is enforced by the HTTP parser; only a chunked body needs counting.
    if (Number.isFinite(declared) || inbox.maxBodyBytes >= INGEST_MAX_BODY) return payload
    return payload.pipe(new LimitedBody(inbox.maxBodyBytes, inbox.slug))
  })

  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof BodyTooLargeError) return tooLarge(reply, err.message)
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return tooLarge(reply, `The body is larger than ${INGEST_MAX_BODY} bytes, the most any inbox accepts; nothing was stored.`)
    }
    if (err instanceof EngineError && err.statusCode === 404) return notFound(reply, req.hbSlug ?? '')
    const status = err.statusCode ?? 500
    if (status >= 500) req.log.error({ err }, 'capture failed')
    return reply
      .status(status >= 400 ? status : 500)
      .send({ error: 'ingest_error', message: status >= 500 ? 'Hookbench could not store this request; nothing was kept. See engine.log.' : err.message })
  })

  app.route({
    method: [...new Set([...app.supportedMethods])],
    url: '/*',
    handler: async (req, reply) => {
      const raw = req.raw
      const headers: HeaderPair[] = []
      for (let i = 0; i + 1 < raw.rawHeaders.length; i += 2) headers.push([raw.rawHeaders[i]!, raw.rawHeaders[i + 1]!])
      const outcome = await receiver.capture(req.hbSlug ?? splitTarget(req.url).slug, {
        method: req.method,
        url: raw.url ?? req.url,
        headers,
        body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
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
      const flat: string[] = []
      for (const [n, v] of outcome.headers) flat.push(n, v)
      const bodyless = outcome.status === 204 || outcome.status === 304
      if (!bodyless) flat.push('content-length', String(outcome.body.length))
      res.writeHead(outcome.status, flat)
      if (bodyless) return void res.end()
      res.end(outcome.body)
    },
  })
  return app
}
