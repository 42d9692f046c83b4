import { useMemo, useState, type ReactNode } from 'react'
import { SLUG_RULE, type Inbox } from '../../../src-shared/api/inboxes'
import { SCHEME_OPTIONS, type SigningSchemeId } from '../../../src-shared/signing-schemes'
import { ApiError } from '../../api/client'
import { useApp } from '../../app-context'
import { Dialog, DialogActions } from '../../components/dialog'
import { Field } from '../../components/field'
import { SchemeOptions, SigningOptionInput } from '../../components/signing-fields'
import { formatTime } from '../../lib/format'
import { SIGNING_OPTION_LABELS } from '../../lib/signing-options'
import { plainErrorMessage } from '../../lib/validation-message'
import {
  buildInput,
  buildPatch,
  defaultForm,
  fieldOfPointer,
  formFromInbox,
  generatedSecret,
  type FormErrors,
  type InboxFormState,
  type OptionKey,
} from './inbox-form-model'
import { ProfileChoiceOptions, useProfileChoices } from './profile-choices'

type Section = 'general' | 'verification' | 'response' | 'forwarding' | 'access'

const SECTIONS: { key: Section; label: string }[] = [
  { key: 'general', label: 'General' },
  { key: 'verification', label: 'Verification' },
  { key: 'response', label: 'Response' },
  { key: 'forwarding', label: 'Forwarding' },
  { key: 'access', label: 'Allowlist & limits' },
]

const SECTION_OF: Partial<Record<keyof InboxFormState, Section>> = {
  name: 'general',
  slug: 'general',
  maxBodySize: 'access',
  retention: 'access',
  allowlistText: 'access',
  profileId: 'verification',
  scheme: 'verification',
  secrets: 'verification',
  options: 'verification',
  forwardText: 'forwarding',
  forwardTimeoutMs: 'forwarding',
  fromForward: 'forwarding',
}

/** Response fields are the rest. */
const sectionOf = (key: keyof InboxFormState): Section => SECTION_OF[key] ?? 'response'

/** The form's names for the API's fields (by pointer path), for the engine's schema messages. */
const LABELS = {
  name: 'Name',
  slug: 'Slug',
  'verification/profileId': 'Profile',
  'verification/scheme': 'Scheme',
  'verification/secrets': 'Secrets',
  'verification/secrets/*': 'Secret {n}',
  'verification/options': 'Options',
  'response/status': 'Status',
  'response/headers': 'Response headers',
  'response/body': 'Response body',
  'response/delayMs': 'Delay',
  'response/sequence': 'Sequence',
  'response/sequence/steps/*': 'Sequence step {n}',
  'response/failureRate': 'Failure rate',
  'response/failureStatus': 'Failure status',
  'response/seed': 'Seed',
  'response/hang': 'Hang',
  'response/fromForward': 'Answer with the first target’s response',
  forwardTo: 'Forward to',
  'forwardTo/*': 'Forward URL {n}',
  forwardTimeoutMs: 'Forward timeout',
  allowlist: 'IP allowlist',
  'allowlist/ranges/*': 'Allowlist range {n}',
  'limits/maxBodyBytes': 'Max body size',
  'limits/retention': 'Retention',
}

/**
 * Fields whose errors go with another field's: changing how the inbox verifies drops the errors of
 * the old way; turning off the response setting that overrides another drops the error it caused.
 */
const CLEARS_TOO: Partial<Record<keyof InboxFormState, (keyof InboxFormState)[]>> = {
  verifyMode: ['profileId', 'scheme', 'secrets', 'options'],
  profileId: ['options'],
  scheme: ['options'],
  sequenceRepeat: ['sequenceText', 'failureRatePct'],
  hang: ['sequenceText', 'failureRatePct'],
  fromForward: ['hang', 'sequenceText', 'failureRatePct'],
}

