import { Type } from 'typebox'
import { ErrorBodySchema } from '../../../../src-shared/api/errors'
import { IngestSettingsInputSchema, IngestSettingsSchema } from '../../../../src-shared/api/settings'
import { EngineError } from '../../errors'
import type { ApiApp, RouteDeps } from '../types'

const tags = ['settings']
const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema }

/** Where the inboxes listen: loopback, a LAN address or every interface; HTTP or HTTPS. */
export function settingsRoutes(app: ApiApp, { services }: RouteDeps): void {
  const ingest = () => {
    if (!services.ingest) throw new EngineError('HB_ERR_NOT_READY', 409, 'The ingest plane is still starting; try again.')
    return services.ingest
  }
  app.get(
    '/api/settings/ingest',
    { schema: { tags, summary: 'The ingest plane binding, every URL it answers on, and its certificate', response: { 200: IngestSettingsSchema, ...errors } } },
    async () => ingest().settings(),
  )
  app.put(
    '/api/settings/ingest',
    {
      schema: {
        tags,
        summary: 'Move the ingest plane (address, port, TLS); saved for the next start. The control plane stays on loopback.',
        body: IngestSettingsInputSchema,
        response: { 200: IngestSettingsSchema, ...errors },
      },
    },
    async (req) => ingest().rebind(req.body),
  )
  app.get(
    '/api/settings/ingest/certificate',
    {
      schema: {
        tags,
        summary: 'The self-signed certificate of the inboxes (PEM), for a staging machine to trust',
        querystring: Type.Object({ token: Type.Optional(Type.String()) }, { additionalProperties: false }),
        response: { 200: Type.String({ description: 'PEM' }), ...errors },
      },
    },
    async (_req, reply) => {
      const cert = ingest().certificate()
      if (!cert) throw new EngineError('HB_ERR_NO_CERTIFICATE', 404, 'The inboxes are served over plain HTTP: turn HTTPS on first.')
      return reply.type('application/x-pem-file').header('Content-Disposition', 'attachment; filename="hookbench-inboxes.pem"').send(cert.cert)
    },
  )
}
