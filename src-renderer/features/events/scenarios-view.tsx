import { useEffect, useState } from 'react'
import type { Scenario, ScenarioInput, ScenarioRun, ScenarioStep } from '../../../src-shared/api/triggers'
import { useApp, useStoreOf } from '../../app-context'
import { ConfirmDialog } from '../../components/confirm-dialog'
import { Dialog, DialogActions } from '../../components/dialog'
import { EmptyState } from '../../components/empty-state'
import { Field } from '../../components/field'
import { JsonEditor, parseJson, prettyJson } from '../../components/json-editor'
import { StatusPill } from '../../components/status-pill'
import { useAction, useEngineNow } from '../../hooks'
import { formatTime } from '../../lib/format'
import { href } from '../../router'
import { useFormErrors } from '../sender-kit/form-errors'
import { countdown, formatSeconds } from '../sender-kit/format'
import { EventTypeOptions, ProfileOptions } from './catalog-options'
import { useCatalog, useProfiles } from './use-catalog'

const brief = (data: unknown) => {
  if (data === undefined) return ''
  const s = JSON.stringify(data)
  return s.length > 90 ? `${s.slice(0, 88)}…` : s
}

/** Scenarios: ordered steps with delays, whose data may refer to earlier steps; run on demand. */
export function ScenariosView() {
  const { stores } = useApp()
  const scenarios = useStoreOf(stores.triggers, (s) => s.scenarios)
  const loaded = useStoreOf(stores.triggers, (s) => s.scenariosLoaded)
  const [editing, setEditing] = useState<Scenario | 'new' | null>(null)
  useEffect(() => void stores.triggers.getState().loadScenarios(), [stores.triggers])
  return (
    <div data-testid="scenarios">
      <div className="toolbar">
        <span className="dim small">
          A scenario replays a story: e.g. a deal created, then moved, then won — the same deal each time, by referring to the first step’s data ({'{{steps.0.data.id}}'}: steps count from 0).
        </span>
        <span className="spacer" />
        <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
          New scenario
        </button>
      </div>
      {loaded && scenarios.length === 0 ? (
        <EmptyState title="No scenarios yet">
          <p>
            Steps fire in order, each after its delay. A step’s data can use <code>{'{{steps.0.data.id}}'}</code> to reuse what an earlier step sent.
          </p>
        </EmptyState>
      ) : (
        <div className="stack">
          {scenarios.map((s) => (
            <ScenarioCard key={s.id} s={s} onEdit={() => setEditing(s)} />
          ))}
        </div>
      )}
      {editing && <ScenarioDialog open onClose={() => setEditing(null)} scenario={editing === 'new' ? undefined : editing} />}
    </div>
  )
}

function ScenarioCard({ s, onEdit }: { s: Scenario; onEdit: () => void }) {
  const { stores } = useApp()
  const profiles = useProfiles()
  const { error, run: act } = useAction()
  const [deleting, setDeleting] = useState(false)
  const now = useEngineNow(1000)
  const run: ScenarioRun | null = s.lastRun
  return (
    <section className="card" data-testid="scenario-card" data-scenario-id={s.id}>
      <header className="card-header">
        <div className="row">
          <strong>{s.name}</strong>
          <span className="small dim">
            {profiles.items.find((p) => p.id === s.profileId)?.name ?? s.profileId} · {s.steps.length} step{s.steps.length === 1 ? '' : 's'}
          </span>
          {run && <StatusPill status={run.status} testId="scenario-run-status" />}
          {run?.status === 'running' && run.nextStepAt && <span className="small dim">next step {countdown(run.nextStepAt, now)}</span>}
        </div>
        <div className="card-actions">
          {run?.status === 'running' ? (
            <button type="button" className="btn btn-small" onClick={() => act(() => stores.triggers.getState().cancelRun(run.id))}>
              Cancel run
            </button>
          ) : (
            <button type="button" className="btn btn-small btn-primary" onClick={() => act(() => stores.triggers.getState().runScenario(s.id))}>
              Run
            </button>
          )}
          <button type="button" className="btn btn-small" onClick={onEdit}>
            Edit
          </button>
          <button type="button" className="btn btn-small btn-danger" onClick={() => setDeleting(true)}>
            Delete
          </button>
        </div>
      </header>
      <div className="card-body flush">
        {s.description && <p className="small dim pad">{s.description}</p>}
        {error && <p className="error-banner">{error}</p>}
        <ol className="steps">
          {s.steps.map((step, i) => {
            const rs = run?.steps.find((x) => x.n === i)
            return (
              <li key={i} className="step" data-testid="scenario-step">
                <span className="step-n">{i}</span>
                <span className="step-delay small dim">{step.delaySeconds ? `+${formatSeconds(step.delaySeconds)}` : 'at once'}</span>
                <span className="mono small step-type">{step.type}</span>
                {step.name && <span className="chip">{step.name}</span>}
                <span className="mono small dim step-data" title={step.data === undefined ? '' : prettyJson(step.data)}>
                  {step.data === undefined ? 'generated data' : `${step.dataMode === 'replace' ? '' : 'generated + '}${brief(step.data)}`}
                </span>
                <span className="spacer" />
                {rs && (
                  <span className="row step-run">
                    <StatusPill status={rs.status} />
                    {rs.firedAt && <span className="small dim">{formatTime(rs.firedAt).slice(11)}</span>}
                    {rs.status === 'waiting' && rs.dueAt && <span className="small dim">{countdown(rs.dueAt, now)}</span>}
                    {rs.eventId && (
                      <a className="small" href={href(`/deliveries?eventId=${encodeURIComponent(rs.eventId)}`)}>
                        {rs.deliveryIds.length} deliver{rs.deliveryIds.length === 1 ? 'y' : 'ies'}
                      </a>
                    )}
                    {rs.error && <span className="small result-err">{rs.error}</span>}
                  </span>
                )}
              </li>
            )
          })}
        </ol>
      </div>
      <ConfirmDialog
        open={deleting}
        title={`Delete ${s.name}?`}
        confirmLabel="Delete scenario"
        danger
        onClose={() => setDeleting(false)}
        onConfirm={() => stores.triggers.getState().deleteScenario(s.id)}
      >
        <p>Its steps and its runs go. The events its runs fired and their deliveries stay.</p>
      </ConfirmDialog>
    </section>
  )
}

