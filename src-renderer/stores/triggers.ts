import { createStore } from 'zustand/vanilla'
import type { EventInput, EventList, EventListItem, FiredEvent } from '../../src-shared/api/events'
import { API } from '../../src-shared/api/paths'
import type {
  Scenario,
  ScenarioInput,
  ScenarioList,
  ScenarioRun,
  ScenarioRunList,
  Schedule,
  ScheduleInput,
  ScheduleList,
  SchedulePatch,
} from '../../src-shared/api/triggers'
import type { ApiClient } from '../api/client'
import type { LiveFeed } from '../api/live'

export interface TriggersState {
  schedules: Schedule[]
  schedulesLoaded: boolean
  scenarios: Scenario[]
  scenariosLoaded: boolean
  /** Runs of each scenario opened so far, newest first. */
  runs: Record<string, ScenarioRun[]>
  /** Recently fired events, newest first (live). */
  recent: EventListItem[]
  recentLoaded: boolean
  error: string | null

  fire(input: EventInput): Promise<FiredEvent>
  loadRecent(): Promise<void>

  loadSchedules(): Promise<void>
  createSchedule(input: ScheduleInput): Promise<Schedule>
  updateSchedule(id: string, patch: SchedulePatch): Promise<Schedule>
  pauseSchedule(id: string): Promise<Schedule>
  resumeSchedule(id: string): Promise<Schedule>
  runSchedule(id: string): Promise<FiredEvent>
  deleteSchedule(id: string): Promise<void>

  loadScenarios(): Promise<void>
  createScenario(input: ScenarioInput): Promise<Scenario>
  updateScenario(id: string, input: ScenarioInput): Promise<Scenario>
  deleteScenario(id: string): Promise<void>
  runScenario(id: string): Promise<ScenarioRun>
  cancelRun(runId: string): Promise<ScenarioRun>
  loadRuns(scenarioId: string): Promise<void>
}

const RECENT = 50
const sched = (id: string, action = '') => `${API.schedules}/${encodeURIComponent(id)}${action}`
const scen = (id: string, action = '') => `${API.scenarios}/${encodeURIComponent(id)}${action}`

function upsertBy<T extends { id: string }>(list: T[], item: T, prepend = false): T[] {
  const i = list.findIndex((x) => x.id === item.id)
  if (i >= 0) return list.map((x) => (x.id === item.id ? item : x))
  return prepend ? [item, ...list] : [...list, item]
}

/** A run's new state into the scenario's runs list (when opened) and its `lastRun`. */
function mergeRun(state: Pick<TriggersState, 'runs' | 'scenarios'>, run: ScenarioRun): Pick<TriggersState, 'runs' | 'scenarios'> {
  const list = state.runs[run.scenarioId]
  return {
    runs: list ? { ...state.runs, [run.scenarioId]: upsertBy(list, run, true) } : state.runs,
    scenarios: state.scenarios.map((x) =>
      x.id === run.scenarioId && (!x.lastRun || x.lastRun.id === run.id || x.lastRun.startedAt <= run.startedAt) ? { ...x, lastRun: run } : x,
    ),
  }
}

