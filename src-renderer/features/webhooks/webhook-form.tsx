import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react'
import type { Webhook, WebhookCreated, WebhookInput, WebhookPatch } from '../../../src-shared/api/webhooks'
import { eventFilterProblem } from '../../../src-shared/event-filters'
import { useApp, useStoreOf } from '../../app-context'
import { Banner } from '../../components/banner'
import { Dialog, DialogActions } from '../../components/dialog'
import { Field } from '../../components/field'
import { PairRows } from '../../components/pair-rows'
import { useAction } from '../../hooks'
import { EMPTY_CATALOG } from '../../stores/event-types'
import { useFocusFieldError, useFormErrors } from '../sender-kit/form-errors'
import { retryScheduleText } from '../sender-kit/format'
import { predictWarnings } from '../sender-kit/policy'
import { ProfileOptions } from '../events/catalog-options'
import { EventsInput } from './events-input'

const FIELDS = ['name', 'url', 'profileId', 'events', 'secret', 'headers', 'allowLocal', 'status', 'rateLimitPerSecond', 'maxConcurrency', 'skipVerification'] as const

/** The form's names for the fields, for the engine's schema messages ("Rate limit must be more than 0."). */
const LABELS = {
  name: 'Name',
  url: 'URL',
  profileId: 'Profile',
  events: 'Events',
  'events/*': 'Event {n}',
  secret: 'Secret',
  headers: 'Custom headers',
  allowLocal: 'Allow for local testing',
  status: 'Status',
  rateLimitPerSecond: 'Rate limit',
  maxConcurrency: 'Max concurrent attempts',
  skipVerification: 'Skip the handshake',
}

interface Draft {
  name: string
  url: string
  profileId: string
  events: string[]
  secretMode: 'generate' | 'custom' | 'none'
  secret: string
  headers: [string, string][]
  allowLocal: boolean
  paused: boolean
  rateLimit: string
  maxConcurrency: string
  skipVerification: boolean
}

const fromWebhook = (w: Webhook): Draft => ({
  name: w.name,
  url: w.url,
  profileId: w.profileId,
  events: w.events,
  secretMode: 'generate',
  secret: '',
  headers: Object.entries(w.headers),
  allowLocal: w.allowLocal,
  paused: w.status === 'paused',
  rateLimit: w.rateLimitPerSecond == null ? '' : String(w.rateLimitPerSecond),
  maxConcurrency: String(w.maxConcurrency),
  skipVerification: false,
})

const blank = (profileId: string): Draft => ({
  name: '',
  url: '',
  profileId,
  events: ['*'],
  secretMode: 'generate',
  secret: '',
  headers: [],
  allowLocal: false,
  paused: false,
  rateLimit: '',
  maxConcurrency: '',
  skipVerification: false,
})

/** Numbers stay strings in the form so the engine, not the browser, says what is wrong with them. */
const num = (s: string) => (s.trim() === '' ? undefined : Number(s))

/**
 * Create or edit a webhook. The engine checks the input: its message goes next to the field it
 * names, and a refused webhook is not created. Only the subscribed events are checked here too,
 * as they are typed, against the profile's catalog (the engine answers one problem at a time;
 * this names every unknown event type at once, with the engine's words).
 */
