import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react'
import type { Profile, ProviderProfileInput, ProviderProfilePatch } from '../../../src-shared/api/profiles'
import { ENVELOPE_PLACEHOLDERS, type EnvelopeTemplate } from '../../../src-shared/catalog'
import { SCHEME_OPTIONS, type SigningOptions, type SigningSchemeId } from '../../../src-shared/signing-schemes'
import { useApp } from '../../app-context'
import { Banner } from '../../components/banner'
import { Card } from '../../components/card'
import { Field } from '../../components/field'
import { JsonEditor, parseJson, prettyJson } from '../../components/json-editor'
import { PairRows } from '../../components/pair-rows'
import { SchemeOptions, SigningOptionInput } from '../../components/signing-fields'
import { SIGNING_OPTION_LABELS } from '../../lib/signing-options'
import { fieldLabel } from '../../lib/validation-message'
import { href, navigate } from '../../router'
import { useFormErrors } from '../sender-kit/form-errors'
import { retryScheduleText } from '../sender-kit/format'

/** A new profile starts as a plain one-header HMAC provider; most people clone a preset instead. */
export const BLANK_PROFILE: ProviderProfileInput = {
  name: '',
  description: '',
  scheme: 'hmac-sha256',
  signing: { headerName: 'X-Webhook-Signature', prefix: 'sha256=' },
  secret: { required: true, format: 'any', showOnce: false },
  envelope: { id: '{{event.id}}', type: '{{event.type}}', created_at: '{{timestamp.iso}}', data: '{{data}}' },
  headers: { eventType: 'X-Webhook-Event' },
  idPrefix: 'evt_',
  idFormat: 'alphanumeric',
  retrySchedule: [5, 30, 120],
  timeoutMs: 10_000,
  successRule: '2xx',
  disableAfter: 5,
  handshake: null,
  policy: { httpsOnly: false, blockPrivate: false },
  sourceIpRanges: [],
  dataValidation: 'reject',
}

/** This form has its own "Secret format" (how webhook secrets are generated), hence "Secret key bytes" here. */
const OPTION_LABELS: Record<keyof SigningOptions, string> = { ...SIGNING_OPTION_LABELS, idHeader: 'Id header', secretFormat: 'Secret key bytes' }

const FIELDS = [
  'id', 'name', 'description', 'scheme', 'signing', ...(Object.keys(OPTION_LABELS) as string[]).map((k) => `signing.${k}`),
  'secret', 'secret.required', 'secret.format', 'secret.showOnce', 'envelope', 'headers', 'headers.eventType', 'headers.timestamp',
  'headers.webhookId', 'headers.deliveryId', 'headers.userAgent', 'headers.extra', 'idPrefix', 'idFormat', 'retrySchedule', 'timeoutMs',
  'disableAfter', 'handshake', 'policy', 'policy.httpsOnly', 'policy.blockPrivate', 'policy.nameMaxLength', 'sourceIpRanges', 'dataValidation',
]

/** The form's names for the fields (by pointer path), for the engine's schema messages and the summary above the form. */
const LABELS: Record<string, string> = {
  id: 'Id',
  name: 'Name',
  description: 'Description',
  scheme: 'Scheme',
  ...Object.fromEntries(Object.entries(OPTION_LABELS).map(([k, v]) => [`signing/${k}`, v.replace(/ \(s\)$/, '')])),
  'secret/format': 'Secret format',
  envelope: 'Envelope',
  'headers/eventType': 'Event type header',
  'headers/timestamp': 'Timestamp header',
  'headers/webhookId': 'Webhook id header',
  'headers/deliveryId': 'Delivery id header',
  'headers/userAgent': 'User-Agent',
  'headers/extra': 'Constant headers',
  idPrefix: 'Event id prefix',
  idFormat: 'Event id format',
  retrySchedule: 'Retry schedule',
  'retrySchedule/*': 'Retry delay {n}',
  timeoutMs: 'Timeout',
  disableAfter: 'Disable after',
  dataValidation: 'Event data failing the schema',
  handshake: 'Verification handshake',
  'policy/nameMaxLength': 'Longest webhook name',
  sourceIpRanges: 'Source IP ranges',
  'sourceIpRanges/*': 'Source IP range {n}',
}

