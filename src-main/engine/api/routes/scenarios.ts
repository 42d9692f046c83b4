import { Type } from 'typebox'
import { ErrorBodySchema } from '../../../../src-shared/api/errors'
import { API } from '../../../../src-shared/api/paths'
import { IdParamsSchema } from '../../../../src-shared/api/sender-common'
import { ScenarioInputSchema, ScenarioListSchema, ScenarioRunListSchema, ScenarioRunSchema, ScenarioSchema } from '../../../../src-shared/api/triggers'
import type { ApiApp, RouteDeps } from '../types'

const tags = ['scenarios']
const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 404: ErrorBodySchema }

/** `/api/scenarios` and `/api/scenario-runs`: ordered steps with delays, run on demand. */
export function scenarioRoutes(app: ApiApp, { services }: RouteDeps): void {
  const { scenarios } = services.sender
  const byId = `${API.scenarios}/:id`
  const runById = `${API.scenarioRuns}/:id`
  app.get(API.scenarios, { schema: { tags, summary: 'Scenarios with their last run', response: { 200: ScenarioListSchema, ...errors } } }, async () => ({ items: scenarios.list(), nextCursor: null }))
  app.get(byId, { schema: { tags, summary: 'One scenario', params: IdParamsSchema, response: { 200: ScenarioSchema, ...errors } } }, async (req) => scenarios.get(req.params.id))
  app.post(
    API.scenarios,
    { schema: { tags, summary: 'Create a scenario; step data may refer to earlier steps, e.g. {{steps.0.data.id}}', body: ScenarioInputSchema, response: { 201: ScenarioSchema, ...errors } } },
    async (req, reply) => reply.status(201).send(scenarios.create(req.body)),
  )
  app.put(
    byId,
    { schema: { tags, summary: 'Replace a scenario (runs in progress keep their steps)', params: IdParamsSchema, body: ScenarioInputSchema, response: { 200: ScenarioSchema, ...errors } } },
    async (req) => scenarios.replace(req.params.id, req.body),
  )
  app.delete(
    byId,
    { schema: { tags, summary: 'Delete a scenario and its runs', params: IdParamsSchema, response: { 204: Type.Null({ description: 'Deleted' }), ...errors } } },
    async (req, reply) => {
      scenarios.remove(req.params.id)
      return reply.status(204).send(null)
    },
  )
  app.post(
    `${byId}/run`,
    { schema: { tags, summary: 'Start a run; steps fire as their delays pass (engine clock)', params: IdParamsSchema, response: { 201: ScenarioRunSchema, ...errors } } },
    async (req, reply) => reply.status(201).send(scenarios.run(req.params.id)),
  )
  app.get(
    `${byId}/runs`,
    { schema: { tags, summary: 'Runs of a scenario, newest first', params: IdParamsSchema, response: { 200: ScenarioRunListSchema, ...errors } } },
    async (req) => ({ items: scenarios.runs(req.params.id), nextCursor: null }),
  )
  app.get(runById, { schema: { tags, summary: 'One scenario run', params: IdParamsSchema, response: { 200: ScenarioRunSchema, ...errors } } }, async (req) => scenarios.getRun(req.params.id))
  app.post(
    `${runById}/cancel`,
    { schema: { tags, summary: 'Cancel a run: waiting steps are skipped', params: IdParamsSchema, response: { 200: ScenarioRunSchema, ...errors } } },
    async (req) => scenarios.cancelRun(req.params.id),
  )
}
