/**
 * The inbox form as plain data: built from an inbox (or defaults), turned back into the API's
 * InboxInput (create) or the smallest InboxPatch (edit). Pure, so it is unit tested without a
 * DOM. A PATCH carries only the sections that changed, because setting `response` again
 * restarts its sequence counter and setting `verification` re-analyses every stored request.
 */
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_RESPONSE_BODY,
  DEFAULT_RETENTION,
  MAX_MAX_BODY_BYTES,
  type Inbox,
  type InboxInput,
  type InboxPatch,
  type ResponseRules,
  type ResponseStep,
  type SecretInput,
  type VerificationInput,
} from '../../../src-shared/api/inboxes'
import { newSecret, whsecSecret, type ProfileSecretShape } from '../../../src-shared/secret-shape'
import { SCHEME_OPTIONS, type SigningOptions, type SigningSchemeId } from '../../../src-shared/signing-schemes'
import { SIGNING_OPTION_LABELS } from '../../lib/signing-options'

export type VerifyMode = 'none' | 'profile' | 'scheme'
export type OptionKey = keyof SigningOptions

export interface SecretRow {
  value: string
  label: string
  /** ISO instant or '' (no expiry). */
  expiresAt: string
}

export interface InboxFormState {
  name: string
  slug: string
  verifyMode: VerifyMode
  profileId: string
  scheme: SigningSchemeId
  /** Overrides of the scheme's options, as typed ('' = not overridden). */
  options: Partial<Record<OptionKey, string>>
  secrets: SecretRow[]
  status: string
  /** `Name: value` per line. */
  headersText: string
  body: string
  delayMs: string
  /** `500, 500, 200`; `hang`; `200/1500ms` (status after a delay). */
  sequenceText: string
  sequenceRepeat: boolean
  /** Percent, 0-100. */
  failureRatePct: string
  failureStatus: string
  seed: string
  hang: boolean
  fromForward: boolean
  /** One URL per line. */
  forwardText: string
  forwardTimeoutMs: string
  /** CIDRs, one per line (commas and spaces also separate). */
  allowlistText: string
  allowlistEnforce: boolean
  /** A size with its unit, `10 MiB`, `512 KiB`, `1049 B` (a bare number is MiB). */
  maxBodySize: string
  retention: string
}

export type FormErrors = Partial<Record<keyof InboxFormState, string>>

const KIB = 1024
const MIB = 1024 * 1024

/**
 * A byte count in the largest binary unit it is a whole number of (`10 MiB`, `1 KiB`, `1049 B`), so
 * the form shows a stored limit exactly and saves it back unchanged.
 */
export function formatByteSize(bytes: number): string {
  if (bytes >= MIB && bytes % MIB === 0) return `${bytes / MIB} MiB`
  if (bytes >= KIB && bytes % KIB === 0) return `${bytes / KIB} KiB`
  return `${bytes} B`
}

const UNIT_BYTES: Record<string, number> = { b: 1, byte: 1, bytes: 1, k: KIB, kb: KIB, kib: KIB, m: MIB, mb: MIB, mib: MIB }

/** `10 MiB`, `1.5 MiB`, `512 KiB`, `1049 B` (KB and MB count in 1024s too; a bare number is MiB) → whole bytes; NaN if not a size. */
export function parseByteSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)\s*$/i.exec(text)
  const unit = m ? UNIT_BYTES[(m[2] || 'mib').toLowerCase()] : undefined
  return m && unit ? Math.round(Number(m[1]) * unit) : NaN
}

/** What a new secret depends on, of a profile (see ProfileChoice). */
export interface SecretShapeOf {
  scheme: SigningSchemeId | null
  signing: SigningOptions
  secretShape: ProfileSecretShape
}

/**
 * A new secret in the shape the profile hands out (WorkFlows `whsec_` + hex, Standard Webhooks
 * `whsec_` + base64, any string elsewhere), as the engine makes one; `whsec_` + base64 while
 * the profile is unknown (every scheme accepts it).
 */
export function newSecretForProfile(profile: SecretShapeOf | undefined, overrides: SigningOptions = {}): string {
  return profile?.scheme ? newSecret(profile.scheme, { ...profile.signing, ...overrides }, profile.secretShape) : whsecSecret()
}

