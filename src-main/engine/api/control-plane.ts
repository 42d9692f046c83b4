/**
 * Control plane: the UI, the REST API and the live feed. It can start, stop and read
 * everything Hookbench holds, so it is guarded on three fronts:
 * - it binds a loopback address only (the engine refuses anything else);
 * - every /api route but /api/health needs the bearer token kept in the data folder
 *   (GET requests may carry it as ?token=, like Jupyter, for downloads and the WebSocket);
 * - the Host header must name the loopback address or localhost with our port, so a web
 *   page on an attacker's domain that rebinds its DNS to 127.0.0.1 is refused (DNS
 *   rebinding), and a browser Origin other than ours is refused on writes (CSRF).
 * The UI is served with a strict CSP: captured payloads are hostile input and are only ever
 * rendered as text.
 */
import fastifyStatic from '@fastify/static'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import fastifyWebsocket from '@fastify/websocket'
import addFormats from 'ajv-formats'
import Fastify, { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify'
import { existsSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { Duplex } from 'node:stream'
import { Type } from 'typebox'
import { ErrorBodySchema } from '../../../src-shared/api/errors'
import { badRequest } from '../errors'
import { tokenMatches } from '../token'
import { errorHandler } from './error-handler'
import { lazyCompilers } from './lazy-compilers'
import { registerRoutes } from './routes'
import type { ApiApp, RouteDeps } from './types'

export interface ControlPlaneOptions {
  token: string
  uiDir?: string
  /** Bodies of API calls; event data is checked more tightly by its domain. */
  bodyLimit?: number
}

const PUBLIC_API_PATHS = new Set(['/api/health'])
const DOCS_COOKIE = 'hb_docs'

export const UI_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // CodeMirror and React set element styles; styles cannot run code.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ')

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

export async function buildControlPlane(deps: RouteDeps, options: ControlPlaneOptions): Promise<ApiApp> {
  const app = Fastify({
    loggerInstance: deps.ctx.log.child({ plane: 'control' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? 32 * 1024 * 1024,
    forceCloseConnections: true,
    ajv: {
      // coerceTypes applies to query strings and params only: JSON bodies are validated without it (lazy-compilers.ts).
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false },
      plugins: [addFormats as never],
    },
    schemaController: { compilersFactory: lazyCompilers() },
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.setErrorHandler(errorHandler)
  app.addSchema(ErrorBodySchema)
  // An empty body with Content-Type: application/json (what many clients send on DELETE or a
  // bare POST) is no body, not a 400: routes that need one still say so by name.
  const json = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = body.toString()
    if (text === '') return done(null, undefined)
    json(req, text, (err, value) => {
      // Valid JSON refused for a "__proto__" key (or constructor.prototype): say so, not "check quotes".
      if (err && parsesAsJson(text)) {
        return done(badRequest('HB_ERR_JSON_FORBIDDEN_KEY', 'The JSON holds a "__proto__" key (or "constructor" with "prototype" in it), which Hookbench refuses in what it reads: rename that key.'), undefined)
      }
      done(err, value)
    })
  })

  // Type.Optional over a whole body means nothing to Fastify, which validates a missing body
  // as a required object: a route whose body is optional gets {} when none is sent.
  app.addHook('onRoute', (route) => {
    const body = route.schema?.body
    if (!body || !Type.IsOptional(body)) return
    const given = route.preValidation ? [route.preValidation].flat() : []
    route.preValidation = [
      (req, _reply, done) => {
        req.body ??= {}
        done()
      },
      ...given,
    ]
  })

  const port = () => (app.server.address() as AddressInfo | null)?.port
  const allowedHosts = () => {
    const p = port()
    return new Set([`127.0.0.1:${p}`, `localhost:${p}`, `[::1]:${p}`])
  }
  const allowedOrigins = () => new Set([...allowedHosts()].map((h) => `http://${h}`))

  app.addHook('onRequest', async (req, reply) => {
    const host = req.headers.host?.toLowerCase()
    if (!host || !allowedHosts().has(host)) {
      return reply.status(403).send({
        error: 'HB_ERR_HOST_REFUSED',
        message: `Host "${req.headers.host ?? ''}" is refused: open Hookbench at http://127.0.0.1:${port()}/ or http://localhost:${port()}/.`,
      })
    }
    // Only origin-form targets ("/api/..."): an absolute URI as the request target would be
    // routed by its path while string checks on req.url saw something else.
    if (!req.raw.url?.startsWith('/')) {
      return reply.status(400).send({ error: 'HB_ERR_BAD_TARGET', message: 'Send the request target as a path (/api/...), not an absolute URL.' })
    }
    // Decisions go by the route that matched, never by the raw URL: the router decodes
    // percent-escapes, so "/%61pi/webhooks" reaches the /api/webhooks handler.
    const route = req.routeOptions.url ?? ''
    const origin = req.headers.origin
    const writes = req.method !== 'GET' && req.method !== 'HEAD'
    if (origin && (writes || req.headers.upgrade !== undefined) && !allowedOrigins().has(origin)) {
      return reply.status(403).send({
        error: 'HB_ERR_ORIGIN_REFUSED',
        message: `Requests from ${origin} are refused: only the Hookbench UI itself may change data or open the live feed.`,
      })
    }
    if (route !== '/api' && !route.startsWith('/api/')) return
    if (!isAuthorized(req, reply, options.token, route)) {
      return reply.status(401).send({
        error: 'HB_ERR_UNAUTHORIZED',
        message:
          'Missing or wrong token: send "Authorization: Bearer <token>". The token is printed by `hookbench serve` and kept in the data folder (file "token").',
      })
    }
  })

  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff')
    reply.header('Referrer-Policy', 'no-referrer') // the UI URL carries the token once
    if (!(req.routeOptions.url ?? '').startsWith('/api/docs')) {
      reply.header('Content-Security-Policy', UI_CSP)
      reply.header('X-Frame-Options', 'DENY')
    }
    return payload
  })

  // Upgrade sockets are not HTTP connections, so forceCloseConnections misses them: a refused
  // WebSocket handshake whose client never hangs up would otherwise block shutdown forever.
  const upgradeSockets = new Set<Duplex>()
  app.server.on('upgrade', (_req, socket: Duplex) => {
    upgradeSockets.add(socket)
    socket.once('close', () => upgradeSockets.delete(socket))
  })
  app.addHook('preClose', async () => {
    for (const socket of upgradeSockets) socket.destroy()
  })

  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } })
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Hookbench control API',
        version: deps.ctx.version,
        description:
          'Local API of the Hookbench engine. Every route but /api/health needs `Authorization: Bearer <token>`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
  })
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true })

  await app.register(async (api) => registerRoutes(api as unknown as ApiApp, deps))

  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send({ error: 'HB_ERR_NOT_FOUND', message: `No route ${req.method} ${req.url.split('?')[0]}; see /api/docs.` })
  })

  if (options.uiDir && existsSync(join(options.uiDir, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: options.uiDir,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
      setHeaders: (reply, path) => {
        if (path.endsWith('.html')) reply.header('Cache-Control', 'no-store')
      },
    })
  } else {
    app.get('/', { schema: { hide: true } }, async (_req, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .send('The Hookbench UI is not built in this checkout: run `npm run build`, then reload. The API is at /api.'),
    )
  }
  return app
}