/** Create or edit an inbox: every setting of the API, in five sections. */
export function InboxFormDialog({ inbox, open, onClose, onSaved }: { inbox: Inbox | null; open: boolean; onClose: () => void; onSaved: (inbox: Inbox) => void }) {
  return (
    <Dialog open={open} title={inbox ? `Edit inbox ${inbox.name}` : 'New inbox'} onClose={onClose} wide testId="inbox-form">
      {open && <InboxForm inbox={inbox} onClose={onClose} onSaved={onSaved} />}
    </Dialog>
  )
}

function InboxForm({ inbox, onClose, onSaved }: { inbox: Inbox | null; onClose: () => void; onSaved: (inbox: Inbox) => void }) {
  const { stores } = useApp()
  const profiles = useProfileChoices()
  const [current, setCurrent] = useState(inbox)
  const [form, setForm] = useState<InboxFormState>(() => (inbox ? formFromInbox(inbox) : defaultForm()))
  const [errors, setErrors] = useState<FormErrors>({})
  const [banner, setBanner] = useState<string | null>(null)
  const [section, setSection] = useState<Section>('general')
  const [busy, setBusy] = useState(false)
  const set = <K extends keyof InboxFormState>(key: K, value: InboxFormState[K]) => {
    setForm((f) => ({ ...f, [key]: value }))
    // an error (the engine's or the form's) is about the value that was there: editing the field drops it
    const stale = [key, ...(CLEARS_TOO[key] ?? [])]
    setErrors((errs) => {
      if (!stale.some((k) => k in errs)) return errs
      const next = { ...errs }
      for (const k of stale) delete next[k]
      return next
    })
  }

  const profile = profiles.find((p) => p.id === form.profileId)
  const schemeOfProfile = profile?.scheme ?? (current?.verification?.profileId === form.profileId ? current.verification.scheme : null)
  const effectiveScheme: SigningSchemeId | null = form.verifyMode === 'scheme' ? form.scheme : form.verifyMode === 'profile' ? schemeOfProfile : null

  const fail = (errs: FormErrors) => {
    setErrors(errs)
    const first = (Object.keys(errs) as (keyof InboxFormState)[])[0]
    if (first) setSection(sectionOf(first))
  }

  const save = async () => {
    setBanner(null)
    try {
      setBusy(true)
      let saved: Inbox
      if (current) {
        const { patch, errors: errs } = buildPatch(form, current, schemeOfProfile)
        if (Object.keys(errs).length) return fail(errs)
        saved = Object.keys(patch).length ? await stores.inboxes.getState().update(current.id, patch) : current
      } else {
        const { input, errors: errs } = buildInput(form, { schemeOfProfile })
        if (Object.keys(errs).length) return fail(errs)
        saved = await stores.inboxes.getState().create(input)
      }
      onSaved(saved)
    } catch (err) {
      const e = err as ApiError
      const field = fieldOfPointer(e.field)
      const message = err instanceof ApiError ? plainErrorMessage(err, LABELS) : e.message
      if (field) fail({ [field]: message })
      else setBanner(message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form
      className="inbox-form"
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
      aria-label={current ? 'Edit inbox' : 'New inbox'}
    >
      <nav className="form-sections" aria-label="Inbox settings">
        {SECTIONS.map((s) => {
          const hasError = (Object.keys(errors) as (keyof InboxFormState)[]).some((k) => sectionOf(k) === s.key)
          return (
            <button key={s.key} type="button" className={section === s.key ? 'form-section-link active' : 'form-section-link'} aria-current={section === s.key ? 'step' : undefined} onClick={() => setSection(s.key)}>
              {s.label}
              {hasError && <span className="error-dot" aria-label="has errors" />}
            </button>
          )
        })}
      </nav>
      <div className="form-panel">
        {banner && (
          <p className="error-banner" role="alert">
            {banner}
          </p>
        )}
        {section === 'general' && (
          <>
            <Field label="Name" htmlFor="inbox-name" error={errors.name}>
              <input id="inbox-name" value={form.name} onChange={(e) => set('name', e.target.value)} autoFocus data-autofocus placeholder="e.g. Stripe staging" />
            </Field>
            <Field label="Slug" htmlFor="inbox-slug" error={errors.slug} hint={<>The URL path: {SLUG_RULE}. {current ? 'Changing it changes the URL senders use.' : 'Leave empty for a random one.'}</>}>
              <input id="inbox-slug" className="mono" value={form.slug} onChange={(e) => set('slug', e.target.value)} placeholder="random" spellCheck={false} />
            </Field>
          </>
        )}
        {section === 'verification' && (
          <VerificationSection
            form={form}
            set={set}
            errors={errors}
            profiles={profiles}
            effectiveScheme={effectiveScheme}
            inbox={current}
            onRotated={(updated) => {
              setCurrent(updated)
              setForm((f) => ({ ...f, secrets: formFromInbox(updated).secrets }))
            }}
          />
        )}
        {section === 'response' && <ResponseSection form={form} set={set} errors={errors} />}
        {section === 'forwarding' && (
          <>
            <Field label="Forward to" htmlFor="inbox-forward" error={errors.forwardText} hint="One http(s) URL per line, e.g. http://localhost:3000/webhooks. Each captured request is sent on with its method, path below the slug, query, headers (minus hop-by-hop) and exact body bytes.">
              <textarea id="inbox-forward" value={form.forwardText} onChange={(e) => set('forwardText', e.target.value)} rows={4} spellCheck={false} placeholder="http://localhost:3000/webhooks" />
            </Field>
            <Field label="Forward timeout (ms)" htmlFor="inbox-forward-timeout" error={errors.forwardTimeoutMs}>
              <input id="inbox-forward-timeout" type="number" min={100} max={300000} value={form.forwardTimeoutMs} onChange={(e) => set('forwardTimeoutMs', e.target.value)} />
            </Field>
            <CheckRow checked={form.fromForward} onChange={(v) => set('fromForward', v)} error={errors.fromForward}>
              Answer with the first target's response (502 when it cannot be reached)
            </CheckRow>
          </>
        )}
        {section === 'access' && (
          <>
            <Field
              label="IP allowlist"
              htmlFor="inbox-allowlist"
              error={errors.allowlistText}
              hint="CIDR ranges, one per line (IPv4 and IPv6). Every request records whether its source matches. Empty: no allowlist."
            >
              <textarea id="inbox-allowlist" className="mono" value={form.allowlistText} onChange={(e) => set('allowlistText', e.target.value)} rows={4} spellCheck={false} placeholder="192.0.2.0/24" />
            </Field>
            {form.verifyMode === 'profile' && profile && profile.sourceIpRanges.length > 0 && (
              <button type="button" className="btn btn-small form-inline-action" onClick={() => set('allowlistText', profile.sourceIpRanges.join('\n'))}>
                Use {profile.name}'s documented ranges ({profile.sourceIpRanges.length})
              </button>
            )}
            <label className="check-row">
              <input type="checkbox" checked={form.allowlistEnforce} onChange={(e) => set('allowlistEnforce', e.target.checked)} /> Enforce: answer 403 to sources outside the list (they are still captured and marked)
            </label>
            <div className="form-grid">
              <Field label="Max body size" htmlFor="inbox-max-body" error={errors.maxBodySize} hint="Up to 64 MiB, e.g. 10 MiB, 512 KiB, 1500 B. Larger bodies get 413 and nothing is stored.">
                <input id="inbox-max-body" type="text" value={form.maxBodySize} onChange={(e) => set('maxBodySize', e.target.value)} spellCheck={false} />
              </Field>
              <Field label="Retention (requests)" htmlFor="inbox-retention" error={errors.retention} hint="The newest N are kept; older ones are pruned in the background.">
                <input id="inbox-retention" type="number" min={1} max={1000000} value={form.retention} onChange={(e) => set('retention', e.target.value)} />
              </Field>
            </div>
          </>
        )}
      </div>
      <footer className="dialog-footer form-footer">
        <DialogActions
          hint={current && 'Only the sections you change are saved; a verification change re-analyses the stored requests.'}
          onCancel={onClose}
          label={current ? 'Save' : 'Create inbox'}
          busy={busy}
          form
        />
      </footer>
    </form>
  )
}

type SetField = <K extends keyof InboxFormState>(key: K, value: InboxFormState[K]) => void

function VerificationSection({ form, set, errors, profiles, effectiveScheme, inbox, onRotated }: {
  form: InboxFormState
  set: SetField
  errors: FormErrors
  profiles: ReturnType<typeof useProfileChoices>
  effectiveScheme: SigningSchemeId | null
  inbox: Inbox | null
  onRotated: (inbox: Inbox) => void
}) {
  const optionKeys: readonly OptionKey[] = effectiveScheme ? SCHEME_OPTIONS[effectiveScheme] : []
  const effective = inbox?.verification?.options as Record<string, unknown> | undefined
  const liveCount = inbox?.verification?.secrets.filter((s) => s.live).length ?? 0
  return (
    <>
      <div className="segmented verify-mode" role="radiogroup" aria-label="Verification">
        {(
          [
            ['none', 'None'],
            ['profile', 'Provider profile'],
            ['scheme', 'Signing scheme'],
          ] as const
        ).map(([k, label]) => (
          <button key={k} type="button" role="radio" aria-checked={form.verifyMode === k} className={form.verifyMode === k ? 'seg active' : 'seg'} onClick={() => set('verifyMode', k)}>
            {label}
          </button>
        ))}
      </div>
      {form.verifyMode === 'none' && <p className="muted">Requests are captured and analysed, but no signature is checked (verdict “not verified”).</p>}
      {form.verifyMode === 'profile' && (
        <Field label="Profile" htmlFor="inbox-profile" error={errors.profileId} hint="Verify exactly as this provider signs (scheme, header, prefix, tolerance).">
          <select id="inbox-profile" value={form.profileId} onChange={(e) => set('profileId', e.target.value)}>
            <ProfileChoiceOptions profiles={profiles} />
          </select>
        </Field>
      )}
      {form.verifyMode === 'scheme' && (
        <Field label="Scheme" htmlFor="inbox-scheme" error={errors.scheme}>
          <select id="inbox-scheme" value={form.scheme} onChange={(e) => set('scheme', e.target.value as SigningSchemeId)}>
            <SchemeOptions />
          </select>
        </Field>
      )}
      {form.verifyMode !== 'none' && (
        <>
          <h3 className="form-subtitle">Secrets</h3>
          <p className="field-hint">Tried newest first. During a rotation the previous secret stays accepted until it expires; an expired one is only used to say “signed with an expired secret”.</p>
          {errors.secrets && (
            <p className="field-message" role="alert">
              {errors.secrets}
            </p>
          )}
          <div className="secret-rows">
            {form.secrets.map((s, i) => {
              // An inbox's secrets expire in wall time (as the signatures they judge), not on the engine's clock.
              const expired = s.expiresAt && new Date(s.expiresAt).getTime() < Date.now()
              return (
                <div className="secret-row" key={i}>
                  <input className="mono" aria-label={`Secret ${i + 1}`} value={s.value} onChange={(e) => set('secrets', form.secrets.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))} spellCheck={false} />
                  <input aria-label={`Secret ${i + 1} label`} placeholder="label" value={s.label} onChange={(e) => set('secrets', form.secrets.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)))} />
                  <span className={expired ? 'secret-expiry expired' : 'secret-expiry'}>{s.expiresAt ? `${expired ? 'expired' : 'expires'} ${formatTime(s.expiresAt)}` : 'no expiry'}</span>
                  <button type="button" className="btn btn-small btn-danger" aria-label={`Remove secret ${i + 1}`} onClick={() => set('secrets', form.secrets.filter((_, j) => j !== i))}>
                    Remove
                  </button>
                </div>
              )
            })}
          </div>
          <div className="form-inline-actions">
            <button type="button" className="btn btn-small" onClick={() => set('secrets', [{ value: '', label: '', expiresAt: '' }, ...form.secrets])}>
              Add secret
            </button>
            <button type="button" className="btn btn-small" onClick={() => set('secrets', [{ value: generatedSecret(form, profiles.find((p) => p.id === form.profileId)), label: '', expiresAt: '' }, ...form.secrets])}>
              Add generated secret
            </button>
          </div>
          {inbox?.verification && <RotatePanel inbox={inbox} liveCount={liveCount} onRotated={onRotated} />}
          {optionKeys.length > 0 && (
            <>
              <h3 className="form-subtitle">Options {form.verifyMode === 'profile' && <span className="muted">(override the profile)</span>}</h3>
              {errors.options && (
                <p className="field-message" role="alert">
                  {errors.options}
                </p>
              )}
              <div className="form-grid">
                {optionKeys.map((key) => {
                  const inEffect = effective?.[key] !== undefined ? String(effective[key]) : null
                  return (
                    <Field key={key} label={SIGNING_OPTION_LABELS[key]} htmlFor={`inbox-opt-${key}`}>
                      <SigningOptionInput
                        id={`inbox-opt-${key}`}
                        option={key}
                        value={form.options[key] ?? ''}
                        onChange={(v) => set('options', { ...form.options, [key]: v })}
                        defaultText={inEffect === null ? 'default' : `default (${inEffect})`}
                        placeholder={inEffect ?? 'default'}
                      />
                    </Field>
                  )
                })}
              </div>
            </>
          )}
        </>
      )}
    </>
  )
}