/** A new secret for the form's verification: its profile's shape, or its scheme's, with a secret format typed in the options. */
export function generatedSecret(f: InboxFormState, profile: SecretShapeOf | undefined): string {
  const format = f.options.secretFormat
  const typed: SigningOptions = format === 'whsec' || format === 'literal' ? { secretFormat: format } : {}
  return f.verifyMode === 'scheme' ? newSecret(f.scheme, typed) : newSecretForProfile(profile, typed)
}

export function defaultForm(): InboxFormState {
  return {
    name: '',
    slug: '',
    verifyMode: 'none',
    profileId: 'standard-webhooks',
    scheme: 'hmac-sha256',
    options: {},
    secrets: [],
    status: '200',
    headersText: 'content-type: application/json',
    body: DEFAULT_RESPONSE_BODY,
    delayMs: '0',
    sequenceText: '',
    sequenceRepeat: false,
    failureRatePct: '0',
    failureStatus: '500',
    seed: '',
    hang: false,
    fromForward: false,
    forwardText: '',
    forwardTimeoutMs: '10000',
    allowlistText: '',
    allowlistEnforce: false,
    maxBodySize: formatByteSize(DEFAULT_MAX_BODY_BYTES),
    retention: String(DEFAULT_RETENTION),
  }
}

const headersToText = (h: Record<string, string>) =>
  Object.entries(h)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n')

export function formatStep(s: { status: number; delayMs?: number; hang?: boolean }): string {
  if (s.hang) return 'hang'
  return s.delayMs ? `${s.status}/${s.delayMs}ms` : String(s.status)
}

export function formFromInbox(inbox: Inbox): InboxFormState {
  const v = inbox.verification
  const r = inbox.response
  const options: Partial<Record<OptionKey, string>> = {}
  for (const [k, val] of Object.entries(v?.overrides ?? {})) if (val !== undefined && val !== null) options[k as OptionKey] = String(val)
  return {
    name: inbox.name,
    slug: inbox.slug,
    verifyMode: !v ? 'none' : v.profileId ? 'profile' : 'scheme',
    profileId: v?.profileId ?? 'standard-webhooks',
    scheme: v?.scheme ?? 'hmac-sha256',
    options,
    secrets: (v?.secrets ?? []).map((s) => ({ value: s.value, label: s.label ?? '', expiresAt: s.expiresAt ?? '' })),
    status: String(r.status),
    headersText: headersToText(r.headers),
    body: r.body,
    delayMs: String(r.delayMs),
    sequenceText: r.sequence ? r.sequence.steps.map(formatStep).join(', ') : '',
    sequenceRepeat: r.sequence?.repeat ?? false,
    failureRatePct: String(Math.round(r.failureRate * 10000) / 100),
    failureStatus: String(r.failureStatus),
    seed: r.seed === null ? '' : String(r.seed),
    hang: r.hang,
    fromForward: r.fromForward,
    forwardText: inbox.forwardTo.join('\n'),
    forwardTimeoutMs: String(inbox.forwardTimeoutMs),
    allowlistText: inbox.allowlist?.cidrs.join('\n') ?? '',
    allowlistEnforce: inbox.allowlist?.enforce ?? false,
    maxBodySize: formatByteSize(inbox.limits.maxBodyBytes),
    retention: String(inbox.limits.retention),
  }
}

/** Parses `500, 500, 200` / `hang` / `200/1500ms`; the message says what is wrong. */
export function parseSequence(text: string): { steps: ResponseStep[] } | { error: string } {
  const tokens = text.split(/[,\s]+/).filter(Boolean)
  const steps: ResponseStep[] = []
  for (const t of tokens) {
    if (/^hang$/i.test(t)) {
      steps.push({ status: 200, hang: true })
      continue
    }
    const m = /^(\d{3})(?:\/(\d+)(ms|s)?)?$/i.exec(t)
    if (!m) return { error: `"${t}" is not a step: write a status (500), hang, or a status with a delay (200/1500ms).` }
    const status = Number(m[1])
    if (status < 200 || status > 599) return { error: `${status} is not a status an inbox can answer (200-599).` }
    const step: ResponseStep = { status }
    if (m[2]) step.delayMs = Number(m[2]) * (m[3]?.toLowerCase() === 's' ? 1000 : 1)
    steps.push(step)
  }
  return { steps }
}

const int = (s: string) => (/^\s*-?\d+\s*$/.test(s) ? Number(s) : NaN)