/**
 * Bearer header on every request; `?token=` on GET (downloads, WebSocket, the docs page);
 * the docs page's own assets and spec fetches carry a cookie scoped to /api/docs.
 */
function isAuthorized(req: FastifyRequest, reply: FastifyReply, token: string, route: string): boolean {
  const path = route
  if (PUBLIC_API_PATHS.has(path)) return true
  if (path.startsWith('/api/docs/static/')) return true // swagger-ui's own files; no data
  // The scheme name is case-insensitive (RFC 9110 §11.1): `bearer <token>` is as good as `Bearer <token>`.
  const bearer = /^bearer +(.*)$/i.exec(req.headers.authorization ?? '')
  if (bearer && tokenMatches(bearer[1]!.trim(), token)) return true
  if (req.method !== 'GET' && req.method !== 'HEAD') return false
  const queryToken = (req.query as Record<string, unknown> | undefined)?.token
  if (typeof queryToken === 'string' && tokenMatches(queryToken, token)) {
    if (path.startsWith('/api/docs')) {
      reply.header('Set-Cookie', `${DOCS_COOKIE}=${token}; Path=/api/docs; HttpOnly; SameSite=Strict`)
    }
    return true
  }
  if (path.startsWith('/api/docs')) {
    const cookie = req.headers.cookie?.split(/;\s*/).find((c) => c.startsWith(`${DOCS_COOKIE}=`))
    return tokenMatches(cookie?.slice(DOCS_COOKIE.length + 1), token)
  }
  return false
}
