import { useEffect, useState } from 'react'
import type { Schedule, ScheduleInput } from '../../../src-shared/api/triggers'
import { scheduleTiming } from '../../../src-shared/durations'
import { useApp, useStoreOf } from '../../app-context'
import { ConfirmDialog } from '../../components/confirm-dialog'
import { Dialog, DialogActions } from '../../components/dialog'
import { EmptyState } from '../../components/empty-state'
import { Field } from '../../components/field'
import { JsonEditor, parseJson, prettyJson } from '../../components/json-editor'
import { StatusPill } from '../../components/status-pill'
import { useAction, useEngineNow } from '../../hooks'
import { formatTime, relativeTime } from '../../lib/format'
import { href } from '../../router'
import { useFormErrors } from '../sender-kit/form-errors'
import { countdown, formatSeconds } from '../sender-kit/format'
import { useDataValidation } from '../sender-kit/hooks'
import { EventTypeOptions, ProfileOptions } from './catalog-options'
import { TargetsPicker } from './targets-picker'
import { useCatalog, useProfiles } from './use-catalog'

export const timing = scheduleTiming

/** Schedules: an event type fired every N seconds or on a cron expression; pause, resume, run now. */
export function SchedulesView() {
  const { stores } = useApp()
  const schedules = useStoreOf(stores.triggers, (s) => s.schedules)
  const loaded = useStoreOf(stores.triggers, (s) => s.schedulesLoaded)
  const profiles = useProfiles()
  const [creating, setCreating] = useState(false)
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
const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'

/** Create a schedule. Nothing is checked here that the engine checks (e.g. the cron syntax). */
export function ScheduleDialog({ open, onClose, initial }: { open: boolean; onClose: () => void; initial?: { profileId: string; type: string } }) {
  const { stores } = useApp()
  const profiles = useProfiles()
  const [profileId, setProfileId] = useState(initial?.profileId ?? '')
  const pid = profileId || profiles.items[0]?.id || ''
  const catalog = useCatalog(pid)
  const [type, setType] = useState(initial?.type ?? '')
  const chosenType = type || catalog.items[0]?.name || ''
  const [name, setName] = useState('')
  const [mode, setMode] = useState<'every' | 'cron'>('every')
  const [every, setEvery] = useState('60')
  const [cron, setCron] = useState('*/5 * * * *')
  const [zone, setZone] = useState(localZone)
  const [fixed, setFixed] = useState(false)
  const [text, setText] = useState('{}')
  const [targets, setTargets] = useState<string[] | null>(null)
  const [paused, setPaused] = useState(false)
  const { errors, fail, clear, field } = useFormErrors(FIELDS)
  const { busy, run } = useAction(fail)
  const validation = useDataValidation(fixed ? pid : null, fixed ? chosenType : null, text)
  useEffect(() => {
    if (!fixed || !chosenType) return
    let live = true
    void stores.eventTypes
      .getState()
      .sample(pid, chosenType)
      .then((s) => live && setText(prettyJson(s.data)))
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [fixed, pid, chosenType, stores.eventTypes])

  function save() {
    clear()
    const input: ScheduleInput = { profileId: pid, type: chosenType }
    if (name.trim()) input.name = name.trim()
    if (mode === 'every') {
      if (every.trim() !== '') input.everySeconds = Number(every)
    } else {
      input.cron = cron
      input.timezone = zone
    }
    if (fixed) {
      const p = parseJson(text)
      if (p.ok) input.data = p.value
    }
    if (targets) input.webhookIds = targets
    if (paused) input.status = 'paused'
    void run(async () => {
      await stores.triggers.getState().createSchedule(input)
      onClose()
    })
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="New schedule"
      wide
      testId="schedule-dialog"
      footer={<DialogActions onCancel={onClose} label="Create schedule" busyLabel="Saving…" busy={busy} disabled={!chosenType || (fixed && !validation.parse.ok)} onConfirm={save} />}
    >
      {errors.general && <p className="error-banner" role="alert">{errors.general}</p>}
      <div className="form-grid">
        <Field label="Profile" htmlFor="sc-profile" error={field('profileId')}>
          <select
            id="sc-profile"
            value={pid}
            onChange={(e) => {
              setProfileId(e.target.value)
              setType('')
              setTargets(null)
            }}
          >
            <ProfileOptions profiles={profiles.items} />
          </select>
        </Field>
        <Field label="Event type" htmlFor="sc-type" error={field('type')}>
          <select id="sc-type" value={chosenType} onChange={(e) => setType(e.target.value)}>
            <EventTypeOptions groups={catalog.groups} />
          </select>
        </Field>
        <Field label="Name" htmlFor="sc-name" error={field('name')} hint="Empty: named after the event type and timing.">
          <input id="sc-name" value={name} onChange={(e) => setName(e.target.value)} placeholder={`${chosenType || 'event'} ${mode === 'every' ? (every.trim() && Number.isFinite(Number(every)) ? timing({ everySeconds: Number(every), cron: null, timezone: '' }) : 'every N s') : 'on cron'}`} />
        </Field>
        <Field label="When">
          <div className="segmented" role="group" aria-label="Timing">
            <button type="button" aria-pressed={mode === 'every'} onClick={() => setMode('every')}>
              Every N seconds
            </button>
            <button type="button" aria-pressed={mode === 'cron'} onClick={() => setMode('cron')}>
              Cron expression
            </button>
          </div>
        </Field>
        {mode === 'every' ? (
          <Field label="Every (seconds)" htmlFor="sc-every" error={field('everySeconds')} hint={Number(every) > 0 ? `Fires every ${formatSeconds(Number(every))}.` : undefined}>
            <input id="sc-every" inputMode="numeric" value={every} onChange={(e) => setEvery(e.target.value)} />
          </Field>
        ) : (
          <>
            <Field label="Cron" htmlFor="sc-cron" error={field('cron')} hint="5 fields (min hour day month weekday), or 6 with seconds first.">
              <input id="sc-cron" className="mono" value={cron} onChange={(e) => setCron(e.target.value)} />
            </Field>
            <Field label="Time zone" htmlFor="sc-zone" error={field('timezone')}>
              <input id="sc-zone" value={zone} onChange={(e) => setZone(e.target.value)} />
            </Field>
          </>
        )}
      </div>
      <div className="form-section">
        <h3>Data</h3>
        <div className="segmented" role="group" aria-label="Data">
          <button type="button" aria-pressed={!fixed} onClick={() => setFixed(false)}>
            Fresh generated data each run
          </button>
          <button type="button" aria-pressed={fixed} onClick={() => setFixed(true)}>
            Fixed data
          </button>
        </div>
        {fixed && (
          <div className="schedule-data">
            <JsonEditor
              label="Schedule data"
              value={text}
              onChange={setText}
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
        {pid && <TargetsPicker profileId={pid} type={chosenType} value={targets} onChange={setTargets} />}
        {field('webhookIds') && <div className="field-message">{field('webhookIds')}</div>}
        <label className="check-row">
          <input type="checkbox" checked={paused} onChange={(e) => setPaused(e.target.checked)} />
          <span>Create paused</span>
        </label>
      </div>
    </Dialog>
  )
}