function parseHeaders(text: string, errors: FormErrors): Record<string, string> {
  const out: Record<string, string> = {}
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return
    const colon = line.indexOf(':')
    if (colon <= 0) {
      errors.headersText = `Line ${i + 1}: write "Name: value".`
      return
    }
    out[line.slice(0, colon).trim()] = line.slice(colon + 1).trim()
  })
  return out
}

function buildVerification(f: InboxFormState, scheme: SigningSchemeId | null, errors: FormErrors): VerificationInput | null {
  if (f.verifyMode === 'none') return null
  const secrets: SecretInput[] = f.secrets
    .filter((s) => s.value.trim())
    .map((s) => (s.label.trim() || s.expiresAt ? { value: s.value.trim(), ...(s.label.trim() ? { label: s.label.trim() } : {}), ...(s.expiresAt ? { expiresAt: s.expiresAt } : {}) } : s.value.trim()))
  const options: SigningOptions = {}
  const allowed = scheme ? SCHEME_OPTIONS[scheme] : (Object.keys(SIGNING_OPTION_LABELS) as OptionKey[])
  for (const key of allowed) {
    const raw = f.options[key]
    if (raw === undefined || raw === '') continue
    if (key === 'toleranceSec') {
      const n = int(raw)
      if (Number.isNaN(n) || n < 0) errors.options = 'Tolerance is a whole number of seconds (0 turns the check off).'
      else options.toleranceSec = n
    } else (options as Record<string, string>)[key] = raw
  }
  const v: VerificationInput = f.verifyMode === 'profile' ? { profileId: f.profileId, secrets } : { scheme: f.scheme, secrets }
  if (Object.keys(options).length) v.options = options
  return v
}

function buildResponse(f: InboxFormState, errors: FormErrors, original?: Inbox): ResponseRules {
  const status = int(f.status)
  if (Number.isNaN(status) || status < 200 || status > 599) errors.status = 'A status from 200 to 599.'
  const delayMs = int(f.delayMs || '0')
  if (Number.isNaN(delayMs) || delayMs < 0 || delayMs > 600_000) errors.delayMs = 'Milliseconds, 0 to 600000.'
  const r: ResponseRules = { status, headers: parseHeaders(f.headersText, errors), body: f.body, delayMs }
  if (f.sequenceText.trim()) {
    const seq = parseSequence(f.sequenceText)
    if ('error' in seq) errors.sequenceText = seq.error
    else {
      // Steps may carry headers or a body set through the API: keep them while the text is unchanged.
      const orig = original?.response.sequence
      const same = orig && orig.steps.map(formatStep).join(', ') === seq.steps.map(formatStep).join(', ')
      r.sequence = { steps: same ? orig.steps : seq.steps, repeat: f.sequenceRepeat }
    }
  }
  const pct = Number(f.failureRatePct || '0')
  if (Number.isNaN(pct) || pct < 0 || pct > 100) errors.failureRatePct = 'A percentage from 0 to 100.'
  else if (pct > 0) {
    r.failureRate = Math.round(pct * 100) / 10000
    const fs = int(f.failureStatus)
    if (Number.isNaN(fs) || fs < 200 || fs > 599) errors.failureStatus = 'A status from 200 to 599.'
    else r.failureStatus = fs
    if (f.seed.trim()) {
      const seed = int(f.seed)
      if (Number.isNaN(seed) || seed < 0 || seed > 4_294_967_295) errors.seed = 'A whole number from 0 to 4294967295, or empty for random draws.'
      else r.seed = seed
    }
  }
  if (f.hang) r.hang = true
  if (f.fromForward) r.fromForward = true
  return r
}

export interface BuiltInbox {
  input: InboxInput
  errors: FormErrors
}