/** Ways to fire events besides the API: by hand, schedules and scenarios (and what was fired). */
export function createTriggersStore(api: ApiClient, live: LiveFeed) {
  const store = createStore<TriggersState>((set, get) => {
    const putSchedule = (s: Schedule) => {
      set({ schedules: upsertBy(get().schedules, s) })
      return s
    }
    const putScenario = (s: Scenario) => {
      set({ scenarios: upsertBy(get().scenarios, s) })
      return s
    }
    const putRun = (run: ScenarioRun) => {
      set(mergeRun(get(), run))
      return run
    }
    return {
      schedules: [],
      schedulesLoaded: false,
      scenarios: [],
      scenariosLoaded: false,
      runs: {},
      recent: [],
      recentLoaded: false,
      error: null,

      fire: (input) => api.post<FiredEvent>(API.events, input),
      async loadRecent() {
        try {
          const list = await api.get<EventList>(API.events, { limit: RECENT })
          set({ recent: list.items, recentLoaded: true })
        } catch (err) {
          set({ error: (err as Error).message, recentLoaded: true })
        }
      },

      async loadSchedules() {
        try {
          const list = await api.get<ScheduleList>(API.schedules)
          set({ schedules: list.items, schedulesLoaded: true, error: null })
        } catch (err) {
          set({ error: (err as Error).message, schedulesLoaded: true })
        }
      },
      createSchedule: async (input) => putSchedule(await api.post<Schedule>(API.schedules, input)),
      updateSchedule: async (id, patch) => putSchedule(await api.patch<Schedule>(sched(id), patch)),
      pauseSchedule: async (id) => putSchedule(await api.post<Schedule>(sched(id, '/pause'))),
      resumeSchedule: async (id) => putSchedule(await api.post<Schedule>(sched(id, '/resume'))),
      runSchedule: (id) => api.post<FiredEvent>(sched(id, '/run')),
      async deleteSchedule(id) {
        await api.del(sched(id))
        set({ schedules: get().schedules.filter((s) => s.id !== id) })
      },

      async loadScenarios() {
        try {
          const list = await api.get<ScenarioList>(API.scenarios)
          set({ scenarios: list.items, scenariosLoaded: true, error: null })
        } catch (err) {
          set({ error: (err as Error).message, scenariosLoaded: true })
        }
      },
      createScenario: async (input) => putScenario(await api.post<Scenario>(API.scenarios, input)),
      updateScenario: async (id, input) => putScenario(await api.put<Scenario>(scen(id), input)),
      async deleteScenario(id) {
        await api.del(scen(id))
        set({ scenarios: get().scenarios.filter((s) => s.id !== id) })
      },
      runScenario: async (id) => putRun(await api.post<ScenarioRun>(scen(id, '/run'))),
      cancelRun: async (runId) => putRun(await api.post<ScenarioRun>(`${API.scenarioRuns}/${encodeURIComponent(runId)}/cancel`)),
      async loadRuns(scenarioId) {
        const list = await api.get<ScenarioRunList>(scen(scenarioId, '/runs'))
        set({ runs: { ...get().runs, [scenarioId]: list.items } })
      },
    }
  })

  let recentTimer: ReturnType<typeof setTimeout> | undefined
  const refreshRecent = () => {
    recentTimer ??= setTimeout(() => {
      recentTimer = undefined
      void store.getState().loadRecent()
    }, 500)
  }
  live.subscribe((batch) => {
    const s = store.getState()
    let { schedules, scenarios, recent } = s
    const runs: ScenarioRun[] = []
    for (const e of batch) {
      switch (e.topic) {
        case 'schedule.created':
        case 'schedule.updated':
          schedules = upsertBy(schedules, e.data as Schedule)
          break
        case 'schedule.deleted':
          schedules = schedules.filter((x) => x.id !== (e.data as { id: string }).id)
          break
        case 'scenario.created':
        case 'scenario.updated':
          scenarios = upsertBy(scenarios, e.data as Scenario)
          break
        case 'scenario.deleted':
          scenarios = scenarios.filter((x) => x.id !== (e.data as { id: string }).id)
          break
        case 'scenario.run.updated':
          runs.push(e.data as ScenarioRun)
          break
        case 'delivery.updated': {
          // A delivery of a listed event changed: refresh the counts (coalesced).
          const { eventId } = e.data as { eventId: string }
          if (s.recentLoaded && recent.some((r) => r.id === eventId)) refreshRecent()
          break
        }
        case 'event.created': {
          if (!s.recentLoaded) break
          const { event, deliveries } = e.data as FiredEvent
          const count = (st: string) => deliveries.filter((d) => d.status === st).length
          const item: EventListItem = {
            id: event.id,
            type: event.type,
            profileId: event.profileId,
            source: event.source,
            sourceId: event.sourceId,
            createdAt: event.createdAt,
            deliveries: { total: deliveries.length, pending: count('pending'), succeeded: count('succeeded'), failed: count('failed'), held: count('held') },
          }
          recent = upsertBy(recent, item, true).slice(0, RECENT)
          break
        }
      }
    }
    store.setState({ schedules, scenarios, recent })
    for (const run of runs) store.setState(mergeRun(store.getState(), run))
  })
  return store
}
export type TriggersStore = ReturnType<typeof createTriggersStore>
