import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { Schedule } from '../../../src-shared/api/triggers'
import { scheduleTiming } from '../../../src-shared/durations'
import { defaultScheduleName } from '../../../src-shared/schedule-names'
import { useApp, useStoreOf } from '../../app-context'
import { Banner } from '../../components/banner'
import { ConfirmDialog } from '../../components/confirm-dialog'
import { Dialog, DialogActions } from '../../components/dialog'
import { EmptyState } from '../../components/empty-state'
import { Field } from '../../components/field'
import { JsonEditor, prettyJson } from '../../components/json-editor'
import { StatusPill } from '../../components/status-pill'
import { useAction, useEngineNow } from '../../hooks'
import { formatTime, relativeTime } from '../../lib/format'
import { href } from '../../router'
import { useFocusFieldError, useFormErrors } from '../sender-kit/form-errors'
import { countdown, formatSeconds } from '../sender-kit/format'
import { useDataValidation } from '../sender-kit/hooks'
import { EventTypeOptions, ProfileOptions } from './catalog-options'
import { draftOf, restartsTiming, toInput, toPatch, type ScheduleDraft } from './schedule-draft'
import { TargetsPicker } from './targets-picker'
import { useCatalog, useProfiles } from './use-catalog'

export const timing = scheduleTiming

/** Schedules: an event type fired every N seconds or on a cron expression; edit, pause, resume, run now. */
export function SchedulesView() {
  const { stores } = useApp()
  const schedules = useStoreOf(stores.triggers, (s) => s.schedules)
  const loaded = useStoreOf(stores.triggers, (s) => s.schedulesLoaded)
  const profiles = useProfiles()
  const [creating, setCreating] = useState(false)
  const [editingId, setEditingId] = useState<string | null>(null)
  // The schedule as the list has it now (its runs go on while the form is open).
  const editing = schedules.find((s) => s.id === editingId)
  const [deleting, setDeleting] = useState<Schedule | null>(null)
  const { error, run: act } = useAction()
  const now = useEngineNow(1000)
  useEffect(() => void stores.triggers.getState().loadSchedules(), [stores.triggers])
  const profileName = (id: string) => profiles.items.find((p) => p.id === id)?.name ?? id

  return (
    <div data-testid="schedules">
      <div className="toolbar">
        <span className="dim small">Each run fires the event type with fresh generated data (or the fixed data you set), on the engine’s clock.</span>
        <span className="spacer" />
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
          New schedule
        </button>
      </div>
      {error && <p className="error-banner">{error}</p>}
      {loaded && schedules.length === 0 ? (
        <EmptyState title="No schedules yet">
          <p>Fire an event type every N seconds or on a cron expression, e.g. an <code>invoice.overdue</code> every minute while you work on its handler.</p>
        </EmptyState>
      ) : (
        <table className="table dense" data-testid="schedule-list">
          <thead>
            <tr>
              <th>Schedule</th>
              <th>Event type</th>
              <th>Timing</th>
              <th>Data</th>
              <th>Status</th>
              <th>Next run</th>
              <th>Last run</th>
              <th className="num">Runs</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {schedules.map((s) => (
              <tr key={s.id} data-testid="schedule-row" data-schedule-id={s.id}>
                <td className="cell-main">{s.name}</td>
                <td>
                  <a className="mono small" href={href(`/events/catalog/${encodeURIComponent(s.profileId)}/${encodeURIComponent(s.type)}`)}>
                    {s.type}
                  </a>
                  <div className="cell-sub plain">{profileName(s.profileId)}</div>
                </td>
                <td className="small">{timing(s)}</td>
                <td className="small">{s.data == null ? <span className="dim">generated</span> : 'fixed'}</td>
                <td>
                  <StatusPill status={s.status} testId="schedule-status" />
                </td>
                <td className="small nowrap">{s.status === 'active' && s.nextRunAt ? <span title={formatTime(s.nextRunAt)}>{countdown(s.nextRunAt, now)}</span> : <span className="dim">—</span>}</td>
                <td className="small">
                  {s.lastRunAt ? (
                    <>
                      <span title={formatTime(s.lastRunAt)}>{relativeTime(s.lastRunAt, now)}</span>
                      {s.lastEventId && (
                        <>
                          {' · '}
                          <a href={href(`/deliveries?eventId=${encodeURIComponent(s.lastEventId)}`)}>deliveries</a>
                        </>
                      )}
                    </>
                  ) : (
                    <span className="dim">never</span>
                  )}
                  {s.lastError && <div className="result-err small">{s.lastError}</div>}
                </td>
                <td className="num">{s.runCount}</td>
                <td className="actions">
                  <button type="button" className="btn btn-small" onClick={() => act(() => stores.triggers.getState().runSchedule(s.id))}>
                    Run now
                  </button>
                  <button type="button" className="btn btn-small" aria-label={`Edit ${s.name}`} onClick={() => setEditingId(s.id)}>
                    Edit
                  </button>
                  {s.status === 'active' ? (
                    <button type="button" className="btn btn-small" onClick={() => act(() => stores.triggers.getState().pauseSchedule(s.id))}>
                      Pause
                    </button>
                  ) : (
                    <button type="button" className="btn btn-small" onClick={() => act(() => stores.triggers.getState().resumeSchedule(s.id))}>
                      Resume
                    </button>
                  )}
                  <button
                    type="button"
                    className="btn btn-small btn-danger"
                    aria-label={`Delete ${s.name}`}
                    onClick={() => setDeleting(s)}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {creating && <ScheduleDialog open onClose={() => setCreating(false)} />}
      {editing && <ScheduleDialog key={editing.id} open onClose={() => setEditingId(null)} schedule={editing} />}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.name ?? 'the schedule'}?`}
        confirmLabel="Delete schedule"
        danger
        onClose={() => setDeleting(null)}
        onConfirm={() => stores.triggers.getState().deleteSchedule(deleting!.id)}
      >
        <p>It fires no more. The events it fired and their deliveries stay.</p>
      </ConfirmDialog>
    </div>
  )
}

const FIELDS = ['name', 'profileId', 'type', 'everySeconds', 'cron', 'timezone', 'data', 'webhookIds', 'status'] as const
/** The form's names for the fields, for the engine's schema messages ("Every (seconds) must be 1 or more."). */
const LABELS = {
  name: 'Name',
  profileId: 'Profile',
  type: 'Event type',
  everySeconds: 'Every (seconds)',
  cron: 'Cron',
  timezone: 'Time zone',
  data: 'Schedule data',
  webhookIds: 'Deliver to',
  'webhookIds/*': 'Webhook {n}',
}
const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'

/**
 * Create a schedule, or edit one (`schedule`): an edit sends only what changed and keeps the
 * schedule active or paused as it is. Nothing is checked here that the engine checks (e.g. the
 * cron syntax): its message goes under the field it names, and a refused edit changes nothing.
 */
export function ScheduleDialog({ open, onClose, initial, schedule }: {
  open: boolean
  onClose: () => void
  initial?: { profileId: string; type: string }
  /** The schedule to edit; none: a new one. */
  schedule?: Schedule
}) {
  const { stores } = useApp()
  const profiles = useProfiles()
  const [draft, setDraft] = useState<ScheduleDraft>(() => draftOf(schedule, localZone(), initial))
  const pid = draft.profileId || profiles.items[0]?.id || ''
  const catalog = useCatalog(pid)
  const chosenType = draft.type || catalog.items[0]?.name || ''
  const resolved: ScheduleDraft = { ...draft, profileId: pid, type: chosenType }
  const { errors, fail, clear, field } = useFormErrors(FIELDS, LABELS)
  const { busy, run } = useAction(fail)
  const formRef = useRef<HTMLFormElement>(null)
  useFocusFieldError(formRef, errors.fields)
  const validation = useDataValidation(draft.fixed ? pid : null, draft.fixed ? chosenType : null, draft.data)
  const set = <K extends keyof ScheduleDraft>(key: K, value: ScheduleDraft[K], errorKey: string = key) => {
    setDraft((d) => ({ ...d, [key]: value }))
    clear(errorKey)
  }

  // Fixed data starts from a sample of the type; an edited schedule's own data stays until its type changes.
  const dataFor = useRef(schedule?.data != null ? `${schedule.profileId}\n${schedule.type}` : null)
  useEffect(() => {
    const key = `${pid}\n${chosenType}`
    if (!draft.fixed || !chosenType || dataFor.current === key) return
    let live = true
    void stores.eventTypes
      .getState()
      .sample(pid, chosenType)
      .then((s) => {
        if (!live) return
        dataFor.current = key
        setDraft((d) => ({ ...d, data: prettyJson(s.data) }))
      })
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [draft.fixed, pid, chosenType, stores.eventTypes])

  const patch = schedule ? toPatch(schedule, resolved) : null

  function submit(e: FormEvent) {
    e.preventDefault()
    clear()
    void run(async () => {
      if (!schedule) await stores.triggers.getState().createSchedule(toInput(resolved))
      else if (patch) await stores.triggers.getState().updateSchedule(schedule.id, patch)
      onClose()
    })
  }

  const every = Number(draft.every)
  const typeName = chosenType || 'event'
  const namePlaceholder =
    draft.mode === 'cron'
      ? defaultScheduleName({ type: typeName, cron: draft.cron, timezone: draft.zone })
      : draft.every.trim() && Number.isFinite(every)
        ? defaultScheduleName({ type: typeName, everySeconds: every })
        : `${typeName} every N s`
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={schedule ? `Edit ${schedule.name}` : 'New schedule'}
      wide
      testId="schedule-dialog"
      footer={
        <DialogActions
          onCancel={onClose}
          label={schedule ? 'Save changes' : 'Create schedule'}
          busyLabel="Saving…"
          busy={busy}
          disabled={!chosenType || (draft.fixed && !validation.parse.ok)}
          form="schedule-form"
        />
      }
    >
      <form id="schedule-form" ref={formRef} onSubmit={submit} noValidate>
        {errors.general && (
          <Banner tone="err" role="alert" testId="form-error" className="form-error">
            {errors.general}
          </Banner>
        )}
        <div className="form-grid">
          <Field label="Profile" htmlFor="sc-profile" error={field('profileId')}>
            <select
              id="sc-profile"
              value={pid}
              onChange={(e) => {
                setDraft((d) => ({ ...d, profileId: e.target.value, type: '', targets: null }))
                clear('profileId')
              }}
            >
              <ProfileOptions profiles={profiles.items} />
            </select>
          </Field>
          <Field label="Event type" htmlFor="sc-type" error={field('type')}>
            <select id="sc-type" value={chosenType} onChange={(e) => set('type', e.target.value)}>
              <EventTypeOptions groups={catalog.groups} />
            </select>
          </Field>
          <Field label="Name" htmlFor="sc-name" error={field('name')} hint="Empty: named after the event type and timing.">
            <input id="sc-name" value={draft.name} onChange={(e) => set('name', e.target.value)} placeholder={namePlaceholder} />
          </Field>
          <Field label="When">
            <div className="segmented" role="group" aria-label="Timing">
              <button type="button" aria-pressed={draft.mode === 'every'} onClick={() => set('mode', 'every', 'cron')}>
                Every N seconds
              </button>
              <button type="button" aria-pressed={draft.mode === 'cron'} onClick={() => set('mode', 'cron', 'everySeconds')}>
                Cron expression
              </button>
            </div>
          </Field>
          {draft.mode === 'every' ? (
            <Field label="Every (seconds)" htmlFor="sc-every" error={field('everySeconds')} hint={every > 0 ? `Fires every ${formatSeconds(every)}.` : undefined}>
              <input id="sc-every" inputMode="numeric" value={draft.every} onChange={(e) => set('every', e.target.value, 'everySeconds')} />
            </Field>
          ) : (
            <>
              <Field label="Cron" htmlFor="sc-cron" error={field('cron')} hint="5 fields (min hour day month weekday), or 6 with seconds first.">
                <input id="sc-cron" className="mono" value={draft.cron} onChange={(e) => set('cron', e.target.value)} />
              </Field>
              <Field label="Time zone" htmlFor="sc-zone" error={field('timezone')}>
                <input id="sc-zone" value={draft.zone} onChange={(e) => set('zone', e.target.value, 'timezone')} />
              </Field>
            </>
          )}
          {schedule && (
            <div className="span-2">
              <TimingNote schedule={schedule} restarts={restartsTiming(patch)} every={draft.mode === 'every' ? every : null} />
            </div>
          )}
        </div>
        <div className="form-section">
          <h3>Data</h3>
          <div className="segmented" role="group" aria-label="Data">
            <button type="button" aria-pressed={!draft.fixed} onClick={() => set('fixed', false, 'data')}>
              Fresh generated data each run
            </button>
            <button type="button" aria-pressed={draft.fixed} onClick={() => set('fixed', true, 'data')}>
              Fixed data
            </button>
          </div>
          {draft.fixed && (
            <div className={field('data') ? 'schedule-data field-error' : 'schedule-data'}>
              <JsonEditor
                label="Schedule data"
                value={draft.data}
                onChange={(v) => set('data', v)}
                minHeight="140px"
                maxHeight="260px"
                messages={validation.result && !validation.result.ok ? validation.result.errors : field('data') ? [{ path: '', message: field('data')! }] : undefined}
                status={validation.result?.ok ? { tone: 'ok', text: `Valid against the ${chosenType} schema` } : undefined}
              />
            </div>
          )}
        </div>
        <div className="form-section">
          <h3>Deliver to</h3>
          <div className={field('webhookIds') ? 'field-error' : undefined}>
            {pid && <TargetsPicker profileId={pid} type={chosenType} value={draft.targets} onChange={(v) => set('targets', v, 'webhookIds')} />}
            {field('webhookIds') && (
              <div className="field-message" role="alert">
                {field('webhookIds')}
              </div>
            )}
          </div>
          {!schedule && (
            <label className="check-row">
              <input type="checkbox" checked={draft.paused} onChange={(e) => set('paused', e.target.checked, 'status')} />
              <span>Create paused</span>
            </label>
          )}
        </div>
      </form>
    </Dialog>
  )
}

/**
 * What saving does to an edited schedule's timetable, as the engine does it: a new period, cron
 * expression or time zone starts it again from the save; any other edit keeps the next run. A
 * paused schedule stays paused (Resume starts its timetable from then).
 */
function TimingNote({ schedule, restarts, every }: { schedule: Schedule; restarts: boolean; every: number | null }) {
  const now = useEngineNow(1000)
  if (schedule.status === 'paused') {
    return (
      <Banner tone="muted" testId="schedule-timing-note">
        Paused, and it stays paused when you save. Resume starts its timetable from then: one period later, or at the cron expression’s next time.
      </Banner>
    )
  }
  const next = schedule.nextRunAt ? (
    <>
      {countdown(schedule.nextRunAt, now)} (<time dateTime={schedule.nextRunAt}>{formatTime(schedule.nextRunAt)}</time>)
    </>
  ) : (
    'not set'
  )
  return restarts ? (
    <Banner tone="warn" testId="schedule-timing-note">
      Saving a new timing restarts the schedule: its next run will be {every === null ? 'the cron expression’s next time after you save' : every > 0 ? `${formatSeconds(every)} after you save` : 'one period after you save'}, instead of {next}.
    </Banner>
  ) : (
    <Banner tone="muted" testId="schedule-timing-note">
      Active: the timetable stays as it is unless the timing changes. Next run {next}.
    </Banner>
  )
}
