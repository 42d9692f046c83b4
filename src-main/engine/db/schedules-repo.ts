import type { ScenarioRunStatus, ScenarioStep, ScheduleStatus } from '../../../src-shared/api/triggers'
import type { Db } from './open'

export interface ScheduleRow {
  id: string
  name: string
  profileId: string
  type: string
  everySeconds: number | null
  cron: string | null
  timezone: string
  /** undefined: generated each run. */
  data: unknown
  hasData: boolean
  webhookIds: string[] | null
  status: ScheduleStatus
  nextRunAt: number | null
  lastRunAt: number | null
  lastEventId: string | null
  lastError: string | null
  runCount: number
  createdAt: number
  updatedAt: number
}

export interface ScenarioRow {
  id: string
  name: string
  description: string
  profileId: string
  steps: ScenarioStep[]
  createdAt: number
  updatedAt: number
}

export interface StepResult {
  status: 'waiting' | 'fired' | 'failed' | 'skipped'
  dueAt: number | null
  firedAt: number | null
  eventId: string | null
  deliveryIds: string[]
  data: unknown
  error: string | null
}

export interface ScenarioRunRow {
  id: string
  scenarioId: string
  profileId: string
  steps: ScenarioStep[]
  results: StepResult[]
  status: ScenarioRunStatus
  nextStep: number
  nextStepAt: number | null
  startedAt: number
  finishedAt: number | null
}

interface RawSchedule {
  id: string
  name: string
  profile_id: string
  type: string
  every_seconds: number | null
  cron: string | null
  timezone: string
  data: string | null
  webhook_ids: string | null
  status: ScheduleStatus
  next_run_at: number | null
  last_run_at: number | null
  last_event_id: string | null
  last_error: string | null
  run_count: number
  created_at: number
  updated_at: number
}