/** Where each field is on the page, to bring the first one with an error into view and focus it. */
const FIELD_TARGETS: Record<string, string> = {
  id: '#pf-id',
  name: '#pf-name',
  description: '#pf-desc',
  scheme: '#pf-scheme',
  ...Object.fromEntries(Object.keys(OPTION_LABELS).map((k) => [`signing.${k}`, `#pf-sig-${k}`])),
  'secret.format': '#pf-secret-format',
  envelope: '[data-testid="envelope-editor"] .cm-content',
  'headers.eventType': '#pf-h-event',
  'headers.timestamp': '#pf-h-ts',
  'headers.webhookId': '#pf-h-wh',
  'headers.deliveryId': '#pf-h-del',
  'headers.userAgent': '#pf-h-ua',
  'headers.extra': '.pf-extra input',
  idPrefix: '#pf-idprefix',
  idFormat: '#pf-idformat',
  retrySchedule: '#pf-retry',
  timeoutMs: '#pf-timeout',
  disableAfter: '#pf-disable',
  dataValidation: '#pf-dv',
  handshake: '#pf-hs-type',
  'policy.nameMaxLength': '#pf-namemax',
  sourceIpRanges: '#pf-ips',
}

/**
 * The retry schedule as typed ("5, 30, 120"): whole seconds, 0 or more. A word is refused with
 * its own message, never read as 0 (which would be an immediate extra retry).
 */
export function parseRetrySchedule(text: string): { ok: true; value: number[] } | { ok: false; error: string } {
  const tokens = text.split(/[\s,]+/).filter(Boolean)
  const value: number[] = []
  for (const [i, token] of tokens.entries()) {
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(token)) return { ok: false, error: `"${token}" is not a number of seconds. Write whole seconds separated by commas, e.g. 5, 30, 120.` }
    const n = Number(token)
    if (n < 0) return { ok: false, error: `Retry delay ${i + 1} must be 0 or more (it is ${token}).` }
    if (!Number.isInteger(n)) return { ok: false, error: `Retry delay ${i + 1} must be a whole number of seconds (it is ${token}).` }
    value.push(n)
  }
  return { ok: true, value }
}

/**
 * A whole number as typed in a numeric field. Text that is not one is refused with a sentence
 * naming the field, never read as NaN or 0; empty is null where the field allows it.
 */
export function parseWholeNumber(text: string, label: string, allowEmpty = false): { ok: true; value: number | null } | { ok: false; error: string } {
  const trimmed = text.trim()
  if (trimmed === '') return allowEmpty ? { ok: true, value: null } : { ok: false, error: `${label} is empty: write a whole number.` }
  if (!/^\d+$/.test(trimmed)) return { ok: false, error: `${label}: "${trimmed}" is not a whole number. Write digits only, e.g. 5000.` }
  return { ok: true, value: Number(trimmed) }
}

/** The numeric fields, as typed: their numbers are read on save (see parseWholeNumber). */
interface NumberTexts {
  timeoutMs: string
  disableAfter: string
  nameMaxLength: string
  toleranceSec: string
  expectStatus: string
}

interface Texts {
  envelope: string
  retry: string
  ips: string
  extra: [string, string][]
  handshakeEnvelope: string
  numbers: NumberTexts
}

const numberText = (n: number | null | undefined) => (n == null ? '' : String(n))