/** Rotation goes straight to the API (it is not part of the form's save). */
function RotatePanel({ inbox, liveCount, onRotated }: { inbox: Inbox; liveCount: number; onRotated: (inbox: Inbox) => void }) {
  const { stores } = useApp()
  const [open, setOpen] = useState(false)
  const [secret, setSecret] = useState('')
  const [label, setLabel] = useState('')
  const [graceHours, setGraceHours] = useState('24')
  const [error, setError] = useState<string | null>(null)
  if (!open)
    return (
      <div className="rotate-panel">
        <button type="button" className="btn btn-small" onClick={() => setOpen(true)}>
          Rotate secret…
        </button>
        <span className="muted"> {liveCount} live {liveCount === 1 ? 'secret' : 'secrets'}</span>
      </div>
    )
  return (
    <fieldset className="rotate-panel open">
      <legend>Rotate the secret</legend>
      <div className="form-grid">
        <Field label="New secret" htmlFor="rotate-secret" hint="Empty: one is generated, in the shape the profile or scheme hands out.">
          <input id="rotate-secret" className="mono" value={secret} onChange={(e) => setSecret(e.target.value)} spellCheck={false} />
        </Field>
        <Field label="Label" htmlFor="rotate-label">
          <input id="rotate-label" value={label} onChange={(e) => setLabel(e.target.value)} placeholder={`rotated ${new Date().toISOString().slice(0, 10)}`} />
        </Field>
        <Field label="Keep the previous secrets for (hours)" htmlFor="rotate-grace" hint="0 drops them now.">
          <input id="rotate-grace" type="number" min={0} max={720} value={graceHours} onChange={(e) => setGraceHours(e.target.value)} />
        </Field>
      </div>
      {error && (
        <p className="field-message" role="alert">
          {error}
        </p>
      )}
      <div className="form-inline-actions">
        <button
          type="button"
          className="btn btn-small btn-primary"
          onClick={async () => {
            setError(null)
            try {
              const updated = await stores.inboxes.getState().rotateSecret(inbox.id, {
                ...(secret.trim() ? { secret: secret.trim() } : {}),
                ...(label.trim() ? { label: label.trim() } : {}),
                graceSec: Math.round(Number(graceHours || '0') * 3600),
              })
              onRotated(updated)
              setOpen(false)
              setSecret('')
              setLabel('')
            } catch (err) {
              setError((err as Error).message)
            }
          }}
        >
          Rotate now
        </button>
        <button type="button" className="btn btn-small" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </fieldset>
  )
}

