import { Type } from 'typebox'
import { ErrorBodySchema } from '../../../../src-shared/api/errors'
import { FiredEventSchema } from '../../../../src-shared/api/events'
import { API } from '../../../../src-shared/api/paths'
import { IdParamsSchema } from '../../../../src-shared/api/sender-common'
import { ScheduleInputSchema, ScheduleListSchema, SchedulePatchSchema, ScheduleSchema } from '../../../../src-shared/api/triggers'
import type { ApiApp, RouteDeps } from '../types'

const tags = ['schedules']
const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 404: ErrorBodySchema }

/** `/api/schedules`: events fired every N seconds or on a cron expression. */
export function scheduleRoutes(app: ApiApp, { services }: RouteDeps): void {
  const { schedules } = services.sender
  const byId = `${API.schedules}/:id`
  app.get(API.schedules, { schema: { tags, summary: 'Schedules', response: { 200: ScheduleListSchema, ...errors } } }, async () => ({ items: schedules.list(), nextCursor: null }))
  app.get(byId, { schema: { tags, summary: 'One schedule', params: IdParamsSchema, response: { 200: ScheduleSchema, ...errors } } }, async (req) => schedules.get(req.params.id))
  app.post(
    API.schedules,
    { schema: { tags, summary: 'Create a schedule (everySeconds or cron; fresh generated data each run unless data is given)', body: ScheduleInputSchema, response: { 201: ScheduleSchema, ...errors } } },
    async (req, reply) => reply.status(201).send(schedules.create(req.body)),
  )
  app.patch(
    byId,
    { schema: { tags, summary: 'Edit a schedule (only the fields given; a new timing starts the timetable again from now, other edits keep it; name null: the engine names it)', params: IdParamsSchema, body: SchedulePatchSchema, response: { 200: ScheduleSchema, ...errors } } },
    async (req) => schedules.update(req.params.id, req.body),
  )
  app.delete(
    byId,
    { schema: { tags, summary: 'Delete a schedule', params: IdParamsSchema, response: { 204: Type.Null({ description: 'Deleted' }), ...errors } } },
    async (req, reply) => {
      schedules.remove(req.params.id)
      return reply.status(204).send(null)
    },
  )
  app.post(`${byId}/pause`, { schema: { tags, summary: 'Pause a schedule', params: IdParamsSchema, response: { 200: ScheduleSchema, ...errors } } }, async (req) => schedules.pause(req.params.id))
  app.post(
    `${byId}/resume`,
    { schema: { tags, summary: 'Resume a schedule (next run one period from now)', params: IdParamsSchema, response: { 200: ScheduleSchema, ...errors } } },
    async (req) => schedules.resume(req.params.id),
  )
  app.post(
    `${byId}/run`,
    { schema: { tags, summary: 'Fire once now (the timetable does not move)', params: IdParamsSchema, response: { 201: FiredEventSchema, ...errors } } },
    async (req, reply) => reply.status(201).send(schedules.runNow(req.params.id)),
  )
}