const toSchedule = (r: RawSchedule): ScheduleRow => ({
  id: r.id,
  name: r.name,
  profileId: r.profile_id,
  type: r.type,
  everySeconds: r.every_seconds,
  cron: r.cron,
  timezone: r.timezone,
  data: r.data === null ? undefined : (JSON.parse(r.data) as unknown),
  hasData: r.data !== null,
  webhookIds: r.webhook_ids ? (JSON.parse(r.webhook_ids) as string[]) : null,
  status: r.status,
  nextRunAt: r.next_run_at,
  lastRunAt: r.last_run_at,
  lastEventId: r.last_event_id,
  lastError: r.last_error,
  runCount: r.run_count,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

const scheduleParams = (s: ScheduleRow) => ({
  id: s.id,
  name: s.name,
  profile_id: s.profileId,
  type: s.type,
  every_seconds: s.everySeconds,
  cron: s.cron,
  timezone: s.timezone,
  data: s.hasData ? JSON.stringify(s.data ?? null) : null,
  webhook_ids: s.webhookIds ? JSON.stringify(s.webhookIds) : null,
  status: s.status,
  next_run_at: s.nextRunAt,
  last_run_at: s.lastRunAt,
  last_event_id: s.lastEventId,
  last_error: s.lastError,
  run_count: s.runCount,
  created_at: s.createdAt,
  updated_at: s.updatedAt,
})

interface RawScenario {
  id: string
  name: string
  description: string
  profile_id: string
  steps: string
  created_at: number
  updated_at: number
}

const toScenario = (r: RawScenario): ScenarioRow => ({
  id: r.id,
  name: r.name,
  description: r.description,
  profileId: r.profile_id,
  steps: JSON.parse(r.steps) as ScenarioStep[],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

interface RawRun {
  id: string
  scenario_id: string
  profile_id: string
  steps: string
  results: string
  status: ScenarioRunStatus
  next_step: number
  next_step_at: number | null
  started_at: number
  finished_at: number | null
}

const toRun = (r: RawRun): ScenarioRunRow => ({
  id: r.id,
  scenarioId: r.scenario_id,
  profileId: r.profile_id,
  steps: JSON.parse(r.steps) as ScenarioStep[],
  results: JSON.parse(r.results) as StepResult[],
  status: r.status,
  nextStep: r.next_step,
  nextStepAt: r.next_step_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
})

/** Schedules, scenarios and scenario runs: durable triggers driven by the engine's clock. */
export function createSchedulesRepo(db: Db) {
  const s = {
    all: db.prepare<[], RawSchedule>('SELECT * FROM schedules ORDER BY id'),
    get: db.prepare<[string], RawSchedule>('SELECT * FROM schedules WHERE id = ?'),
    insert: db.prepare(
      `INSERT INTO schedules (id, name, profile_id, type, every_seconds, cron, timezone, data, webhook_ids, status, next_run_at,
         last_run_at, last_event_id, last_error, run_count, created_at, updated_at)
       VALUES (:id, :name, :profile_id, :type, :every_seconds, :cron, :timezone, :data, :webhook_ids, :status, :next_run_at,
         :last_run_at, :last_event_id, :last_error, :run_count, :created_at, :updated_at)`,
    ),
    update: db.prepare(
      `UPDATE schedules SET name = :name, profile_id = :profile_id, type = :type, every_seconds = :every_seconds, cron = :cron,
         timezone = :timezone, data = :data, webhook_ids = :webhook_ids, status = :status, next_run_at = :next_run_at,
         last_run_at = :last_run_at, last_event_id = :last_event_id, last_error = :last_error, run_count = :run_count,
         updated_at = :updated_at
       WHERE id = :id`,
    ),
    delete: db.prepare('DELETE FROM schedules WHERE id = ?'),
    due: db.prepare<[number], RawSchedule>(`SELECT * FROM schedules WHERE status = 'active' AND next_run_at <= ? ORDER BY next_run_at LIMIT 100`),
    nextDue: db.prepare<[], { t: number | null }>(`SELECT min(next_run_at) AS t FROM schedules WHERE status = 'active'`),

    scenarios: db.prepare<[], RawScenario>('SELECT * FROM scenarios ORDER BY id'),
    scenario: db.prepare<[string], RawScenario>('SELECT * FROM scenarios WHERE id = ?'),
    insertScenario: db.prepare(
      'INSERT INTO scenarios (id, name, description, profile_id, steps, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    updateScenario: db.prepare('UPDATE scenarios SET name = ?, description = ?, profile_id = ?, steps = ?, updated_at = ? WHERE id = ?'),
    deleteScenario: db.prepare('DELETE FROM scenarios WHERE id = ?'),

    run: db.prepare<[string], RawRun>('SELECT * FROM scenario_runs WHERE id = ?'),
    runs: db.prepare<[string, number], RawRun>('SELECT * FROM scenario_runs WHERE scenario_id = ? ORDER BY id DESC LIMIT ?'),
    insertRun: db.prepare(
      `INSERT INTO scenario_runs (id, scenario_id, profile_id, steps, results, status, next_step, next_step_at, started_at, finished_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    updateRun: db.prepare('UPDATE scenario_runs SET results = ?, status = ?, next_step = ?, next_step_at = ?, finished_at = ? WHERE id = ?'),
    dueRuns: db.prepare<[number], RawRun>(`SELECT * FROM scenario_runs WHERE status = 'running' AND next_step_at <= ? ORDER BY next_step_at LIMIT 100`),
    nextRunDue: db.prepare<[], { t: number | null }>(`SELECT min(next_step_at) AS t FROM scenario_runs WHERE status = 'running'`),
  }
  return {
    all: (): ScheduleRow[] => s.all.all().map(toSchedule),
    get: (id: string): ScheduleRow | undefined => {
      const r = s.get.get(id)
      return r && toSchedule(r)
    },
    insert: (row: ScheduleRow) => s.insert.run(scheduleParams(row)),
    update: (row: ScheduleRow) => s.update.run(scheduleParams(row)).changes > 0,
    delete: (id: string) => s.delete.run(id).changes > 0,
    due: (now: number): ScheduleRow[] => s.due.all(now).map(toSchedule),
    nextDue: (): number | null => s.nextDue.get()?.t ?? null,

    scenarios: (): ScenarioRow[] => s.scenarios.all().map(toScenario),
    scenario: (id: string): ScenarioRow | undefined => {
      const r = s.scenario.get(id)
      return r && toScenario(r)
    },
    insertScenario: (r: ScenarioRow) =>
      s.insertScenario.run(r.id, r.name, r.description, r.profileId, JSON.stringify(r.steps), r.createdAt, r.updatedAt),
    updateScenario: (r: ScenarioRow) =>
      s.updateScenario.run(r.name, r.description, r.profileId, JSON.stringify(r.steps), r.updatedAt, r.id).changes > 0,
    deleteScenario: (id: string) => s.deleteScenario.run(id).changes > 0,

    run: (id: string): ScenarioRunRow | undefined => {
      const r = s.run.get(id)
      return r && toRun(r)
    },
    runs: (scenarioId: string, limit: number): ScenarioRunRow[] => s.runs.all(scenarioId, limit).map(toRun),
    insertRun: (r: ScenarioRunRow) =>
      s.insertRun.run(r.id, r.scenarioId, r.profileId, JSON.stringify(r.steps), JSON.stringify(r.results), r.status, r.nextStep, r.nextStepAt, r.startedAt, r.finishedAt),
    updateRun: (r: ScenarioRunRow) =>
      s.updateRun.run(JSON.stringify(r.results), r.status, r.nextStep, r.nextStepAt, r.finishedAt, r.id).changes > 0,
    dueRuns: (now: number): ScenarioRunRow[] => s.dueRuns.all(now).map(toRun),
    nextRunDue: (): number | null => s.nextRunDue.get()?.t ?? null,
  }
}

export type SchedulesRepo = ReturnType<typeof createSchedulesRepo>