/** The whole form as an InboxInput, with per-field errors (empty when valid). */
export function buildInput(f: InboxFormState, opts: { schemeOfProfile?: SigningSchemeId | null; original?: Inbox } = {}): BuiltInbox {
  const errors: FormErrors = {}
  if (!f.name.trim()) errors.name = 'Give the inbox a name.'
  const scheme = f.verifyMode === 'scheme' ? f.scheme : (opts.schemeOfProfile ?? null)
  const verification = buildVerification(f, scheme, errors)
  const response = buildResponse(f, errors, opts.original)
  const forwardTo = f.forwardText.split('\n').map((s) => s.trim()).filter(Boolean)
  const bad = forwardTo.find((u) => !/^https?:\/\/[^\s/]+/i.test(u))
  if (bad) errors.forwardText = `"${bad}" is not an http(s) URL.`
  const forwardTimeoutMs = int(f.forwardTimeoutMs)
  if (Number.isNaN(forwardTimeoutMs) || forwardTimeoutMs < 100 || forwardTimeoutMs > 300_000) errors.forwardTimeoutMs = 'Milliseconds, 100 to 300000.'
  const cidrs = f.allowlistText.split(/[\s,]+/).filter(Boolean)
  const maxBodyBytes = parseByteSize(f.maxBodySize)
  if (Number.isNaN(maxBodyBytes)) errors.maxBodySize = 'A size such as 10 MiB, 512 KiB or 1500 B.'
  else if (maxBodyBytes < 1 || maxBodyBytes > MAX_MAX_BODY_BYTES) errors.maxBodySize = 'From 1 B up to 64 MiB.'
  const retention = int(f.retention)
  if (Number.isNaN(retention) || retention < 1 || retention > 1_000_000) errors.retention = 'Keep 1 to 1000000 requests.'
  const input: InboxInput = {
    name: f.name.trim(),
    verification,
    response,
    forwardTo,
    forwardTimeoutMs,
    allowlist: cidrs.length ? { cidrs, enforce: f.allowlistEnforce } : null,
    limits: { maxBodyBytes, retention },
  }
  if (f.slug.trim()) input.slug = f.slug.trim()
  return { input, errors }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/** The sections of the form that differ from the inbox, as a PATCH body (empty: nothing changed). */
export function buildPatch(f: InboxFormState, inbox: Inbox, schemeOfProfile?: SigningSchemeId | null): { patch: InboxPatch; errors: FormErrors } {
  const next = buildInput(f, { schemeOfProfile, original: inbox })
  const before = buildInput(formFromInbox(inbox), { schemeOfProfile: inbox.verification?.scheme ?? schemeOfProfile, original: inbox }).input
  const patch: InboxPatch = {}
  const n = next.input
  if (n.name !== before.name) patch.name = n.name
  if ((n.slug ?? inbox.slug) !== inbox.slug) patch.slug = n.slug
  if (!same(n.verification, before.verification)) patch.verification = n.verification
  if (!same(n.response, before.response)) patch.response = n.response
  if (!same(n.forwardTo, before.forwardTo)) patch.forwardTo = n.forwardTo
  if (n.forwardTimeoutMs !== before.forwardTimeoutMs) patch.forwardTimeoutMs = n.forwardTimeoutMs
  if (!same(n.allowlist, before.allowlist)) patch.allowlist = n.allowlist
  // Only the limit that was edited: the engine keeps the other as stored.
  const limits: NonNullable<InboxPatch['limits']> = {}
  if (n.limits!.maxBodyBytes !== inbox.limits.maxBodyBytes) limits.maxBodyBytes = n.limits!.maxBodyBytes
  if (n.limits!.retention !== inbox.limits.retention) limits.retention = n.limits!.retention
  if (Object.keys(limits).length) patch.limits = limits
  return { patch, errors: next.errors }
}

/** Which form field an API error pointer (`/response/status`) belongs to. */
export function fieldOfPointer(pointer: string | undefined): keyof InboxFormState | null {
  if (!pointer) return null
  const map: [string, keyof InboxFormState][] = [
    ['/name', 'name'],
    ['/slug', 'slug'],
    ['/verification/profileId', 'profileId'],
    ['/verification/scheme', 'scheme'],
    ['/verification/secrets', 'secrets'],
    ['/verification/options', 'options'],
    ['/verification', 'secrets'],
    ['/response/status', 'status'],
    ['/response/headers', 'headersText'],
    ['/response/body', 'body'],
    ['/response/delayMs', 'delayMs'],
    ['/response/sequence', 'sequenceText'],
    ['/response/failureRate', 'failureRatePct'],
    ['/response/failureStatus', 'failureStatus'],
    ['/response/seed', 'seed'],
    ['/response/hang', 'hang'],
    ['/response/fromForward', 'fromForward'],
    ['/forwardTo', 'forwardText'],
    ['/forwardTimeoutMs', 'forwardTimeoutMs'],
    ['/allowlist', 'allowlistText'],
    ['/limits/maxBodyBytes', 'maxBodySize'],
    ['/limits/retention', 'retention'],
  ]
  return map.find(([p]) => pointer === p || pointer.startsWith(`${p}/`))?.[1] ?? null
}
