/**
 * Scenarios: ordered steps (event type, data or template, delay) run on demand. A step's data
 * may refer to earlier steps — `{{steps.0.data.id}}` is the id of the data step 0 fired, so
 * the deal created in step 1 is the one won in step 3. A run is a row with `next_step_at`,
 * driven by the dispatcher's loop; firing a step and recording it are one transaction.
 */
import type { FiredEvent } from '../../../src-shared/api/events'
import type { Scenario, ScenarioInput, ScenarioRun, ScenarioStep } from '../../../src-shared/api/triggers'
import { pointerToken } from '../../../src-shared/api/errors'
import { generateData, oversizeProblem, refusedSavedData, SMALLER_DATA_HINT } from '../catalog/payloads'
import type { ScenarioRow, ScenarioRunRow, StepResult } from '../db/schedules-repo'
import { EngineError, badRequest, notFound } from '../errors'
import { newId } from '../ids'
import { iso, isoAt, type SenderContext } from './context'
import type { Dispatcher, TickSource } from './dispatcher'
import type { Profiles } from './profiles'
import type { Triggers } from './triggers'

const TEMPLATE = /\{\{\s*([^{}\s]+)\s*\}\}/g
const WHOLE = /^\{\{\s*([^{}\s]+)\s*\}\}$/

interface StepContext {
  data: unknown
  event: { id: string; type: string }
}

class TemplateError extends Error {}

/** The step a template path refers to (`steps.<n|name>.…`) and the rest of the path. */
function parsePath(path: string): { step: string; rest: string[] } | null {
  const parts = path.split('.')
  if (parts[0] !== 'steps' || parts.length < 3) return null
  return { step: parts[1]!, rest: parts.slice(2) }
}

function stepIndex(ref: string, steps: readonly ScenarioStep[]): number {
  if (/^\d+$/.test(ref)) return Number(ref)
  return steps.findIndex((s) => s.name === ref)
}

function lookup(path: string, steps: readonly ScenarioStep[], done: ReadonlyArray<StepContext | null>): unknown {
  const p = parsePath(path)
  if (!p) throw new TemplateError(`"{{${path}}}" is not a step reference: write {{steps.0.data.id}} or {{steps.<name>.event.id}}.`)
  const i = stepIndex(p.step, steps)
  const ctx = i >= 0 ? done[i] : undefined
  if (!ctx) throw new TemplateError(`"{{${path}}}" refers to step ${p.step}, which has not fired before this one (steps fire in order; refer to earlier steps).`)
  let node: unknown = ctx
  for (const key of p.rest) {
    // Own properties only: "constructor" or "toString" are not in the step's data.
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) {
      throw new TemplateError(`"{{${path}}}": step ${p.step} has no "${key}" there.`)
    }
    node = (node as Record<string, unknown>)[key]
  }
  return node
}

/** Renders templates in a JSON value: a whole-string template becomes the referred value, typed. */
export function renderStepData(value: unknown, steps: readonly ScenarioStep[], done: ReadonlyArray<StepContext | null>): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value)
    if (whole) return structuredClone(lookup(whole[1]!, steps, done))
    return value.replace(TEMPLATE, (_m, path: string) => {
      const v = lookup(path, steps, done)
      return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)
    })
  }
  if (Array.isArray(value)) return value.map((v) => renderStepData(v, steps, done))
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: renderStepData(v, steps, done), enumerable: true, writable: true, configurable: true })
    return out
  }
  return value
}

/** Lays `over` on `base`: objects merge key by key, anything else replaces. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (over === null || typeof over !== 'object' || Array.isArray(over)) return over
  if (base === null || typeof base !== 'object' || Array.isArray(base)) return over
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) }
  for (const [k, v] of Object.entries(over)) out[k] = k in out ? deepMerge(out[k], v) : v
  return out
}

/**
 * The first string in a value (and its JSON pointer under `path`) that holds a "{{" outside a
 * whole template, such as "{{steps.0.data.id" with its "}}" missing: a run would send it as is.
 */
function strayBraces(value: unknown, path = ''): { path: string; text: string } | null {
  if (typeof value === 'string') return value.replace(TEMPLATE, '').includes('{{') ? { path, text: value } : null
  if (value === null || typeof value !== 'object') return null
  for (const [k, v] of Object.entries(value)) {
    const found = strayBraces(v, `${path}/${pointerToken(k)}`)
    if (found) return found
  }
  return null
}

