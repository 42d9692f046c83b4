import {
  DEFAULT_FORWARD_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_RETENTION,
  ignoredResponseSetting,
  SLUG_PATTERN,
  SLUG_RULE,
  type Allowlist,
  type Inbox,
  type InboxInput,
  type InboxPatch,
  type InboxResponse,
  type ResponseRules,
  type SecretInput,
  type VerificationInput,
} from '../../../src-shared/api/inboxes'
import { SCHEME_OPTIONS, type SigningOptions, type SigningSchemeId, type SigningSecret } from '../../../src-shared/signing-schemes'
import { httpUrlProblem } from '../../../src-shared/http-url'
import type { InboxRow } from '../db/inboxes-repo'
import { badRequest, EngineError } from '../errors'
import { ingestBaseUrls } from '../network'
import { describeScheme, isLive, newSecretFor, validateSigningConfig } from '../signing'
import type { CidrRule } from '../http/ip'
import { compileAllowlist } from './allowlist'
import type { ResolvedVerification } from './analysis'
import type { ProfileLookup, ProfileSigning } from './profiles'
import { knownProfileIds } from './profiles'
import { compileRules, DEFAULT_RESPONSE, DEFAULT_FAILURE_STATUS, type CompiledRules } from './response-rules'

/** An inbox's settings as stored (JSON in `inboxes.config`). Secrets keep epoch-ms expiries. */
export interface InboxConfig {
  verification: StoredVerification | null
  response: ResponseRules | null
  forwardTo: string[]
  forwardTimeoutMs: number
  allowlist: Allowlist | null
  limits: { maxBodyBytes: number; retention: number }
}

export interface StoredVerification {
  profileId: string | null
  /** Set for a bare scheme; for a profile, the profile's scheme is looked up each time. */
  scheme: SigningSchemeId | null
  /** The inbox's own option overrides. */
  options: SigningOptions
  secrets: SigningSecret[]
}

/** An inbox ready for the hot path: configuration parsed, rules and allowlist compiled. */
export interface RuntimeInbox {
  id: string
  slug: string
  name: string
  config: InboxConfig
  verification: ResolvedVerification | null
  /** Why a stored verification cannot be applied any more (its profile is gone). */
  verificationProblem: string | null
  allowRules: CidrRule[] | null
  rules: CompiledRules
  counter: number
  createdAt: number
  updatedAt: number
}

const SLUG = new RegExp(SLUG_PATTERN)

export function checkSlug(slug: string): string {
  if (!SLUG.test(slug)) throw badRequest('HB_ERR_INBOX_SLUG', `The slug "${slug}" is not usable in a URL: use ${SLUG_RULE}.`, '/slug')
  return slug
}

/**
 * Resolves and validates a verification input; throws 400s naming `/verification/...`. Without
 * `secrets` it keeps `current` (an edit of options or scheme must not lose the secrets), or
 * generates one when there are none yet.
 */