interface StepDraft {
  name: string
  type: string
  delay: string
  mode: 'merge' | 'replace'
  data: string
}

const toDraft = (s: ScenarioStep): StepDraft => ({
  name: s.name ?? '',
  type: s.type,
  delay: s.delaySeconds ? String(s.delaySeconds) : '0',
  mode: s.dataMode ?? 'merge',
  data: s.data === undefined ? '' : prettyJson(s.data),
})

const FIELDS = ['name', 'description', 'profileId', 'steps'] as const

/** Create or edit a scenario; the engine names a bad step (`/steps/2/type`) and the message goes under it. */
function ScenarioDialog({ open, onClose, scenario }: { open: boolean; onClose: () => void; scenario?: Scenario }) {
  const { stores } = useApp()
  const profiles = useProfiles()
  const [name, setName] = useState(scenario?.name ?? '')
  const [description, setDescription] = useState(scenario?.description ?? '')
  const [profileId, setProfileId] = useState(scenario?.profileId ?? '')
  const pid = profileId || profiles.items[0]?.id || ''
  const catalog = useCatalog(pid)
  const [steps, setSteps] = useState<StepDraft[]>(scenario?.steps.map(toDraft) ?? [])
  const { errors, fail, clear, field } = useFormErrors(FIELDS)
  const [stepError, setStepError] = useState<{ index: number; message: string } | null>(null)
  const { busy, run } = useAction((err) => {
    // the engine names a bad step by its pointer: the message goes under that step
    const f = (err as { field?: string }).field
    const m = f ? /^\/steps\/(\d+)/.exec(f) : null
    if (m) setStepError({ index: Number(m[1]), message: (err as Error).message })
    else fail(err)
  })
  useEffect(() => {
    if (!steps.length && catalog.items[0]) setSteps([{ name: '', type: catalog.items[0].name, delay: '0', mode: 'merge', data: '' }])
  }, [catalog.items, steps.length])

  const setStep = (i: number, patch: Partial<StepDraft>) => setSteps(steps.map((s, j) => (j === i ? { ...s, ...patch } : s)))
  const move = (i: number, d: -1 | 1) => {
    const next = [...steps]
    const [s] = next.splice(i, 1)
    next.splice(i + d, 0, s!)
    setSteps(next)
  }

  function save() {
    clear()
    setStepError(null)
    const out: ScenarioStep[] = []
    for (const [i, s] of steps.entries()) {
      const step: ScenarioStep = { type: s.type, delaySeconds: Number(s.delay || 0), dataMode: s.mode }
      if (s.name.trim()) step.name = s.name.trim()
      if (s.data.trim()) {
        const p = parseJson(s.data)
        if (!p.ok) {
          setStepError({ index: i, message: p.error })
          return
        }
        step.data = p.value
      }
      out.push(step)
    }
    const input: ScenarioInput = { name, profileId: pid, steps: out, ...(description.trim() ? { description } : {}) }
    void run(async () => {
      if (scenario) await stores.triggers.getState().updateScenario(scenario.id, input)
      else await stores.triggers.getState().createScenario(input)
      onClose()
    })
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={scenario ? `Edit ${scenario.name}` : 'New scenario'}
      wide
      testId="scenario-dialog"
      footer={<DialogActions onCancel={onClose} label={scenario ? 'Save scenario' : 'Create scenario'} busyLabel="Saving…" busy={busy} disabled={steps.length === 0} onConfirm={save} />}
    >
      {errors.general && <p className="error-banner" role="alert">{errors.general}</p>}
      <div className="form-grid">
        <Field label="Name" htmlFor="scn-name" error={field('name')}>
          <input id="scn-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Deal lifecycle" />
        </Field>
        <Field label="Profile" htmlFor="scn-profile" error={field('profileId')}>
          <select
            id="scn-profile"
            value={pid}
            onChange={(e) => {
              setProfileId(e.target.value)
              setSteps([])
            }}
          >
            <ProfileOptions profiles={profiles.items} />
          </select>
        </Field>
        <div className="span-2">
          <Field label="Description" htmlFor="scn-desc" error={field('description')}>
            <input id="scn-desc" value={description} onChange={(e) => setDescription(e.target.value)} placeholder="What this scenario rehearses" />
          </Field>
        </div>
      </div>
      <div className="form-section">
        <h3>Steps</h3>
        <p className="small dim no-margin-top">
          Data is laid over freshly generated data (<em>merge</em>) or sent as is (<em>replace</em>). Refer to an earlier step with{' '}
          <code>{'"{{steps.0.data.id}}"'}</code>, <code>{'{{steps.0.event.id}}'}</code> or a step’s name: <code>{'{{steps.created.data.id}}'}</code>.
        </p>
        {field('steps') && <div className="field-message">{field('steps')}</div>}
        <ol className="step-editor">
          {steps.map((s, i) => (
            <li key={i} className={stepError?.index === i ? 'step-edit invalid' : 'step-edit'} data-testid="step-editor">
              <div className="step-edit-head">
                <span className="step-n">{i}</span>
                <select className="input mono" aria-label={`Step ${i} event type`} value={s.type} onChange={(e) => setStep(i, { type: e.target.value })}>
                  <EventTypeOptions groups={catalog.groups} />
                </select>
                <input className="input step-name" aria-label={`Step ${i} name`} placeholder="name (optional)" value={s.name} onChange={(e) => setStep(i, { name: e.target.value })} />
                <label className="inline-fields small">
                  wait
                  <input className="input step-delay-input" aria-label={`Step ${i} delay in seconds`} inputMode="decimal" value={s.delay} onChange={(e) => setStep(i, { delay: e.target.value })} />s
                </label>
                <select className="input" aria-label={`Step ${i} data mode`} value={s.mode} onChange={(e) => setStep(i, { mode: e.target.value as StepDraft['mode'] })}>
                  <option value="merge">merge</option>
                  <option value="replace">replace</option>
                </select>
                <span className="spacer" />
                <button type="button" className="btn btn-small" aria-label={`Move step ${i} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                  ↑
                </button>
                <button type="button" className="btn btn-small" aria-label={`Move step ${i} down`} disabled={i === steps.length - 1} onClick={() => move(i, 1)}>
                  ↓
                </button>
                <button type="button" className="btn btn-small" aria-label={`Remove step ${i}`} onClick={() => setSteps(steps.filter((_, j) => j !== i))}>
                  ✕
                </button>
              </div>
              <JsonEditor
                label={`Step ${i} data`}
                value={s.data}
                onChange={(v) => setStep(i, { data: v })}
                minHeight="60px"
                maxHeight="200px"
                allowEmpty
                messages={stepError?.index === i ? [{ path: '', message: stepError.message }] : undefined}
                status={{ tone: 'muted', text: s.data.trim() ? (i > 0 ? 'Templates like {{steps.0.data.id}} are resolved when the step fires.' : 'JSON') : 'Empty: fresh generated data.' }}
              />
            </li>
          ))}
        </ol>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => setSteps([...steps, { name: '', type: steps.at(-1)?.type ?? catalog.items[0]?.name ?? '', delay: '5', mode: 'merge', data: '' }])}
        >
          + Step
        </button>
      </div>
    </Dialog>
  )
}
