/**
 * Ingest plane: the inboxes. It may be bound to a LAN address so a staging app can post to
 * it, so it shares nothing with the control plane: no API routes, no UI, no token, and it
 * never reveals data to the network. Every method on every path is accepted and the body
 * is kept as raw bytes (one '*' buffer parser), because signatures are computed over the
 * exact bytes received.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify'
import type { RouteDeps } from './types'

/** Hard ceiling for any inbox body; each inbox has its own, smaller, limit. */
export const INGEST_MAX_BODY = 64 * 1024 * 1024

export async function buildIngestPlane(deps: RouteDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.ctx.log.child({ plane: 'ingest' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: INGEST_MAX_BODY,
    forceCloseConnections: true,
    return503OnClosing: true,
    exposeHeadRoutes: false,
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 1000 },
  })
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: INGEST_MAX_BODY }, (_req, body, done) => done(null, body))

  app.setErrorHandler((err: FastifyError, _req, reply) => {
    const status = err.statusCode ?? 500
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send({ error: 'payload_too_large', message: `Body larger than ${INGEST_MAX_BODY} bytes.` })
    }
    return reply.status(status >= 400 ? status : 500).send({ error: 'ingest_error', message: err.message })
  })

  app.route({
    method: ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT', 'OPTIONS'],
    url: '/*',
    handler: async (req, reply) => {
      const slug = req.url.split('?')[0]!.split('/')[1] ?? ''
      return reply.status(404).send({ error: `No inbox "${decodeURIComponent(slug)}" here.` })
    },
  })
  return app
}
