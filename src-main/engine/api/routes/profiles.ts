import { Type } from 'typebox'
import { ErrorBodySchema } from '../../../../src-shared/api/errors'
import { API } from '../../../../src-shared/api/paths'
import {
  CloneProfileInputSchema,
  ProfileListQuerySchema,
  ProfileListSchema,
  ProfileSchema,
  ProviderProfileInputSchema,
  ProviderProfilePatchSchema,
} from '../../../../src-shared/api/profiles'
import { IdParamsSchema } from '../../../../src-shared/api/sender-common'
import type { ApiApp, RouteDeps } from '../types'

const tags = ['profiles']
const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema }

/** `/api/profiles`: built-in presets (read-only) and user profiles. */
export function profileRoutes(app: ApiApp, { services }: RouteDeps): void {
  const { profiles } = services.sender
  const byId = `${API.profiles}/:id`

  app.get(
    API.profiles,
    { schema: { tags, summary: 'Provider profiles: built-in presets, then user profiles', querystring: ProfileListQuerySchema, response: { 200: ProfileListSchema, ...errors } } },
    async (req) => ({ items: profiles.list(req.query), nextCursor: null }),
  )
  app.get(
    byId,
    { schema: { tags, summary: 'One profile', params: IdParamsSchema, response: { 200: ProfileSchema, ...errors } } },
    async (req) => profiles.toApi(profiles.getOr404(req.params.id)),
  )
  app.post(
    API.profiles,
    { schema: { tags, summary: 'Create a user profile (its catalog starts empty)', body: ProviderProfileInputSchema, response: { 201: ProfileSchema, ...errors } } },
    async (req, reply) => reply.status(201).send(profiles.create(req.body)),
  )
  app.post(
    `${byId}/clone`,
    { schema: { tags, summary: 'Clone a profile (built-in or not) with its event catalog', params: IdParamsSchema, body: Type.Optional(CloneProfileInputSchema), response: { 201: ProfileSchema, ...errors } } },
    async (req, reply) => reply.status(201).send(profiles.clone(req.params.id, req.body ?? {})),
  )
  app.patch(
    byId,
    { schema: { tags, summary: 'Edit a user profile (built-in presets are read-only: clone them)', params: IdParamsSchema, body: ProviderProfilePatchSchema, response: { 200: ProfileSchema, ...errors } } },
    async (req) => profiles.update(req.params.id, req.body),
  )
  app.delete(
    byId,
    { schema: { tags, summary: 'Delete a user profile that no webhook uses', params: IdParamsSchema, response: { 204: Type.Null({ description: 'Deleted' }), ...errors } } },
    async (req, reply) => {
      profiles.remove(req.params.id)
      return reply.status(204).send(null)
    },
  )
}