export function normalizeVerification(input: VerificationInput, lookup: ProfileLookup, current?: readonly SigningSecret[]): StoredVerification {
  if (input.profileId !== undefined && input.scheme !== undefined) {
    throw badRequest('HB_ERR_INBOX_VERIFICATION', 'Give either verification.profileId or verification.scheme, not both.', '/verification/scheme')
  }
  if (input.profileId === undefined && input.scheme === undefined) {
    throw badRequest(
      'HB_ERR_INBOX_VERIFICATION',
      'verification needs a profileId (e.g. "stripe", "workestra") or a scheme (e.g. "hmac-sha256"); to verify nothing, send verification: null.',
      '/verification/scheme',
    )
  }
  let scheme: SigningSchemeId
  let base: SigningOptions = {}
  let profile: ProfileSigning | undefined
  if (input.profileId !== undefined) {
    profile = lookup(input.profileId)
    if (!profile) {
      throw badRequest(
        'HB_ERR_INBOX_PROFILE',
        `No profile "${input.profileId}"; use one of ${knownProfileIds().join(', ')} or a user-defined profile id.`,
        '/verification/profileId',
      )
    }
    scheme = profile.scheme
    base = profile.signing
  } else {
    scheme = input.scheme!
  }
  const options = { ...(input.options ?? {}) } as SigningOptions
  const allowed = SCHEME_OPTIONS[scheme] as readonly string[]
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw badRequest(
        'HB_ERR_INBOX_VERIFICATION',
        `The ${scheme} scheme does not use the option "${key}"${allowed.length ? `; it reads ${allowed.join(', ')}` : '; it has no options'}.`,
        `/verification/options/${key}`,
      )
    }
  }
  const applied = { ...base, ...options }
  let secrets: SigningSecret[]
  try {
    // A generated secret takes the shape the profile documents, or else the scheme's: the rule webhooks follow.
    secrets = input.secrets !== undefined ? input.secrets.map(toSecret) : current ? [...current] : [{ value: newSecretFor(scheme, applied, profile?.secretShape), label: 'generated' }]
    validateSigningConfig({ scheme, options: applied, secrets })
  } catch (err) {
    if (err instanceof EngineError) throw new EngineError(err.code, err.statusCode, err.message, `/verification${err.field ?? ''}`)
    throw err
  }
  return { profileId: input.profileId ?? null, scheme: input.profileId !== undefined ? null : scheme, options, secrets }
}

function toSecret(s: SecretInput): SigningSecret {
  if (typeof s === 'string') return { value: s }
  const out: SigningSecret = { value: s.value }
  if (s.label !== undefined) out.label = s.label
  if (s.expiresAt !== undefined) out.expiresAt = Date.parse(s.expiresAt)
  return out
}

export function resolveVerification(v: StoredVerification | null, lookup: ProfileLookup): { resolved: ResolvedVerification | null; problem: string | null } {
  if (!v) return { resolved: null, problem: null }
  if (v.profileId !== null) {
    const profile = lookup(v.profileId)
    if (!profile) return { resolved: null, problem: `The profile "${v.profileId}" this inbox verifies as no longer exists; choose another profile or a scheme.` }
    return { resolved: { profileId: v.profileId, scheme: profile.scheme, options: { ...profile.signing, ...v.options }, secrets: v.secrets }, problem: null }
  }
  return { resolved: { profileId: null, scheme: v.scheme!, options: v.options, secrets: v.secrets }, problem: null }
}

/** Where forwarding stands for the inbox being saved: the ingest base URL, its slug, and the other inboxes' forward targets. */
export interface ForwardContext {
  ingest: string
  slug: string
  /** The forward targets of the inbox with this slug, if there is one. */
  forwardsOf?: (slug: string) => readonly string[] | undefined
}

/**
 * Checks forward targets: absolute http(s) URLs that do not lead back to the inbox, directly
 * or through other inboxes' forwards (A → B → A would bounce one request between them forever).
 */