/** Step references in a value, for checking a scenario before it runs. */
function references(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') for (const m of value.matchAll(TEMPLATE)) out.push(m[1]!)
  else if (Array.isArray(value)) value.forEach((v) => references(v, out))
  else if (value !== null && typeof value === 'object') Object.values(value).forEach((v) => references(v, out))
  return out
}

export function createScenarios({ ctx, repos }: SenderContext, deps: { profiles: Profiles; triggers: Triggers; dispatcher: Dispatcher }) {
  const log = ctx.log.child({ domain: 'scenarios' })

  function require(id: string): ScenarioRow {
    const s = repos.schedules.scenario(id)
    if (!s) throw notFound('scenario', id)
    return s
  }

  function runToApi(r: ScenarioRunRow): ScenarioRun {
    return {
      id: r.id,
      scenarioId: r.scenarioId,
      status: r.status,
      startedAt: isoAt(r.startedAt),
      finishedAt: iso(r.finishedAt),
      nextStepAt: r.status === 'running' ? iso(r.nextStepAt) : null,
      steps: r.steps.map((step, n) => {
        const res = r.results[n]!
        return {
          n,
          name: step.name ?? null,
          type: step.type,
          status: res.status,
          dueAt: iso(res.dueAt),
          firedAt: iso(res.firedAt),
          eventId: res.eventId,
          deliveryIds: res.deliveryIds,
          data: res.data ?? null,
          error: res.error,
        }
      }),
    }
  }

  function toApi(s: ScenarioRow): Scenario {
    const last = repos.schedules.runs(s.id, 1)[0]
    return {
      id: s.id,
      name: s.name,
      description: s.description,
      profileId: s.profileId,
      steps: s.steps,
      createdAt: isoAt(s.createdAt),
      updatedAt: isoAt(s.updatedAt),
      lastRun: last ? runToApi(last) : null,
    }
  }

  function check(input: ScenarioInput): void {
    const profile = deps.profiles.require(input.profileId)
    const names = new Set<string>()
    input.steps.forEach((step, i) => {
      const type = deps.profiles.eventType(profile.id, step.type)
      if (!type) {
        throw badRequest('HB_ERR_EVENT_TYPE_UNKNOWN', `Step ${i}: "${step.type}" is not an event type of the ${profile.name} profile.`, `/steps/${i}/type`)
      }
      // First: the walks below recurse into the data, and data past the caps could never fire.
      const oversize = step.data === undefined ? null : oversizeProblem(step.data, `Step ${i}'s data`, SMALLER_DATA_HINT)
      if (oversize) throw badRequest('HB_ERR_EVENT_DATA_TOO_LARGE', oversize, `/steps/${i}/data`)
      const stray = strayBraces(step.data)
      if (stray) {
        const shown = stray.text.length > 80 ? `${stray.text.slice(0, 77)}…` : stray.text
        throw badRequest(
          'HB_ERR_SCENARIO_TEMPLATE',
          `Step ${i}: "${shown}" has a "{{" that does not open a whole template: write a step reference as {{steps.0.data.id}} ("{{", a path, "}}").`,
          `/steps/${i}/data${stray.path}`,
        )
      }
      const refs = references(step.data)
      for (const ref of refs) {
        const p = parsePath(ref)
        const target = p ? stepIndex(p.step, input.steps) : -1
        if (!p || target < 0 || target >= i) {
          throw badRequest(
            'HB_ERR_SCENARIO_TEMPLATE',
            `Step ${i} refers to "{{${ref}}}", but ${p ? `step ${p.step} is not an earlier step` : 'that is not a step reference'}: refer to earlier steps, e.g. {{steps.0.data.id}}.`,
            `/steps/${i}/data`,
          )
        }
        if (p.rest[0] !== 'data' && p.rest[0] !== 'event') {
          throw badRequest('HB_ERR_SCENARIO_TEMPLATE', `Step ${i}: "{{${ref}}}" must go through .data or .event (e.g. {{steps.0.data.id}}, {{steps.0.event.id}}).`, `/steps/${i}/data`)
        }
      }
      // Literal data that replaces the generated data is what the run sends: checked now, as a
      // schedule's fixed data is. Data with templates (known only at run) or merged over
      // generated data is checked when the step fires.
      const replaces = (step.dataMode ?? 'merge') === 'replace' || step.data === null || typeof step.data !== 'object' || Array.isArray(step.data)
      const refused = step.data !== undefined && replaces && refs.length === 0 ? refusedSavedData(type.schema, step.data, profile.dataValidation) : null
      if (refused) throw badRequest('HB_ERR_EVENT_DATA_INVALID', `Step ${i}: the data does not match the schema of ${type.name}: ${refused.problems}`, `/steps/${i}/data${refused.path}`)
      step.webhookIds?.forEach((id, j) => {
        const w = repos.webhooks.get(id)
        if (!w) throw badRequest('HB_ERR_WEBHOOK_UNKNOWN', `Step ${i}: no webhook with id "${id}".`, `/steps/${i}/webhookIds/${j}`)
        if (w.profileId !== profile.id) {
          throw badRequest('HB_ERR_EVENT_PROFILE_MISMATCH', `Step ${i}: the webhook "${w.name}" (${id}) uses the ${w.profileId} profile, not ${profile.id}.`, `/steps/${i}/webhookIds/${j}`)
        }
      })
      if (step.name) {
        if (names.has(step.name)) throw badRequest('HB_ERR_SCENARIO_STEP_NAME', `Two steps are named "${step.name}": step names must be unique.`, `/steps/${i}/name`)
        names.add(step.name)
      }
    })
  }

  /**
   * Fires step i of a run: its outcome, `failed` with the reason for a problem of the step's own
   * (a template, its data, an engine refusal). Anything else is thrown, rolling back its writes.
   */
  function fireStep(run: ScenarioRunRow, i: number): Pick<StepResult, 'status' | 'eventId' | 'deliveryIds' | 'data' | 'error'> | Pick<StepResult, 'status' | 'error'> {
    const step = run.steps[i]!
    const done: Array<StepContext | null> = run.results.map((r, k) =>
      r.status === 'fired' && r.eventId ? { data: r.data, event: { id: r.eventId, type: run.steps[k]!.type } } : null,
    )
    try {
      let data: unknown
      if (step.data !== undefined) {
        const rendered = renderStepData(step.data, run.steps, done)
        if ((step.dataMode ?? 'merge') === 'merge' && rendered !== null && typeof rendered === 'object' && !Array.isArray(rendered)) {
          const type = deps.profiles.eventType(run.profileId, step.type)
          data = type ? deepMerge(generateData(type.schema), rendered) : rendered
        } else data = rendered
      }
      const fired: FiredEvent = deps.triggers.fire(
        { type: step.type, profileId: run.profileId, ...(data !== undefined ? { data } : {}), ...(step.webhookIds ? { webhookIds: step.webhookIds } : {}) },
        { source: 'scenario', sourceId: run.id, fieldPrefix: `/steps/${i}` },
      )
      return { status: 'fired', eventId: fired.event.id, deliveryIds: fired.deliveries.map((d) => d.id), data: fired.event.data, error: null }
    } catch (err) {
      if (!(err instanceof EngineError) && !(err instanceof TemplateError) && !(err instanceof Error && /generate/i.test(err.message))) throw err
      return { status: 'failed', error: (err as Error).message }
    }
  }

  /** The run after step i's outcome: on to the next step, completed, or failed with the rest skipped. */
  function settle(run: ScenarioRunRow, i: number, now: number, outcome: Partial<StepResult>): ScenarioRunRow {
    const next: ScenarioRunRow = { ...run, results: [...run.results] }
    next.results[i] = { ...run.results[i]!, firedAt: now, ...outcome }
    if (outcome.status === 'failed') {
      next.status = 'failed'
      next.nextStepAt = null
      next.finishedAt = now
      for (let k = i + 1; k < next.results.length; k++) next.results[k] = { ...next.results[k]!, status: 'skipped' }
    } else if (i + 1 < run.steps.length) {
      next.nextStep = i + 1
      next.nextStepAt = now + (run.steps[i + 1]!.delaySeconds ?? 0) * 1000
      next.results[i + 1] = { ...next.results[i + 1]!, dueAt: next.nextStepAt }
    } else {
      next.status = 'completed'
      next.nextStepAt = null
      next.finishedAt = now
    }
    return next
  }

  /** Fires the due steps of a run, one transaction per step (firing it and recording it). */
  function advance(run: ScenarioRunRow, now: number): ScenarioRunRow {
    while (run.status === 'running' && run.nextStepAt !== null && run.nextStepAt <= now) {
      const i = run.nextStep
      let next: ScenarioRunRow
      try {
        next = ctx.db.transaction(() => {
          const settled = settle(run, i, now, fireStep(run, i))
          repos.schedules.updateRun(settled)
          return settled
        })()
      } catch (err) {
        // Not the step's own problem (a bug, the disk): its writes rolled back. The run fails
        // here rather than staying due, so it is not retried forever and the runs behind it go on.
        log.error({ err, runId: run.id, step: i }, 'scenario step could not fire')
        next = settle(run, i, now, { status: 'failed', error: `Step ${i} could not fire: ${(err as Error).message}. Nothing of it was sent; see engine.log.` })
        repos.schedules.updateRun(next)
      }
      if (next.status === 'failed') log.warn({ runId: run.id, step: i, error: next.results[i]!.error }, 'scenario step failed')
      ctx.events.emit('scenario.run.updated', runToApi(next))
      run = next
    }
    return run
  }

  const source: TickSource = {
    runDue(now) {
      // One run that cannot be recorded (the disk) must not stop the others.
      for (const r of repos.schedules.dueRuns(now)) {
        try {
          advance(r, now)
        } catch (err) {
          log.error({ err, runId: r.id }, 'scenario run could not advance')
        }
      }
    },
    nextDue: () => repos.schedules.nextRunDue(),
  }

  return {
    source,
    list: (): Scenario[] => repos.schedules.scenarios().map(toApi),
    get: (id: string): Scenario => toApi(require(id)),

    create(input: ScenarioInput): Scenario {
      check(input)
      const now = ctx.clock.now()
      const row: ScenarioRow = { id: newId('scn', now), name: input.name, description: input.description ?? '', profileId: input.profileId, steps: input.steps, createdAt: now, updatedAt: now }
      repos.schedules.insertScenario(row)
      const out = toApi(row)
      ctx.events.emit('scenario.created', out)
      return out
    },

    replace(id: string, input: ScenarioInput): Scenario {
      const current = require(id)
      check(input)
      const row: ScenarioRow = { ...current, name: input.name, description: input.description ?? '', profileId: input.profileId, steps: input.steps, updatedAt: ctx.clock.now() }
      repos.schedules.updateScenario(row)
      const out = toApi(row)
      ctx.events.emit('scenario.updated', out)
      return out
    },

    remove(id: string): void {
      require(id)
      repos.schedules.deleteScenario(id)
      ctx.events.emit('scenario.deleted', { id })
    },

    /** Starts a run: steps whose delay has passed fire at once (step 0 with no delay fires before this returns). */
    run(id: string): ScenarioRun {
      const s = require(id)
      check({ name: s.name, profileId: s.profileId, steps: s.steps })
      const now = ctx.clock.now()
      const first = now + (s.steps[0]!.delaySeconds ?? 0) * 1000
      const results: StepResult[] = s.steps.map((_, i) => ({ status: 'waiting', dueAt: i === 0 ? first : null, firedAt: null, eventId: null, deliveryIds: [], data: null, error: null }))
      let run: ScenarioRunRow = { id: newId('run', now), scenarioId: s.id, profileId: s.profileId, steps: s.steps, results, status: 'running', nextStep: 0, nextStepAt: first, startedAt: now, finishedAt: null }
      repos.schedules.insertRun(run)
      run = advance(run, now)
      deps.dispatcher.kick()
      return runToApi(run)
    },

    runs: (id: string, limit = 50): ScenarioRun[] => {
      require(id)
      return repos.schedules.runs(id, limit).map(runToApi)
    },

    getRun(runId: string): ScenarioRun {
      const r = repos.schedules.run(runId)
      if (!r) throw notFound('scenario run', runId)
      return runToApi(r)
    },

    cancelRun(runId: string): ScenarioRun {
      const r = repos.schedules.run(runId)
      if (!r) throw notFound('scenario run', runId)
      if (r.status !== 'running') return runToApi(r)
      const now = ctx.clock.now()
      const next: ScenarioRunRow = {
        ...r,
        status: 'cancelled',
        nextStepAt: null,
        finishedAt: now,
        results: r.results.map((res) => (res.status === 'waiting' ? { ...res, status: 'skipped' } : res)),
      }
      repos.schedules.updateRun(next)
      const out = runToApi(next)
      ctx.events.emit('scenario.run.updated', out)
      return out
    },
  }
}

export type Scenarios = ReturnType<typeof createScenarios>