function ResponseSection({ form, set, errors }: { form: InboxFormState; set: SetField; errors: FormErrors }) {
  const templateHint: ReactNode = useMemo(
    () => (
      <>
        Templates: <code>{'{{event.id}}'}</code> <code>{'{{event.type}}'}</code> <code>{'{{body.data.object.id}}'}</code> <code>{'{{header.x-request-id}}'}</code> <code>{'{{query.name}}'}</code>{' '}
        <code>{'{{method}}'}</code> <code>{'{{path}}'}</code> <code>{'{{request.id}}'}</code> <code>{'{{now}}'}</code>
      </>
    ),
    [],
  )
  return (
    <>
      <div className="form-grid">
        <Field label="Status" htmlFor="inbox-status" error={errors.status}>
          <input id="inbox-status" type="number" min={200} max={599} value={form.status} onChange={(e) => set('status', e.target.value)} />
        </Field>
        <Field label="Delay (ms)" htmlFor="inbox-delay" error={errors.delayMs}>
          <input id="inbox-delay" type="number" min={0} max={600000} value={form.delayMs} onChange={(e) => set('delayMs', e.target.value)} />
        </Field>
      </div>
      <Field label="Headers" htmlFor="inbox-resp-headers" error={errors.headersText} hint='One "Name: value" per line; values are templates too.'>
        <textarea id="inbox-resp-headers" value={form.headersText} onChange={(e) => set('headersText', e.target.value)} rows={2} spellCheck={false} />
      </Field>
      <Field label="Body" htmlFor="inbox-resp-body" error={errors.body} hint={templateHint}>
        <textarea id="inbox-resp-body" value={form.body} onChange={(e) => set('body', e.target.value)} rows={3} spellCheck={false} />
      </Field>
      <h3 className="form-subtitle">Rehearse failures</h3>
      <Field
        label="Sequence"
        htmlFor="inbox-sequence"
        error={errors.sequenceText}
        hint={<>Request n gets step n, then the base response. <code>500, 500, 200</code> fails twice then succeeds; <code>hang</code> never answers; <code>200/1500ms</code> answers after 1.5 s.</>}
      >
        <input id="inbox-sequence" className="mono" value={form.sequenceText} onChange={(e) => set('sequenceText', e.target.value)} placeholder="500, 500, 200" spellCheck={false} />
      </Field>
      <label className="check-row">
        <input type="checkbox" checked={form.sequenceRepeat} onChange={(e) => set('sequenceRepeat', e.target.checked)} disabled={!form.sequenceText.trim()} /> Repeat the sequence
      </label>
      <div className="form-grid form-grid-3">
        <Field label="Failure rate (%)" htmlFor="inbox-failure-rate" error={errors.failureRatePct}>
          <input id="inbox-failure-rate" type="number" min={0} max={100} step="any" value={form.failureRatePct} onChange={(e) => set('failureRatePct', e.target.value)} />
        </Field>
        <Field label="Failure status" htmlFor="inbox-failure-status" error={errors.failureStatus}>
          <input id="inbox-failure-status" type="number" min={200} max={599} value={form.failureStatus} onChange={(e) => set('failureStatus', e.target.value)} />
        </Field>
        <Field label="Seed" htmlFor="inbox-seed" error={errors.seed} hint="Same seed, same draws.">
          <input id="inbox-seed" type="number" min={0} value={form.seed} onChange={(e) => set('seed', e.target.value)} placeholder="random" />
        </Field>
      </div>
      <CheckRow checked={form.hang} onChange={(v) => set('hang', v)} error={errors.hang}>
        Hang: never answer, so the sender times out (the request is still captured)
      </CheckRow>
    </>
  )
}

/** A checkbox with its label, and the engine's message about it (a setting another one overrides). */
function CheckRow({ checked, onChange, error, children }: { checked: boolean; onChange: (checked: boolean) => void; error?: string; children: ReactNode }) {
  return (
    <>
      <label className="check-row">
        <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} /> {children}
      </label>
      {error && (
        <div className="field-message check-row-message" role="alert">
          {error}
        </div>
      )}
    </>
  )
}