export function WebhookFormDialog({ open, onClose, webhook, onSaved, initialProfileId }: {
  open: boolean
  onClose: () => void
  webhook?: Webhook
  onSaved: (w: WebhookCreated | Webhook) => void
  initialProfileId?: string
}) {
  const { stores } = useApp()
  const profiles = useStoreOf(stores.profiles, (s) => s.items)
  const [draft, setDraft] = useState<Draft>(() => (webhook ? fromWebhook(webhook) : blank(initialProfileId ?? '')))
  const { errors, fail, clear, reject, field } = useFormErrors(FIELDS, LABELS)
  const { busy: saving, run } = useAction(fail)
  const profile = profiles.find((p) => p.id === draft.profileId)
  const catalog = useStoreOf(stores.eventTypes, (s) => s.byProfile[draft.profileId] ?? EMPTY_CATALOG)
  /** Each subscription the profile's catalog does not have (once it is loaded), by its text. */
  const eventProblems = useMemo((): Record<string, string> => {
    // A catalog that failed to load says nothing about the events: the engine judges them.
    if (!catalog.loaded || catalog.error || !profile) return {}
    const names = catalog.items.map((t) => t.name)
    const problems: Record<string, string> = {}
    for (const f of draft.events) {
      const problem = eventFilterProblem(f, names, profile.name)
      if (problem) problems[f] = problem.message
    }
    return problems
  }, [catalog, profile, draft.events])
  const eventMessages = Object.values(eventProblems)
  // The engine checks the events whenever they are sent: changed, or with another profile.
  const eventsChanged = !webhook || JSON.stringify(draft.events) !== JSON.stringify(webhook.events)
  const eventsSent = eventsChanged || draft.profileId !== webhook?.profileId
  const blockingEvents = eventsSent ? eventMessages : []

  useEffect(() => {
    if (!open) return
    setDraft(webhook ? fromWebhook(webhook) : blank(initialProfileId ?? stores.profiles.getState().items[0]?.id ?? ''))
    clear()
  }, [open, webhook, initialProfileId, clear, stores.profiles])
  useEffect(() => {
    if (!draft.profileId && profiles[0]) setDraft((d) => ({ ...d, profileId: profiles[0]!.id }))
  }, [profiles, draft.profileId])
  useEffect(() => {
    if (draft.profileId) void stores.eventTypes.getState().load(draft.profileId)
  }, [draft.profileId, stores.eventTypes])

  // The field the engine refused gets the focus (else it stays on the submit button, or nowhere).
  const formRef = useRef<HTMLFormElement>(null)
  useFocusFieldError(formRef, errors.fields)

  const warnings = useMemo(() => predictWarnings(draft.url, profile), [draft.url, profile])
  const set = <K extends keyof Draft>(key: K, value: Draft[K], errorKey: string = key) => {
    setDraft((d) => ({ ...d, [key]: value }))
    clear(errorKey)
  }

  function submit(e: FormEvent) {
    e.preventDefault()
    clear()
    // Events the engine would refuse: the field takes the focus, nothing is sent.
    if (blockingEvents.length > 0) return reject('events', blockingEvents[0]!)
    const headers = Object.fromEntries(draft.headers.filter(([k]) => k.trim()).map(([k, v]) => [k.trim(), v]))
    void run(async () => {
      let saved: Webhook | WebhookCreated
      if (webhook) {
        const patch: WebhookPatch = {}
        if (draft.name !== webhook.name) patch.name = draft.name
        if (draft.url !== webhook.url) patch.url = draft.url
        if (draft.profileId !== webhook.profileId) patch.profileId = draft.profileId
        if (eventsChanged) patch.events = draft.events
        if (JSON.stringify(headers) !== JSON.stringify(webhook.headers)) patch.headers = headers
        if (draft.allowLocal !== webhook.allowLocal) patch.allowLocal = draft.allowLocal
        const rate = num(draft.rateLimit) ?? null
        if (rate !== webhook.rateLimitPerSecond) patch.rateLimitPerSecond = rate
        const conc = num(draft.maxConcurrency)
        if (conc !== undefined && conc !== webhook.maxConcurrency) patch.maxConcurrency = conc
        if (patch.url && draft.skipVerification) patch.skipVerification = true
        saved = Object.keys(patch).length ? await stores.webhooks.getState().update(webhook.id, patch) : webhook
      } else {
        const input: WebhookInput = { name: draft.name, url: draft.url, profileId: draft.profileId, events: draft.events }
        if (draft.secretMode === 'custom') input.secret = draft.secret
        if (draft.secretMode === 'none') input.secret = null
        if (Object.keys(headers).length) input.headers = headers
        if (draft.allowLocal) input.allowLocal = true
        if (draft.paused) input.status = 'paused'
        if (num(draft.rateLimit) !== undefined) input.rateLimitPerSecond = num(draft.rateLimit)!
        if (num(draft.maxConcurrency) !== undefined) input.maxConcurrency = num(draft.maxConcurrency)!
        if (draft.skipVerification) input.skipVerification = true
        saved = await stores.webhooks.getState().create(input)
      }
      onSaved(saved)
    })
  }

  const handshake = profile?.handshake
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={webhook ? `Edit ${webhook.name}` : 'New webhook'}
      wide
      testId="webhook-form"
      footer={<DialogActions onCancel={onClose} label={webhook ? 'Save changes' : 'Create webhook'} busyLabel="Saving…" busy={saving} form="webhook-form" />}
    >
      <form id="webhook-form" ref={formRef} onSubmit={submit} noValidate>
        {errors.general && (
          <Banner tone="err" role="alert" testId="form-error" className="form-error">
            {errors.general}
          </Banner>
        )}
        <div className="form-grid">
          <Field label="Name" htmlFor="wh-name" error={field('name')} hint={profile?.policy.nameMaxLength ? `Up to ${profile.policy.nameMaxLength} characters for ${profile.name}.` : undefined}>
            <input id="wh-name" value={draft.name} onChange={(e) => set('name', e.target.value)} placeholder="Staging app" autoFocus data-autofocus />
          </Field>
          <Field label="Profile" htmlFor="wh-profile" error={field('profileId')} hint={profile ? `${profile.signature.signatureHeader} · ${retryScheduleText(profile.retrySchedule)}` : undefined}>
            <select
              id="wh-profile"
              value={draft.profileId}
              onChange={(e) => {
                set('profileId', e.target.value)
                clear('events') // judged again against this profile's catalog
              }}
            >
              <ProfileOptions profiles={profiles} grouped />
            </select>
          </Field>
          <div className="span-2">
            <Field label="URL" htmlFor="wh-url" error={field('url')}>
              <input id="wh-url" className="mono" value={draft.url} onChange={(e) => set('url', e.target.value)} placeholder="https://staging.example.com/webhooks" spellCheck={false} />
            </Field>
            {(warnings.length > 0 || draft.allowLocal) && (
              <Banner tone={draft.allowLocal ? 'muted' : 'warn'} icon="⚠" className="policy-box" testId="policy-preview">
                {warnings.length > 0 ? (
                  <ul className="plain-list">
                    {warnings.map((w) => (
                      <li key={w.code}>{w.message}</li>
                    ))}
                  </ul>
                ) : (
                  <div>No policy warning for this URL.</div>
                )}
                <label className="check-row policy-check">
                  <input type="checkbox" checked={draft.allowLocal} onChange={(e) => set('allowLocal', e.target.checked)} />
                  <span>
                    Allow for local testing
                    <small>Hookbench delivers anyway; the warning stays on the webhook so you remember the real provider would refuse it.</small>
                  </span>
                </label>
              </Banner>
            )}
          </div>
          <div className="span-2">
            <Field
              label="Events"
              htmlFor="wh-events"
              error={blockingEvents.length > 0 ? <EventProblems messages={blockingEvents} /> : field('events')}
              hint={
                !eventsSent && eventMessages.length > 0 ? (
                  <>
                    Saved before the catalog changed, and kept as they are unless you edit them: <EventProblems messages={eventMessages} />
                  </>
                ) : undefined
              }
            >
              <EventsInput id="wh-events" value={draft.events} onChange={(v) => set('events', v)} catalog={catalog.items} invalid={blockingEvents.length > 0 || !!field('events')} problems={eventProblems} />
            </Field>
          </div>
        </div>

        {!webhook && (
          <div className="form-section">
            <h3>Signing secret</h3>
            <div className="segmented" role="group" aria-label="Secret">
              <button type="button" aria-pressed={draft.secretMode === 'generate'} onClick={() => set('secretMode', 'generate', 'secret')}>
                Generate
              </button>
              <button type="button" aria-pressed={draft.secretMode === 'custom'} onClick={() => set('secretMode', 'custom', 'secret')}>
                Enter my own
              </button>
              {!profile?.secret.required && (
                <button type="button" aria-pressed={draft.secretMode === 'none'} onClick={() => set('secretMode', 'none', 'secret')}>
                  No secret
                </button>
              )}
            </div>
            <div className="secret-mode-hint field-hint">
              {draft.secretMode === 'generate' &&
                (profile?.secret.format === 'whsec' ? 'A whsec_… secret is generated in the profile’s format.' : profile?.secret.required ? 'A random secret is generated.' : 'This profile’s secret is optional: without one, deliveries go unsigned.')}
              {draft.secretMode === 'none' && 'Deliveries will carry no signature header.'}
              {profile?.secret.showOnce && ` ${profile.name} shows the secret once: copy it right after creating the webhook.`}
            </div>
            {draft.secretMode === 'custom' && (
              <Field label="Secret" htmlFor="wh-secret" error={field('secret')}>
                <input id="wh-secret" className="mono" value={draft.secret} onChange={(e) => set('secret', e.target.value)} spellCheck={false} autoComplete="off" />
              </Field>
            )}
            {draft.secretMode !== 'custom' && field('secret') && <div className="field-message" role="alert">{field('secret')}</div>}
          </div>
        )}

        <div className="form-section">
          <h3>Delivery</h3>
          <Field label="Custom headers" error={field('headers')} hint="Sent with every delivery, e.g. an Authorization for a staging app.">
            <PairRows value={draft.headers} onChange={(headers) => set('headers', headers)} noun="Header" placeholders={['X-Env', 'staging']} />
          </Field>
          <div className="form-grid">
            <Field label="Rate limit (deliveries / s)" htmlFor="wh-rate" error={field('rateLimitPerSecond')} hint="Empty: no limit.">
              <input id="wh-rate" inputMode="decimal" value={draft.rateLimit} onChange={(e) => set('rateLimit', e.target.value, 'rateLimitPerSecond')} placeholder="no limit" />
            </Field>
            <Field label="Max concurrent attempts" htmlFor="wh-conc" error={field('maxConcurrency')}>
              <input id="wh-conc" inputMode="numeric" value={draft.maxConcurrency} onChange={(e) => set('maxConcurrency', e.target.value)} placeholder="engine default" />
            </Field>
          </div>
          {!webhook && (
            <label className="check-row">
              <input type="checkbox" checked={draft.paused} onChange={(e) => set('paused', e.target.checked, 'status')} />
              <span>
                Create paused
                <small>Events fired while it is paused are not sent to it (the fire result names it as skipped); name it in a fire's webhooks to hold one for it.</small>
              </span>
            </label>
          )}
          {handshake && (!webhook || draft.url !== webhook.url) && (
            <label className="check-row">
              <input type="checkbox" checked={draft.skipVerification} onChange={(e) => set('skipVerification', e.target.checked)} />
              <span>
                Skip the <code>{handshake.eventType}</code> handshake
                <small>
                  {profile?.name} sends it on {webhook ? 'a URL change' : 'creation'} and expects HTTP {handshake.expectStatus}; skip it for an endpoint not written yet.
                </small>
              </span>
            </label>
          )}
        </div>
      </form>
    </Dialog>
  )
}

/** One line per subscription the catalog does not have. */
function EventProblems({ messages }: { messages: string[] }) {
  if (messages.length === 1) return <>{messages[0]}</>
  return (
    <ul className="plain-list">
      {messages.map((m) => (
        <li key={m}>{m}</li>
      ))}
    </ul>
  )
}
