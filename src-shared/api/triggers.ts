/**
 * Triggers besides `POST /api/events`: schedules (an event type fired every N seconds or on a
 * cron expression, with fresh generated data each time) and scenarios (ordered steps with
 * delays whose data may refer to earlier steps). Both are rows driven by the engine's clock,
 * so they survive a restart and follow `--time-scale`.
 *
 * GET    /api/schedules                    → { items: Schedule[], nextCursor: null }
 * GET    /api/schedules/:id                → Schedule
 * POST   /api/schedules                    ScheduleInput → 201 Schedule
 * PATCH  /api/schedules/:id                SchedulePatch → Schedule
 * DELETE /api/schedules/:id                → 204
 * POST   /api/schedules/:id/pause | /resume → Schedule
 * POST   /api/schedules/:id/run            → 201 FiredEvent (fires once now; the timetable is unchanged)
 *
 * GET    /api/scenarios                    → { items: Scenario[], nextCursor: null }
 * GET    /api/scenarios/:id                → Scenario
 * POST   /api/scenarios                    ScenarioInput → 201 Scenario
 * PUT    /api/scenarios/:id                ScenarioInput → Scenario
 * DELETE /api/scenarios/:id                → 204
 * POST   /api/scenarios/:id/run            → 201 ScenarioRun (steps fire as their delays pass)
 * GET    /api/scenarios/:id/runs           → { items: ScenarioRun[], nextCursor: null } (newest first)
 * GET    /api/scenario-runs/:id            → ScenarioRun
 * POST   /api/scenario-runs/:id/cancel     → ScenarioRun
 */
import { Type, type Static } from 'typebox'
import { IsoTimeSchema, ListOf, NullableIsoTimeSchema } from './sender-common'

const ProfileIdSchema = Type.String({ minLength: 1, maxLength: 64 })
const TypeNameSchema = Type.String({ minLength: 1, maxLength: 200 })
const WebhookIdsSchema = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 1000 })

// ---------------------------------------------------------------------------------------------
// Schedules

export const ScheduleStatusSchema = Type.Union([Type.Literal('active'), Type.Literal('paused')])
export type ScheduleStatus = Static<typeof ScheduleStatusSchema>

export const ScheduleSchema = Type.Object({
  id: Type.String(),
  /** Given, else the type and timing ("contact.created every 10 s"), renamed along when they change. */
  name: Type.String(),
  profileId: Type.String(),
  type: Type.String(),
  /** Fires every N seconds (null when `cron` is used). */
  everySeconds: Type.Union([Type.Integer(), Type.Null()]),
  /** Cron expression (5 or 6 fields, seconds first when 6), evaluated in `timezone`. */
  cron: Type.Union([Type.String(), Type.Null()]),
  timezone: Type.String(),
  /** Fixed data for every run; null: fresh data generated from the schema each run. */
  data: Type.Unknown(),
  /** Only these webhooks; null: every active webhook subscribed to the type. */
  webhookIds: Type.Union([Type.Array(Type.String()), Type.Null()]),
  status: ScheduleStatusSchema,
  nextRunAt: NullableIsoTimeSchema,
  lastRunAt: NullableIsoTimeSchema,
  lastEventId: Type.Union([Type.String(), Type.Null()]),
  /** Why the last run fired nothing (e.g. the event type was removed), else null. */
  lastError: Type.Union([Type.String(), Type.Null()]),
  runCount: Type.Integer({ minimum: 0 }),
  createdAt: IsoTimeSchema,
  updatedAt: IsoTimeSchema,
})
export type Schedule = Static<typeof ScheduleSchema>

export const ScheduleListSchema = ListOf(ScheduleSchema)
export type ScheduleList = Static<typeof ScheduleListSchema>

const scheduleProps = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  profileId: ProfileIdSchema,
  type: TypeNameSchema,
  everySeconds: Type.Union([Type.Integer({ minimum: 1, maximum: 366 * 86_400 }), Type.Null()]),
  cron: Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()]),
  timezone: Type.String({ minLength: 1, maxLength: 100, description: 'IANA zone for cron; default UTC' }),
  data: Type.Unknown(),
  webhookIds: Type.Union([WebhookIdsSchema, Type.Null()]),
  status: ScheduleStatusSchema,
}

/** Body of `POST /api/schedules`: exactly one of `everySeconds` and `cron`. */
export const ScheduleInputSchema = Type.Object(
  {
    name: Type.Optional(scheduleProps.name),
    profileId: scheduleProps.profileId,
    type: scheduleProps.type,
    everySeconds: Type.Optional(scheduleProps.everySeconds),
    cron: Type.Optional(scheduleProps.cron),
    timezone: Type.Optional(scheduleProps.timezone),
    data: Type.Optional(scheduleProps.data),
    webhookIds: Type.Optional(scheduleProps.webhookIds),
    status: Type.Optional(scheduleProps.status),
  },
  { additionalProperties: false },
)
export type ScheduleInput = Static<typeof ScheduleInputSchema>

const { name: _name, ...patchableProps } = scheduleProps

/**
 * Body of `PATCH /api/schedules/:id`: only the fields that change. `name: null` gives the
 * schedule the engine's name again (its type and timing, which it then follows). A change of
 * timing (everySeconds, cron, timezone) starts the timetable again: the next run is one period
 * from now, or the cron expression's next time after now. Other changes keep the next run.
 */
