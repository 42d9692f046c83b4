/**
 * Schedules: an event type fired every N seconds or on a cron expression, with fresh data
 * generated each run (or fixed data). Each is a row with `next_run_at`, driven by the
 * dispatcher's loop; a run and the move of `next_run_at` are one transaction, so a crash never
 * fires a run twice. Runs missed while the engine was stopped are not replayed in a burst: the
 * schedule fires once and moves on to its next future time.
 */
import { CronExpressionParser } from 'cron-parser'
import type { FiredEvent } from '../../../src-shared/api/events'
import type { Schedule, ScheduleInput, SchedulePatch } from '../../../src-shared/api/triggers'
import { defaultScheduleName, hasDefaultScheduleName } from '../../../src-shared/schedule-names'
import { oversizeProblem, refusedSavedData, SMALLER_DATA_HINT } from '../catalog/payloads'
import type { ScheduleRow } from '../db/schedules-repo'
import { EngineError, badRequest, notFound } from '../errors'
import { newId } from '../ids'
import { iso, isoAt, type SenderContext } from './context'
import type { Dispatcher, TickSource } from './dispatcher'
import type { Profiles } from './profiles'
import type { Triggers } from './triggers'

function checkTimezone(tz: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz })
    return tz
  } catch {
    throw badRequest('HB_ERR_SCHEDULE_TIMEZONE', `"${tz}" is not a time zone: use an IANA name such as UTC or Europe/Paris.`, '/timezone')
  }
}

/** The next run strictly after `after`. */
export function nextRunAfter(s: Pick<ScheduleRow, 'everySeconds' | 'cron' | 'timezone'>, after: number, previous?: number | null): number {
  if (s.everySeconds) {
    const step = s.everySeconds * 1000
    if (previous === undefined || previous === null) return after + step
    // Keep the cadence of the timetable; skip the runs missed while stopped.
    const behind = Math.max(0, Math.floor((after - previous) / step))
    return previous + (behind + 1) * step
  }
  const expr = CronExpressionParser.parse(s.cron!, { currentDate: new Date(after), tz: s.timezone })
  return expr.next().getTime()
}

