import type { Schedule, ScheduleInput, SchedulePatch } from '../../../src-shared/api/triggers'
import { hasDefaultScheduleName } from '../../../src-shared/schedule-names'
import { parseJson, prettyJson } from '../../components/json-editor'

/**
 * The schedule form as typed. Numbers and the data stay text until they are sent, so the engine,
 * not the browser, says what is wrong with them. `profileId` and `type` empty: the first ones
 * offered (the form resolves them before `toInput` and `toPatch`).
 */
export interface ScheduleDraft {
  profileId: string
  type: string
  /** Empty: the engine names the schedule after its type and timing (and renames it along). */
  name: string
  mode: 'every' | 'cron'
  every: string
  cron: string
  zone: string
  /** Fixed data for every run (`data`, as JSON text); else fresh generated data each run. */
  fixed: boolean
  data: string
  /** Only these webhooks; null: every active webhook subscribed to the type. */
  targets: string[] | null
  /** Created paused (a new schedule only: an edit keeps the schedule's state). */
  paused: boolean
}

/** A blank draft (in `initial`'s profile and type when given) or the draft of an existing schedule. */
export function draftOf(s: Schedule | undefined, localZone: string, initial?: { profileId: string; type: string }): ScheduleDraft {
  if (!s) {
    return { profileId: initial?.profileId ?? '', type: initial?.type ?? '', name: '', mode: 'every', every: '60', cron: '*/5 * * * *', zone: localZone, fixed: false, data: '{}', targets: null, paused: false }
  }
  return {
    profileId: s.profileId,
    type: s.type,
    // The engine's name is shown as the empty field's placeholder: it follows the timing.
    name: hasDefaultScheduleName(s) ? '' : s.name,
    mode: s.cron !== null ? 'cron' : 'every',
    every: s.everySeconds !== null ? String(s.everySeconds) : '60',
    cron: s.cron ?? '*/5 * * * *',
    // An every-N schedule's zone is the engine's default, not one the user chose.
    zone: s.cron !== null ? s.timezone : localZone,
    fixed: s.data != null,
    data: s.data != null ? prettyJson(s.data) : '{}',
    targets: s.webhookIds,
    paused: s.status === 'paused',
  }
}

const dataOf = (d: ScheduleDraft) => {
  if (!d.fixed) return null
  const p = parseJson(d.data)
  return p.ok ? p.value : undefined
}
const sameTargets = (a: string[] | null, b: string[] | null) => (a === null || b === null ? a === b : JSON.stringify([...a].sort()) === JSON.stringify([...b].sort()))

/** `POST /api/schedules` of a new draft. */
export function toInput(d: ScheduleDraft): ScheduleInput {
  const input: ScheduleInput = { profileId: d.profileId, type: d.type }
  if (d.name.trim()) input.name = d.name.trim()
  if (d.mode === 'every') {
    if (d.every.trim() !== '') input.everySeconds = Number(d.every)
  } else {
    input.cron = d.cron
    input.timezone = d.zone
  }
  const data = dataOf(d)
  if (data !== null && data !== undefined) input.data = data
  if (d.targets) input.webhookIds = d.targets
  if (d.paused) input.status = 'paused'
  return input
}

/**
 * `PATCH /api/schedules/:id` of an edited draft: only what changed, never the status (Pause and
 * Resume are the list's). An emptied name asks the engine for its own (null); an emptied period
 * is sent as null, so the engine says the schedule needs a timing. Null when nothing changed.
 */
export function toPatch(s: Schedule, d: ScheduleDraft): SchedulePatch | null {
  const patch: SchedulePatch = {}
  const name = d.name.trim()
  if (name !== (hasDefaultScheduleName(s) ? '' : s.name)) patch.name = name === '' ? null : name
  if (d.profileId !== s.profileId) patch.profileId = d.profileId
  if (d.type !== s.type) patch.type = d.type
  if (d.mode === 'every') {
    const every = d.every.trim() === '' ? null : Number(d.every)
    if (every !== s.everySeconds) patch.everySeconds = every
  } else {
    if (d.cron !== s.cron) patch.cron = d.cron
    if (d.zone !== s.timezone) patch.timezone = d.zone
  }
  const data = dataOf(d)
  if (data !== undefined && JSON.stringify(data) !== JSON.stringify(s.data ?? null)) patch.data = data
  if (!sameTargets(d.targets, s.webhookIds)) patch.webhookIds = d.targets
  return Object.keys(patch).length ? patch : null
}

/** Whether saving `patch` starts the schedule's timetable again (the engine does for a new period, cron or zone). */
export const restartsTiming = (patch: SchedulePatch | null): boolean => patch !== null && (patch.everySeconds !== undefined || patch.cron !== undefined || patch.timezone !== undefined)