export const SchedulePatchSchema = Type.Object(
  {
    name: Type.Optional(Type.Union([scheduleProps.name, Type.Null()])),
    ...(Object.fromEntries(Object.entries(patchableProps).map(([k, v]) => [k, Type.Optional(v)])) as {
      [K in keyof typeof patchableProps]: ReturnType<typeof Type.Optional<(typeof patchableProps)[K]>>
    }),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type SchedulePatch = Static<typeof SchedulePatchSchema>

// ---------------------------------------------------------------------------------------------
// Scenarios

/**
 * One step. `data` may hold templates that refer to earlier steps: a string that is exactly
 * `{{steps.0.data.id}}` becomes that value (typed); inside a longer string it is interpolated.
 * Also `{{steps.N.event.id}}`, `{{steps.N.event.type}}` and `{{steps.<name>.data…}}` for a
 * named step. `dataMode: merge` (default) lays `data` over fresh data generated from the
 * schema (so `{ "id": "{{steps.0.data.id}}" }` is enough); `replace` sends `data` as is.
 */
export const ScenarioStepSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z_][A-Za-z0-9_-]*$' })),
    type: TypeNameSchema,
    /** Wait before this step, after the previous one fired (the first: after the run starts). */
    delaySeconds: Type.Optional(Type.Number({ minimum: 0, maximum: 30 * 86_400 })),
    data: Type.Optional(Type.Unknown()),
    dataMode: Type.Optional(Type.Union([Type.Literal('merge'), Type.Literal('replace')])),
    webhookIds: Type.Optional(WebhookIdsSchema),
  },
  { additionalProperties: false },
)
export type ScenarioStep = Static<typeof ScenarioStepSchema>

export const ScenarioInputSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    profileId: ProfileIdSchema,
    steps: Type.Array(ScenarioStepSchema, { minItems: 1, maxItems: 200 }),
  },
  { additionalProperties: false },
)
export type ScenarioInput = Static<typeof ScenarioInputSchema>

export const ScenarioRunStepSchema = Type.Object({
  n: Type.Integer({ minimum: 0 }),
  name: Type.Union([Type.String(), Type.Null()]),
  type: Type.String(),
  status: Type.Union([Type.Literal('waiting'), Type.Literal('fired'), Type.Literal('failed'), Type.Literal('skipped')]),
  /** When the step is (or was) due. */
  dueAt: NullableIsoTimeSchema,
  firedAt: NullableIsoTimeSchema,
  eventId: Type.Union([Type.String(), Type.Null()]),
  deliveryIds: Type.Array(Type.String()),
  /** The data it fired with. */
  data: Type.Unknown(),
  error: Type.Union([Type.String(), Type.Null()]),
})
export type ScenarioRunStep = Static<typeof ScenarioRunStepSchema>

export const ScenarioRunStatusSchema = Type.Union([
  Type.Literal('running'),
  Type.Literal('completed'),
  Type.Literal('failed'),
  Type.Literal('cancelled'),
])
export type ScenarioRunStatus = Static<typeof ScenarioRunStatusSchema>

export const ScenarioRunSchema = Type.Object({
  id: Type.String(),
  scenarioId: Type.String(),
  status: ScenarioRunStatusSchema,
  startedAt: IsoTimeSchema,
  finishedAt: NullableIsoTimeSchema,
  /** When the next step fires; null when the run is over. */
  nextStepAt: NullableIsoTimeSchema,
  steps: Type.Array(ScenarioRunStepSchema),
})
export type ScenarioRun = Static<typeof ScenarioRunSchema>

export const ScenarioSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  profileId: Type.String(),
  steps: Type.Array(ScenarioStepSchema),
  createdAt: IsoTimeSchema,
  updatedAt: IsoTimeSchema,
  lastRun: Type.Union([ScenarioRunSchema, Type.Null()]),
})
export type Scenario = Static<typeof ScenarioSchema>

export const ScenarioListSchema = ListOf(ScenarioSchema)
export type ScenarioList = Static<typeof ScenarioListSchema>
export const ScenarioRunListSchema = ListOf(ScenarioRunSchema)
export type ScenarioRunList = Static<typeof ScenarioRunListSchema>

// ---------------------------------------------------------------------------------------------
// Live feed topics of the sender (`/api/live` messages `{ type: 'event', topic, time, data }`).

export const SENDER_LIVE_TOPICS = {
  'profile.created': 'Profile',
  'profile.updated': 'Profile',
  'profile.deleted': '{ id }',
  'event-types.changed': '{ profileId }',
  'webhook.created': 'Webhook',
  'webhook.updated': 'Webhook',
  'webhook.deleted': '{ id }',
  'webhook.paused': 'Webhook',
  'webhook.enabled': 'Webhook (failure count reset; held deliveries released)',
  'webhook.disabled': 'Webhook (disabledReason, disabledAt; its pending deliveries are held)',
  'webhook.secret_rotated': '{ id, expiresAt of the previous secrets } (no secret values)',
  'event.created': 'FiredEvent (event without payload and data)',
  'delivery.created': 'DeliverySummary',
  'delivery.updated': 'DeliverySummary (status, schedule or hold changed)',
  'delivery.attempted': 'LiveDeliveryAttempted (an attempt finished)',
  'deliveries.held': '{ webhookId, count } (a webhook was paused: its pending deliveries are held)',
  'deliveries.released': '{ webhookId, count } (a webhook was enabled: its held deliveries are due now)',
  'deliveries.send_now': '{ webhookId?, eventId?, count } (pending deliveries made due now)',
  'schedule.created': 'Schedule',
  'schedule.updated': 'Schedule',
  'schedule.deleted': '{ id }',
  'schedule.fired': '{ scheduleId, eventId, deliveryIds, error }',
  'scenario.created': 'Scenario',
  'scenario.updated': 'Scenario',
  'scenario.deleted': '{ id }',
  'scenario.run.updated': 'ScenarioRun',
} as const
export type SenderLiveTopic = keyof typeof SENDER_LIVE_TOPICS