export function checkForwardTargets(urls: string[], self: ForwardContext): string[] {
  // The inbox a URL names on this engine's ingest plane, or null when it goes elsewhere.
  const inboxAt = (text: string): string | null => {
    if (!self.ingest) return null
    let url: URL
    try {
      url = new URL(text.trim())
    } catch {
      return null
    }
    const ingest = new URL(self.ingest)
    const samePort = (url.port || (url.protocol === 'https:' ? '443' : '80')) === ingest.port
    const loopbackish = ['127.0.0.1', 'localhost', '[::1]', '0.0.0.0', ingest.hostname].includes(url.hostname)
    return samePort && loopbackish ? (url.pathname.split('/')[1] ?? null) : null
  }
  return urls.map((text, i) => {
    const problem = httpUrlProblem(text)
    if (problem) throw badRequest('HB_ERR_INBOX_FORWARD_URL', `Forward target: ${problem}`, `/forwardTo/${i}`)
    const first = inboxAt(text)
    if (first === self.slug) {
      throw badRequest('HB_ERR_INBOX_FORWARD_URL', `${text} is this inbox itself: forwarding there would loop forever. Forward to your app instead.`, `/forwardTo/${i}`)
    }
    // Follow the forwards of the inboxes it reaches; a path back here is a loop.
    const seen = new Set<string>()
    const walk = (slug: string, path: string[]): string[] | null => {
      if (slug === self.slug) return path
      if (seen.has(slug)) return null
      seen.add(slug)
      for (const next of self.forwardsOf?.(slug) ?? []) {
        const reached = inboxAt(next)
        const loop = reached === null ? null : walk(reached, [...path, reached])
        if (loop) return loop
      }
      return null
    }
    const loop = first === null ? null : walk(first, [first])
    if (loop) {
      throw badRequest(
        'HB_ERR_INBOX_FORWARD_URL',
        `${text} leads back to this inbox (${[self.slug, ...loop].join(' → ')}): each request would be forwarded round the loop forever. Forward to your app instead, or remove one of those forwards.`,
        `/forwardTo/${i}`,
      )
    }
    return text
  })
}

export function defaultConfig(): InboxConfig {
  return {
    verification: null,
    response: null,
    forwardTo: [],
    forwardTimeoutMs: DEFAULT_FORWARD_TIMEOUT_MS,
    allowlist: null,
    limits: { maxBodyBytes: DEFAULT_MAX_BODY_BYTES, retention: DEFAULT_RETENTION },
  }
}

/** Applies a create or patch input to a configuration, validating every part. Pure. */
export function applyInput(
  base: InboxConfig,
  input: InboxInput | InboxPatch,
  ctx: ForwardContext & { lookup: ProfileLookup; slugChanged?: boolean },
): { config: InboxConfig; responseChanged: boolean; verificationChanged: boolean; allowlistChanged: boolean } {
  const config: InboxConfig = structuredClone(base)
  let responseChanged = false
  let verificationChanged = false
  let allowlistChanged = false
  if (input.verification !== undefined) {
    config.verification = input.verification === null ? null : normalizeVerification(input.verification, ctx.lookup, base.verification?.secrets)
    verificationChanged = JSON.stringify(config.verification) !== JSON.stringify(base.verification)
  }
  if (input.response !== undefined) {
    compileRules(input.response) // validates templates and headers
    const ignored = ignoredResponseSetting(input.response)
    if (ignored) throw badRequest('HB_ERR_INBOX_RESPONSE', ignored.message, ignored.field)
    config.response = input.response
    responseChanged = true
  }
  if (input.forwardTimeoutMs !== undefined) config.forwardTimeoutMs = input.forwardTimeoutMs
  // A new slug can close a loop through forwards that were fine under the old one.
  if (input.forwardTo !== undefined || ctx.slugChanged) config.forwardTo = checkForwardTargets(input.forwardTo ?? config.forwardTo, ctx)
  if (input.allowlist !== undefined) {
    if (input.allowlist) {
      compileAllowlist(input.allowlist.cidrs)
      if (input.allowlist.enforce && input.allowlist.cidrs.length === 0) {
        throw badRequest(
          'HB_ERR_INBOX_ALLOWLIST',
          'An enforced allowlist with no ranges would refuse every request (403): add the ranges senders come from, e.g. 203.0.113.0/24, or send allowlist: null to accept every source.',
          '/allowlist/cidrs',
        )
      }
    }
    config.allowlist = input.allowlist
    allowlistChanged = JSON.stringify(config.allowlist) !== JSON.stringify(base.allowlist)
  }
  if (input.limits !== undefined) config.limits = { ...config.limits, ...input.limits }
  if (config.response?.fromForward && config.forwardTo.length === 0) {
    throw badRequest(
      'HB_ERR_INBOX_RESPONSE',
      'response.fromForward answers with the first forward target\'s response, but forwardTo is empty: add a target or turn fromForward off.',
      '/response/fromForward',
    )
  }
  return { config, responseChanged, verificationChanged, allowlistChanged }
}