export function createSchedules({ ctx, repos }: SenderContext, deps: { profiles: Profiles; triggers: Triggers; dispatcher: Dispatcher }) {
  const log = ctx.log.child({ domain: 'schedules' })

  function require(id: string): ScheduleRow {
    const s = repos.schedules.get(id)
    if (!s) throw notFound('schedule', id)
    return s
  }

  function toApi(s: ScheduleRow): Schedule {
    return {
      id: s.id,
      name: s.name,
      profileId: s.profileId,
      type: s.type,
      everySeconds: s.everySeconds,
      cron: s.cron,
      timezone: s.timezone,
      data: s.hasData ? s.data : null,
      webhookIds: s.webhookIds,
      status: s.status,
      nextRunAt: s.status === 'active' ? iso(s.nextRunAt) : null,
      lastRunAt: iso(s.lastRunAt),
      lastEventId: s.lastEventId,
      lastError: s.lastError,
      runCount: s.runCount,
      createdAt: isoAt(s.createdAt),
      updatedAt: isoAt(s.updatedAt),
    }
  }

  /** Checks a whole schedule definition; throws 400s naming the field. */
  function check(s: ScheduleRow): void {
    const profile = deps.profiles.require(s.profileId)
    const type = deps.profiles.eventType(profile.id, s.type)
    if (!type) throw badRequest('HB_ERR_EVENT_TYPE_UNKNOWN', `"${s.type}" is not an event type of the ${profile.name} profile.`, '/type')
    if (s.everySeconds === null && s.cron === null) {
      throw badRequest('HB_ERR_SCHEDULE_TIMING', 'Say when the schedule fires: it has neither everySeconds nor cron; give either everySeconds (e.g. 60) or cron (e.g. "*/5 * * * *").', '/everySeconds')
    }
    if (s.everySeconds !== null && s.cron !== null) {
      throw badRequest('HB_ERR_SCHEDULE_TIMING', 'Give either everySeconds or cron, not both: a schedule fires every N seconds or on a cron expression.', '/cron')
    }
    checkTimezone(s.timezone)
    if (s.cron !== null) {
      // cron-parser pads a short expression from the left ("5 *" would be 5 o'clock in May): count first.
      const fields = s.cron.trim().split(/\s+/).length
      if (!s.cron.trim().startsWith('@') && fields !== 5 && fields !== 6) {
        throw badRequest(
          'HB_ERR_SCHEDULE_CRON',
          `"${s.cron}" has ${fields} field${fields === 1 ? '' : 's'}. Use 5 fields (minute hour day month weekday), e.g. "*/5 * * * *", or 6 with seconds first.`,
          '/cron',
        )
      }
      try {
        CronExpressionParser.parse(s.cron, { tz: s.timezone }).next()
      } catch (err) {
        throw badRequest('HB_ERR_SCHEDULE_CRON', `"${s.cron}" is not a cron expression (${(err as Error).message}). Use 5 fields (minute hour day month weekday), e.g. "*/5 * * * *", or 6 with seconds first.`, '/cron')
      }
    }
    if (s.hasData) {
      // Checked when saved, not at every run: a schedule whose data can never fire is refused now.
      const oversize = oversizeProblem(s.data, "The schedule's data", SMALLER_DATA_HINT)
      if (oversize) throw badRequest('HB_ERR_EVENT_DATA_TOO_LARGE', oversize, '/data')
      const refused = refusedSavedData(type.schema, s.data, profile.dataValidation)
      if (refused) throw badRequest('HB_ERR_EVENT_DATA_INVALID', `The data does not match the schema of ${type.name}: ${refused.problems}`, `/data${refused.path}`)
    }
    s.webhookIds?.forEach((id, i) => {
      const w = repos.webhooks.get(id)
      if (!w) throw badRequest('HB_ERR_WEBHOOK_UNKNOWN', `No webhook with id "${id}".`, `/webhookIds/${i}`)
      if (w.profileId !== profile.id) throw badRequest('HB_ERR_EVENT_PROFILE_MISMATCH', `The webhook ${id} uses the ${w.profileId} profile, not ${profile.id}.`, `/webhookIds/${i}`)
    })
  }

  function fireOnce(s: ScheduleRow): FiredEvent {
    return deps.triggers.fire(
      { type: s.type, profileId: s.profileId, ...(s.hasData ? { data: s.data } : {}), ...(s.webhookIds ? { webhookIds: s.webhookIds } : {}) },
      { source: 'schedule', sourceId: s.id },
    )
  }

  /** Fires a due schedule and moves it on, in one transaction. */
  function runOne(s: ScheduleRow, now: number): void {
    let fired: FiredEvent | null = null
    let error: string | null = null
    const moved = (): ScheduleRow => ({
      ...s,
      nextRunAt: nextRunAfter(s, now, s.nextRunAt),
      lastRunAt: now,
      lastEventId: fired ? (fired as FiredEvent).event.id : s.lastEventId,
      lastError: error,
      runCount: s.runCount + 1,
      updatedAt: now,
    })
    let next: ScheduleRow
    try {
      next = ctx.db.transaction(() => {
        try {
          fired = fireOnce(s)
        } catch (err) {
          if (!(err instanceof EngineError)) throw err
          error = err.message
        }
        const row = moved()
        repos.schedules.update(row)
        return row
      })()
    } catch (err) {
      // Not a problem of the schedule's own (a bug, the disk): nothing of the run was kept. The
      // schedule still moves on, so it is not fired again on every pass and the others go on.
      log.error({ err, scheduleId: s.id }, 'scheduled run could not fire')
      fired = null
      error = `This run could not fire: ${(err as Error).message}. Nothing was sent; see engine.log.`
      next = moved()
      repos.schedules.update(next)
    }
    const f = fired as FiredEvent | null
    if (error) log.warn({ scheduleId: s.id, error }, 'scheduled run fired nothing')
    ctx.events.emit('schedule.fired', { scheduleId: s.id, eventId: f?.event.id ?? null, deliveryIds: f?.deliveries.map((d) => d.id) ?? [], error })
    // Its run count, last and next run changed: lists follow.
    emit('schedule.updated', next)
  }

  const source: TickSource = {
    runDue(now) {
      for (const s of repos.schedules.due(now)) {
        try {
          runOne(s, now)
        } catch (err) {
          log.error({ err, scheduleId: s.id }, 'schedule could not advance')
        }
      }
    },
    nextDue: () => repos.schedules.nextDue(),
  }

  /** Tells the loop (its wake-up time may change) and the live feed. */
  const emit = (topic: string, s: ScheduleRow) => {
    deps.dispatcher.kick()
    ctx.events.emit(topic, toApi(s))
  }

  return {
    source,

    list: (): Schedule[] => repos.schedules.all().map(toApi),
    get: (id: string): Schedule => toApi(require(id)),

    create(input: ScheduleInput): Schedule {
      const now = ctx.clock.now()
      const row: ScheduleRow = {
        id: newId('sch', now),
        name: input.name ?? defaultScheduleName(input),
        profileId: input.profileId,
        type: input.type,
        everySeconds: input.everySeconds ?? null,
        cron: input.cron ?? null,
        timezone: input.timezone ?? 'UTC',
        data: input.data,
        hasData: input.data !== undefined && input.data !== null,
        webhookIds: input.webhookIds ?? null,
        status: input.status ?? 'active',
        nextRunAt: null,
        lastRunAt: null,
        lastEventId: null,
        lastError: null,
        runCount: 0,
        createdAt: now,
        updatedAt: now,
      }
      check(row)
      row.nextRunAt = nextRunAfter(row, now)
      repos.schedules.insert(row)
      emit('schedule.created', row)
      return toApi(row)
    },

    update(id: string, patch: SchedulePatch): Schedule {
      const current = require(id)
      const now = ctx.clock.now()
      const next: ScheduleRow = { ...current, updatedAt: now }
      if (patch.profileId !== undefined) next.profileId = patch.profileId
      if (patch.type !== undefined) next.type = patch.type
      if (patch.timezone !== undefined) next.timezone = patch.timezone
      if (patch.webhookIds !== undefined) next.webhookIds = patch.webhookIds
      if (patch.status !== undefined) next.status = patch.status
      if (patch.everySeconds !== undefined) {
        next.everySeconds = patch.everySeconds
        if (patch.everySeconds !== null && patch.cron === undefined) next.cron = null
      }
      if (patch.cron !== undefined) {
        next.cron = patch.cron
        if (patch.cron !== null && patch.everySeconds === undefined) next.everySeconds = null
      }
      if (patch.data !== undefined) {
        next.data = patch.data
        next.hasData = patch.data !== null
      }
      // A name the engine gave says the type and timing: it follows them, a given one stays.
      // Null asks for the engine's name again (the form's name field emptied).
      if (typeof patch.name === 'string') next.name = patch.name
      else if (patch.name === null || hasDefaultScheduleName(current)) next.name = defaultScheduleName(next)
      check(next)
      const timing = patch.everySeconds !== undefined || patch.cron !== undefined || patch.timezone !== undefined || (patch.status === 'active' && current.status !== 'active')
      if (timing) next.nextRunAt = nextRunAfter(next, now)
      repos.schedules.update(next)
      emit('schedule.updated', next)
      return toApi(next)
    },

    remove(id: string): void {
      require(id)
      repos.schedules.delete(id)
      ctx.events.emit('schedule.deleted', { id })
    },

    pause(id: string): Schedule {
      const s = require(id)
      const next: ScheduleRow = { ...s, status: 'paused', updatedAt: ctx.clock.now() }
      repos.schedules.update(next)
      emit('schedule.updated', next)
      return toApi(next)
    },

    /** Active again; the next run is one period (or the next cron time) from now. */
    resume(id: string): Schedule {
      const s = require(id)
      if (s.status === 'active') return toApi(s)
      const now = ctx.clock.now()
      const next: ScheduleRow = { ...s, status: 'active', nextRunAt: nextRunAfter(s, now), updatedAt: now }
      repos.schedules.update(next)
      emit('schedule.updated', next)
      return toApi(next)
    },

    /** Fires once now; the timetable does not move. */
    runNow(id: string): FiredEvent {
      const s = require(id)
      const now = ctx.clock.now()
      const fired = fireOnce(s)
      const next: ScheduleRow = { ...s, lastRunAt: now, lastEventId: fired.event.id, lastError: null, runCount: s.runCount + 1, updatedAt: now }
      repos.schedules.update(next)
      ctx.events.emit('schedule.fired', { scheduleId: s.id, eventId: fired.event.id, deliveryIds: fired.deliveries.map((d) => d.id), error: null })
      emit('schedule.updated', next)
      return fired
    },
  }
}

export type Schedules = ReturnType<typeof createSchedules>