/** Create or edit a user profile: envelope, signing and its options, headers, retries, timeout, disable rule, policy. */
export function ProfileForm({ profile }: { profile?: Profile }) {
  const { stores } = useApp()
  const base: ProviderProfileInput = useMemo(() => {
    if (!profile) return BLANK_PROFILE
    const { builtIn: _b, signature: _s, eventTypeCount: _e, webhookCount: _w, clonedFrom: _c, createdAt: _ca, updatedAt: _ua, ...input } = profile
    return input
  }, [profile])
  const [p, setP] = useState<ProviderProfileInput>(base)
  const [t, setT] = useState<Texts>(() => ({
    envelope: prettyJson(base.envelope),
    retry: base.retrySchedule.join(', '),
    ips: base.sourceIpRanges.join('\n'),
    extra: Object.entries(base.headers.extra ?? {}),
    handshakeEnvelope: prettyJson(base.handshake?.envelope ?? { type: '{{event.type}}', id: '{{event.id}}' }),
    numbers: {
      timeoutMs: numberText(base.timeoutMs),
      disableAfter: numberText(base.disableAfter),
      nameMaxLength: numberText(base.policy.nameMaxLength),
      toleranceSec: numberText(base.signing.toleranceSec),
      expectStatus: numberText(base.handshake?.expectStatus ?? 200),
    },
  }))
  const setNumber = (key: keyof NumberTexts, text: string, errorKey: string) => {
    setT((prev) => ({ ...prev, numbers: { ...prev.numbers, [key]: text } }))
    clear(errorKey)
  }
  const [busy, setBusy] = useState(false)
  const { errors, fail, clear, reject, field } = useFormErrors(FIELDS, LABELS)
  const envelope = parseJson(t.envelope)
  const retry = parseRetrySchedule(t.retry)
  const formRef = useRef<HTMLFormElement>(null)
  // Bumped by each refused save: the first field with an error is brought into view and focused
  // (the Save button is at the top; the envelope is far below it).
  const [refusals, setRefusals] = useState(0)
  const firstError = FIELDS.find((k) => errors.fields[k])
  useEffect(() => {
    if (!refusals || !firstError) return
    const target = formRef.current?.querySelector<HTMLElement>(FIELD_TARGETS[firstError] ?? '')
    target?.scrollIntoView({ block: 'center' })
    target?.focus({ preventScroll: true })
    // only when a save was refused, not when the user fixes a field
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [refusals])
  const refuse = (err: unknown) => {
    fail(err)
    setRefusals((n) => n + 1)
  }

  const set = (patch: Partial<ProviderProfileInput>, errorKey?: string) => {
    setP((prev) => ({ ...prev, ...patch }))
    if (errorKey) clear(errorKey)
  }
  const setSigning = (k: keyof SigningOptions, v: string) => {
    const signing = { ...p.signing } as Record<string, unknown>
    if (v === '') delete signing[k]
    else signing[k] = v
    set({ signing: signing as SigningOptions }, `signing.${k}`)
  }
  const setHeaders = (patch: Partial<ProviderProfileInput['headers']>, key: string) => {
    const headers = { ...p.headers, ...patch } as Record<string, unknown>
    for (const k of Object.keys(headers)) if (headers[k] === '' || headers[k] === undefined) delete headers[k]
    set({ headers: headers as ProviderProfileInput['headers'] }, `headers.${key}`)
  }

  function build(): ProviderProfileInput | null {
    if (!retry.ok) {
      reject('retrySchedule', retry.error)
      setRefusals((n) => n + 1)
      return null
    }
    if (!envelope.ok) {
      refuse(new Error(`Envelope: ${envelope.error}`))
      return null
    }
    // The numeric fields, read as typed; a field the form does not show is never refused.
    const numberFields: Array<{ key: keyof NumberTexts; label: string; errorKey: string; allowEmpty: boolean; shown: boolean }> = [
      { key: 'timeoutMs', label: 'Timeout', errorKey: 'timeoutMs', allowEmpty: false, shown: true },
      { key: 'disableAfter', label: 'Disable after', errorKey: 'disableAfter', allowEmpty: true, shown: true },
      { key: 'nameMaxLength', label: 'Longest webhook name', errorKey: 'policy.nameMaxLength', allowEmpty: true, shown: true },
      { key: 'toleranceSec', label: OPTION_LABELS.toleranceSec, errorKey: 'signing.toleranceSec', allowEmpty: true, shown: options.includes('toleranceSec') },
      { key: 'expectStatus', label: 'Expected status', errorKey: 'handshake', allowEmpty: false, shown: p.handshake != null },
    ]
    const numbers = {} as Record<keyof NumberTexts, number | null>
    for (const f of numberFields) {
      if (!f.shown) continue
      const parsed = parseWholeNumber(t.numbers[f.key], f.label, f.allowEmpty)
      if (!parsed.ok) {
        reject(f.errorKey, parsed.error)
        setRefusals((n) => n + 1)
        return null
      }
      numbers[f.key] = parsed.value
    }
    const signing = { ...p.signing }
    if (options.includes('toleranceSec')) {
      if (numbers.toleranceSec === null) delete signing.toleranceSec
      else signing.toleranceSec = numbers.toleranceSec
    }
    const { nameMaxLength: _n, ...policy } = p.policy
    let handshake = p.handshake ? { ...p.handshake, expectStatus: numbers.expectStatus ?? 200 } : p.handshake
    if (handshake) {
      const he = parseJson(t.handshakeEnvelope)
      if (!he.ok) {
        refuse(new Error(`Handshake envelope: ${he.error}`))
        return null
      }
      handshake = { ...handshake, envelope: he.value as Record<string, unknown> }
    }
    const extra = Object.fromEntries(t.extra.filter(([k]) => k.trim()).map(([k, v]) => [k.trim(), v]))
    const headers = { ...p.headers }
    if (Object.keys(extra).length) headers.extra = extra
    else delete headers.extra
    return {
      ...p,
      signing,
      timeoutMs: numbers.timeoutMs!,
      disableAfter: numbers.disableAfter,
      policy: numbers.nameMaxLength === null ? policy : { ...policy, nameMaxLength: numbers.nameMaxLength },
      envelope: envelope.value as EnvelopeTemplate,
      retrySchedule: retry.value,
      sourceIpRanges: t.ips.split(/\s+/).filter(Boolean),
      headers,
      handshake,
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault()
    clear()
    const input = build()
    if (!input) return
    setBusy(true)
    try {
      let saved: Profile
      if (profile) {
        const patch: Record<string, unknown> = {}
        for (const [k, v] of Object.entries(input)) if (JSON.stringify(v) !== JSON.stringify((base as Record<string, unknown>)[k])) patch[k] = v
        delete patch.id
        saved = Object.keys(patch).length ? await stores.profiles.getState().update(profile.id, patch as ProviderProfilePatch) : profile
      } else {
        const { id, ...rest } = input
        saved = await stores.profiles.getState().create(id?.trim() ? { id: id.trim(), ...rest } : rest)
      }
      navigate(`/profiles/${encodeURIComponent(saved.id)}`)
    } catch (err) {
      refuse(err)
    } finally {
      setBusy(false)
    }
  }

  const options = SCHEME_OPTIONS[p.scheme]
  return (
    <form ref={formRef} className="profile-form" onSubmit={submit} noValidate data-testid="profile-form">
      <div className="detail-head">
        <div>
          <h2 className="profile-name">{profile ? `Edit ${profile.name}` : 'New profile'}</h2>
          <div className="small dim">{profile ? <span className="mono">{profile.id}</span> : 'A webhook style of your own. Cloning a preset is usually quicker.'}</div>
        </div>
        <div className="screen-actions">
          <a className="btn" href={href(profile ? `/profiles/${encodeURIComponent(profile.id)}` : '/profiles')}>
            Cancel
          </a>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Saving…' : profile ? 'Save profile' : 'Create profile'}
          </button>
        </div>
      </div>
      {errors.general && (
        <Banner tone="err" role="alert" testId="form-error">
          {errors.general}
        </Banner>
      )}
      {firstError && (
        <Banner
          tone="err"
          role="alert"
          testId="form-error-summary"
          title={`Not saved: ${fieldLabel(firstError.replace(/\./g, '/'), LABELS)} needs a fix`}
          actions={
            <button
              type="button"
              className="btn btn-small"
              onClick={() => {
                const target = formRef.current?.querySelector<HTMLElement>(FIELD_TARGETS[firstError] ?? '')
                target?.scrollIntoView({ block: 'center' })
                target?.focus({ preventScroll: true })
              }}
            >
              Show the field
            </button>
          }
        >
          {errors.fields[firstError]}
        </Banner>
      )}

      <div className="profile-form-grid">
        <Card title="General" className="span-all">
          <div className="form-grid general-grid">
            <Field label="Name" htmlFor="pf-name" error={field('name')}>
              <input id="pf-name" value={p.name} onChange={(e) => set({ name: e.target.value }, 'name')} />
            </Field>
            {!profile ? (
              <Field label="Id" htmlFor="pf-id" error={field('id')} hint="Empty: derived from the name.">
                <input id="pf-id" className="mono" value={p.id ?? ''} onChange={(e) => set({ id: e.target.value }, 'id')} placeholder="my-product" />
              </Field>
            ) : (
              <div />
            )}
            <div className="span-all">
              <Field label="Description" htmlFor="pf-desc" error={field('description')}>
                <textarea id="pf-desc" className="plain-textarea" rows={2} value={p.description} onChange={(e) => set({ description: e.target.value }, 'description')} />
              </Field>
            </div>
          </div>
        </Card>

        <Card title="Retries and disable">
          <Field label="Retry schedule (seconds after each failure)" htmlFor="pf-retry" error={field('retrySchedule') ?? (retry.ok ? null : retry.error)} hint={retry.ok ? `Each delivery is ${retryScheduleText(retry.value)}.` : undefined}>
            <input id="pf-retry" className="mono" value={t.retry} onChange={(e) => (setT({ ...t, retry: e.target.value }), clear('retrySchedule'))} placeholder="5, 30, 120" />
          </Field>
          <div className="form-grid">
            <Field label="Timeout (ms)" htmlFor="pf-timeout" error={field('timeoutMs')}>
              <input id="pf-timeout" inputMode="numeric" value={t.numbers.timeoutMs} onChange={(e) => setNumber('timeoutMs', e.target.value, 'timeoutMs')} />
            </Field>
            <Field label="Disable after (failed deliveries)" htmlFor="pf-disable" error={field('disableAfter')} hint="Empty: never disabled.">
              <input id="pf-disable" inputMode="numeric" value={t.numbers.disableAfter} onChange={(e) => setNumber('disableAfter', e.target.value, 'disableAfter')} />
            </Field>
            <Field label="Event data failing the schema" htmlFor="pf-dv" error={field('dataValidation')}>
              <select id="pf-dv" value={p.dataValidation} onChange={(e) => set({ dataValidation: e.target.value as 'reject' | 'warn' }, 'dataValidation')}>
                <option value="reject">Reject (400)</option>
                <option value="warn">Send with a warning</option>
              </select>
            </Field>
            <Field label="Success">
              <input value="any 2xx response" disabled />
            </Field>
          </div>
        </Card>

        <Card title="Signing">
          <div className="form-grid">
            <Field label="Scheme" htmlFor="pf-scheme" error={field('scheme')}>
              <select id="pf-scheme" value={p.scheme} onChange={(e) => set({ scheme: e.target.value as SigningSchemeId }, 'scheme')}>
                <SchemeOptions />
              </select>
            </Field>
            {options.map((k) => (
              <Field key={k} label={OPTION_LABELS[k]} htmlFor={`pf-sig-${k}`} error={field(`signing.${k}`)}>
                {k === 'toleranceSec' ? (
                  <input id={`pf-sig-${k}`} className="mono" inputMode="numeric" value={t.numbers.toleranceSec} placeholder="scheme default" onChange={(e) => setNumber('toleranceSec', e.target.value, 'signing.toleranceSec')} />
                ) : (
                  <SigningOptionInput id={`pf-sig-${k}`} option={k} value={String(p.signing[k] ?? '')} onChange={(v) => setSigning(k, v)} defaultText="scheme default" />
                )}
              </Field>
            ))}
          </div>
          <div className="form-grid">
            <Field label="Secret format" htmlFor="pf-secret-format" error={field('secret.format')}>
              <select id="pf-secret-format" value={p.secret.format} onChange={(e) => set({ secret: { ...p.secret, format: e.target.value as 'any' | 'whsec' } }, 'secret.format')}>
                <option value="any">any string</option>
                <option value="whsec">whsec_… (generated)</option>
              </select>
            </Field>
            <div className="checks">
              <label className="check-row">
                <input type="checkbox" checked={p.secret.required} onChange={(e) => set({ secret: { ...p.secret, required: e.target.checked } }, 'secret.required')} />
                <span>Every webhook has a secret</span>
              </label>
              <label className="check-row">
                <input type="checkbox" checked={p.secret.showOnce} onChange={(e) => set({ secret: { ...p.secret, showOnce: e.target.checked } }, 'secret.showOnce')} />
                <span>Show the secret only once</span>
              </label>
            </div>
          </div>
        </Card>

        <Card title="Headers">
          <div className="form-grid">
            <Field label="Event type header" htmlFor="pf-h-event" error={field('headers.eventType')}>
              <input id="pf-h-event" className="mono" value={p.headers.eventType ?? ''} placeholder="none" onChange={(e) => setHeaders({ eventType: e.target.value }, 'eventType')} />
            </Field>
            <Field label="Timestamp header" htmlFor="pf-h-ts" error={field('headers.timestamp')}>
              <div className="inline-fields">
                <input
                  id="pf-h-ts"
                  className="input mono"
                  value={p.headers.timestamp?.name ?? ''}
                  placeholder="none"
                  onChange={(e) => setHeaders({ timestamp: e.target.value ? { name: e.target.value, format: p.headers.timestamp?.format ?? 'unix' } : undefined }, 'timestamp')}
                />
                <select
                  className="input"
                  aria-label="Timestamp format"
                  value={p.headers.timestamp?.format ?? 'unix'}
                  disabled={!p.headers.timestamp}
                  onChange={(e) => p.headers.timestamp && setHeaders({ timestamp: { ...p.headers.timestamp, format: e.target.value as 'unix' | 'iso' } }, 'timestamp')}
                >
                  <option value="unix">unix</option>
                  <option value="iso">ISO 8601</option>
                </select>
              </div>
            </Field>
            <Field label="Webhook id header" htmlFor="pf-h-wh" error={field('headers.webhookId')}>
              <input id="pf-h-wh" className="mono" value={p.headers.webhookId ?? ''} placeholder="none" onChange={(e) => setHeaders({ webhookId: e.target.value }, 'webhookId')} />
            </Field>
            <Field label="Delivery id header" htmlFor="pf-h-del" error={field('headers.deliveryId')}>
              <input id="pf-h-del" className="mono" value={p.headers.deliveryId ?? ''} placeholder="none" onChange={(e) => setHeaders({ deliveryId: e.target.value }, 'deliveryId')} />
            </Field>
            <div className="span-2">
              <Field label="User-Agent" htmlFor="pf-h-ua" error={field('headers.userAgent')}>
                <input id="pf-h-ua" className="mono" value={p.headers.userAgent ?? ''} placeholder="Hookbench default" onChange={(e) => setHeaders({ userAgent: e.target.value }, 'userAgent')} />
              </Field>
            </div>
          </div>
          <Field label="Constant headers" error={field('headers.extra')}>
            <div className="pf-extra">
              <PairRows value={t.extra} onChange={(extra) => (setT({ ...t, extra }), clear('headers.extra'))} noun="Constant header" />
            </div>
          </Field>
        </Card>

        <Card title="Envelope" className="span-all" bodyClassName="envelope-body">
          <div>
            <JsonEditor
              label="Envelope template"
              testId="envelope-editor"
              value={t.envelope}
              onChange={(v) => (setT({ ...t, envelope: v }), clear('envelope'))}
              minHeight="180px"
              maxHeight="320px"
              messages={field('envelope') ? [{ path: '', message: field('envelope')! }] : undefined}
              status={{ tone: 'muted', text: 'Must contain "{{data}}" exactly once; "{{data}}" alone sends the data as the body.' }}
            />
            <div className="form-grid envelope-ids">
              <Field label="Event id prefix" htmlFor="pf-idprefix" error={field('idPrefix')}>
                <input id="pf-idprefix" className="mono" value={p.idPrefix} onChange={(e) => set({ idPrefix: e.target.value }, 'idPrefix')} />
              </Field>
              <Field label="Event id format" htmlFor="pf-idformat" error={field('idFormat')}>
                <select id="pf-idformat" value={p.idFormat ?? 'alphanumeric'} onChange={(e) => set({ idFormat: e.target.value as 'alphanumeric' | 'uuid' }, 'idFormat')}>
                  <option value="alphanumeric">prefix + random letters and digits</option>
                  <option value="uuid">prefix + UUID v4</option>
                </select>
              </Field>
            </div>
          </div>
          <dl className="placeholders">
            {Object.entries(ENVELOPE_PLACEHOLDERS).map(([k, v]) => (
              <div key={k}>
                <dt>
                  <code>{k}</code>
                </dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </Card>

        <Card title="Policy">
          <label className="check-row">
            <input type="checkbox" checked={p.policy.httpsOnly} onChange={(e) => set({ policy: { ...p.policy, httpsOnly: e.target.checked } }, 'policy.httpsOnly')} />
            <span>
              HTTPS only<small>http:// URLs get a warning (each webhook can allow local testing).</small>
            </span>
          </label>
          <label className="check-row">
            <input type="checkbox" checked={p.policy.blockPrivate} onChange={(e) => set({ policy: { ...p.policy, blockPrivate: e.target.checked } }, 'policy.blockPrivate')} />
            <span>
              No private or loopback targets<small>Warns about 10.x, 192.168.x, 127.0.0.1, localhost…</small>
            </span>
          </label>
          <div className="form-grid">
            <Field label="Longest webhook name" htmlFor="pf-namemax" error={field('policy.nameMaxLength')}>
              <input
                id="pf-namemax"
                inputMode="numeric"
                value={t.numbers.nameMaxLength}
                placeholder="no limit"
                onChange={(e) => setNumber('nameMaxLength', e.target.value, 'policy.nameMaxLength')}
              />
            </Field>
            <Field label="Source IP ranges (CIDR, one per line)" htmlFor="pf-ips" error={field('sourceIpRanges')}>
              <textarea id="pf-ips" rows={2} value={t.ips} onChange={(e) => (setT({ ...t, ips: e.target.value }), clear('sourceIpRanges'))} />
            </Field>
          </div>
        </Card>

        <Card title="Verification handshake">
          <label className="check-row">
            <input
              type="checkbox"
              checked={!!p.handshake}
              onChange={(e) => set({ handshake: e.target.checked ? { eventType: 'endpoint.verify', expectStatus: 200, envelope: {} } : null }, 'handshake')}
            />
            <span>
              Send an event when a webhook is created<small>The endpoint must answer the expected status, or the webhook is not created.</small>
            </span>
          </label>
          {p.handshake && (
            <>
              <div className="form-grid">
                <Field label="Event type" htmlFor="pf-hs-type">
                  <input id="pf-hs-type" className="mono" value={p.handshake.eventType} onChange={(e) => set({ handshake: { ...p.handshake!, eventType: e.target.value } }, 'handshake')} />
                </Field>
                <Field label="Expected status" htmlFor="pf-hs-status">
                  <input id="pf-hs-status" inputMode="numeric" value={t.numbers.expectStatus} onChange={(e) => setNumber('expectStatus', e.target.value, 'handshake')} />
                </Field>
              </div>
              <JsonEditor label="Handshake body" value={t.handshakeEnvelope} onChange={(v) => (setT({ ...t, handshakeEnvelope: v }), clear('handshake'))} minHeight="80px" maxHeight="200px" />
            </>
          )}
          {field('handshake') && <div className="field-message">{field('handshake')}</div>}
        </Card>
      </div>
    </form>
  )
}