export function compileInbox(row: InboxRow, lookup: ProfileLookup): RuntimeInbox {
  const config = { ...defaultConfig(), ...(JSON.parse(row.config) as InboxConfig) }
  const { resolved, problem } = resolveVerification(config.verification, lookup)
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    config,
    verification: resolved,
    verificationProblem: problem,
    allowRules: config.allowlist ? compileAllowlist(config.allowlist.cidrs) : null,
    rules: compileRules(config.response ?? undefined),
    counter: row.response_counter,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/** Every URL that reaches the ingest plane: loopback, and LAN addresses when it binds them. */
export function ingestBases(ingestUrl: string, ingestHost: string): Array<{ url: string; kind: 'loopback' | 'lan' }> {
  if (!ingestUrl) return []
  const url = new URL(ingestUrl)
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80))
  return ingestBaseUrls(ingestHost, port, url.protocol === 'https:' ? 'https' : 'http').map((b) => ({ url: b.url, kind: b.scope }))
}

export function responseView(inbox: RuntimeInbox): InboxResponse {
  const r = inbox.config.response
  return {
    status: r?.status ?? DEFAULT_RESPONSE.status,
    headers: r ? (r.headers ?? {}) : DEFAULT_RESPONSE.headers,
    body: r ? (r.body ?? '') : DEFAULT_RESPONSE.body,
    delayMs: r?.delayMs ?? 0,
    sequence: r?.sequence ? { steps: r.sequence.steps, repeat: r.sequence.repeat ?? false } : null,
    failureRate: r?.failureRate ?? 0,
    failureStatus: r?.failureStatus ?? DEFAULT_FAILURE_STATUS,
    seed: r?.seed ?? null,
    hang: r?.hang ?? false,
    fromForward: r?.fromForward ?? false,
    counter: inbox.counter,
  }
}

export function inboxView(
  inbox: RuntimeInbox,
  stats: Inbox['stats'],
  urls: { ingest: string; ingestHost: string },
  lookup: ProfileLookup,
  now: number,
): Inbox {
  const v = inbox.config.verification
  let verification: Inbox['verification'] = null
  if (v) {
    const resolved = resolveVerification(v, lookup).resolved
    const scheme = resolved?.scheme ?? v.scheme ?? 'hmac-sha256'
    const options = resolved?.options ?? v.options
    let description
    try {
      description = describeScheme(scheme, options)
    } catch {
      description = describeScheme(scheme, {})
    }
    verification = {
      profileId: v.profileId,
      scheme,
      options,
      overrides: v.options,
      secrets: v.secrets.map((s) => ({
        value: s.value,
        label: s.label ?? null,
        expiresAt: s.expiresAt === undefined ? null : new Date(s.expiresAt).toISOString(),
        live: isLive(s, now),
      })),
      description,
    }
  }
  const bases = ingestBases(urls.ingest, urls.ingestHost)
  return {
    id: inbox.id,
    name: inbox.name,
    slug: inbox.slug,
    url: urls.ingest ? `${urls.ingest}/${inbox.slug}` : `/${inbox.slug}`,
    urls: bases.map((b) => ({ url: `${b.url}/${inbox.slug}`, kind: b.kind })),
    verification,
    response: responseView(inbox),
    forwardTo: inbox.config.forwardTo,
    forwardTimeoutMs: inbox.config.forwardTimeoutMs,
    allowlist: inbox.config.allowlist,
    limits: inbox.config.limits,
    stats,
    createdAt: new Date(inbox.createdAt).toISOString(),
    updatedAt: new Date(inbox.updatedAt).toISOString(),
  }
}
