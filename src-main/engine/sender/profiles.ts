/**
 * Provider profiles: the built-in presets (read-only, from resources/) merged with the user's
 * own (rows). Users create, clone and edit profiles; a clone copies the event catalog too.
 */
import { pointerToken } from '../../../src-shared/api/errors'
import type { Profile } from '../../../src-shared/api/profiles'
import type { EventType, ProviderProfile, ProviderProfileInput, ProviderProfilePatch } from '../../../src-shared/catalog'
import { checkEnvelopeTemplate } from '../catalog/envelope'
import { tooDeepProblem } from '../catalog/payloads'
import { listPresetEventTypes, listPresetProfiles } from '../catalog/presets'
import { EngineError, badRequest, notFound } from '../errors'
import { headerNameProblem, headerValueProblem } from '../http/header-syntax'
import { parseCidr } from '../http/ip'
import { HOP_BY_HOP } from '../http/outbound'
import { describeScheme, SigningConfigError, validateSigningConfig } from '../signing'
import { recipeFor } from '../signing/registry'
import { iso, type SenderContext } from './context'
import { profileHeaderNames, reservedHeaderNames } from './outgoing'


export const readOnly = (id: string) =>
  new EngineError(
    'HB_ERR_PROFILE_READ_ONLY',
    409,
    `"${id}" is a built-in preset and is read-only: clone it (POST /api/profiles/${id}/clone) and edit the clone.`,
  )

export function createProfiles({ ctx, repos }: SenderContext) {
  const presets = new Map(listPresetProfiles().map((p) => [p.id, Object.freeze(p)]))
  const presetTypes = new Map<string, EventType[]>()
  // User profiles are read on every dispatch; the cache is dropped on each write (one process writes).
  const userCache = new Map<string, ProviderProfile | null>()
  const userTypes = new Map<string, EventType[]>()

  function get(id: string): ProviderProfile | undefined {
    const preset = presets.get(id)
    if (preset) return preset
    if (!userCache.has(id)) userCache.set(id, repos.profiles.get(id)?.profile ?? null)
    return userCache.get(id) ?? undefined
  }

  /** The profile, or a 400 naming `field` (inputs) — use `getOr404` for path parameters. */
  function require(id: string, field = '/profileId'): ProviderProfile {
    const p = get(id)
    if (!p) {
      throw badRequest('HB_ERR_PROFILE_UNKNOWN', `Unknown profile "${id}". Use one of: ${allIds().join(', ')} (GET /api/profiles lists them).`, field)
    }
    return p
  }

  function getOr404(id: string): ProviderProfile {
    const p = get(id)
    if (!p) throw notFound('profile', id)
    return p
  }

  const allIds = () => [...presets.keys(), ...repos.profiles.list().map((r) => r.profile.id)]

  function eventTypes(profileId: string): EventType[] {
    if (presets.has(profileId)) {
      let types = presetTypes.get(profileId)
      if (!types) presetTypes.set(profileId, (types = listPresetEventTypes(profileId)))
      return types
    }
    let types = userTypes.get(profileId)
    if (!types) userTypes.set(profileId, (types = repos.profiles.eventTypes(profileId)))
    return types
  }

  function eventType(profileId: string, name: string): EventType | undefined {
    return eventTypes(profileId).find((t) => t.name === name)
  }

  function toApi(p: ProviderProfile): Profile {
    const row = p.builtIn ? undefined : repos.profiles.get(p.id)
    return {
      ...p,
      signature: describeScheme(p.scheme, p.signing),
      eventTypeCount: p.builtIn ? eventTypes(p.id).length : repos.profiles.countEventTypes(p.id),
      webhookCount: repos.webhooks.countByProfile(p.id),
      clonedFrom: row?.clonedFrom ?? null,
      createdAt: iso(row?.createdAt),
      updatedAt: iso(row?.updatedAt),
    }
  }

  function validate(p: ProviderProfile): void {
    const envelope = checkEnvelopeTemplate(p.envelope)
    if (envelope.length) throw badRequest('HB_ERR_PROFILE_INVALID', envelope.join(' '), '/envelope')
    try {
      validateSigningConfig({ scheme: p.scheme, options: p.signing })
    } catch (err) {
      if (err instanceof SigningConfigError) throw badRequest('HB_ERR_PROFILE_INVALID', err.message, `/signing${err.field?.replace(/^\/options/, '') ?? ''}`)
      throw err
    }
    if (recipeFor(p.scheme, p.signing).secretFormat === 'whsec' && p.secret.format !== 'whsec') {
      throw badRequest(
        'HB_ERR_PROFILE_INVALID',
        `The ${p.scheme} scheme keys its HMAC with the base64 bytes of a whsec_ secret, so secret.format must be "whsec".`,
        '/secret/format',
      )
    }
    if (p.handshake) {
      const hs = checkEnvelopeTemplate(p.handshake.envelope, { requireData: false })
      if (hs.length) throw badRequest('HB_ERR_PROFILE_INVALID', hs.join(' '), '/handshake/envelope')
    }
    checkHeaders(p)
    p.sourceIpRanges?.forEach((text, i) => {
      if (!parseCidr(text)) {
        throw badRequest('HB_ERR_PROFILE_INVALID', `"${text}" is not an IP range: write a CIDR such as 203.0.113.0/24 or 2001:db8::/32, or a single address.`, `/sourceIpRanges/${i}`)
      }
    })
  }

  /** The headers a profile sets: valid on the wire, none written by the HTTP client itself, none sent twice. */
  function checkHeaders(p: ProviderProfile): void {
    const invalid = (message: string, field: string) => badRequest('HB_ERR_PROFILE_INVALID', message, field)
    const h = p.headers
    const named: Array<[string, string]> = []
    const add = (name: unknown, field: string) => typeof name === 'string' && named.push([name, field])
    add(h.eventType, '/headers/eventType')
    add(h.timestamp?.name, '/headers/timestamp/name')
    add(h.webhookId, '/headers/webhookId')
    add(h.deliveryId, '/headers/deliveryId')
    for (const key of ['headerName', 'timestampHeader', 'idHeader'] as const) add(p.signing?.[key], `/signing/${key}`)
    for (const name of Object.keys(h.extra ?? {})) add(name, `/headers/extra/${pointerToken(name)}`)
    for (const [name, field] of named) {
      const problem = headerNameProblem(name)
      if (problem) throw invalid(problem, field)
      const lower = name.toLowerCase()
      if (HOP_BY_HOP.has(lower)) throw invalid(`${name} is written by the HTTP client from the request itself (framing, connection, host); a profile cannot set it. Choose another name.`, field)
      if (lower === 'content-type' && !field.startsWith('/headers/extra/')) {
        throw invalid(`Content-Type carries the body's media type, so it cannot carry this value; choose another name (a constant Content-Type goes under headers.extra).`, field)
      }
    }
    if (h.userAgent !== undefined) {
      const problem = headerValueProblem('User-Agent', h.userAgent)
      if (problem) throw invalid(problem, '/headers/userAgent')
    }
    for (const [name, value] of Object.entries(h.extra ?? {})) {
      const problem = headerValueProblem(name, value)
      if (problem) throw invalid(problem, `/headers/extra/${pointerToken(name)}`)
    }
    const count = (names: string[]) => {
      const out = new Map<string, number>()
      for (const n of names) out.set(n.toLowerCase(), (out.get(n.toLowerCase()) ?? 0) + 1)
      return out
    }
    const onTheWire = count(profileHeaderNames(p))
    // Two settings of the very same name make one header on the wire, the later one's value
    // silently winning (an extra "X-Event-Type" would replace the event type): counted too.
    const bySetting = count(named.map(([n]) => n))
    // A constant extra header that repeats a header with a role (the signature's, the event
    // type's…) is the one to name: the role cannot move, the constant can go.
    const isExtra = ([, field]: [string, string]) => field.startsWith('/headers/extra/')
    for (const [name, field] of [...named.filter(isExtra), ...named.filter((n) => !isExtra(n))]) {
      const fix = isExtra([name, field]) ? 'Remove it from the extra headers.' : 'Give each header its own name.'
      if ((onTheWire.get(name.toLowerCase()) ?? 0) > 1) {
        throw invalid(`${name} would be sent twice on every delivery: another header setting, or the ${p.scheme} signature, already sends it. ${fix}`, field)
      }
      if ((bySetting.get(name.toLowerCase()) ?? 0) > 1) {
        throw invalid(`${name} is set twice: another header setting already sets it, and one value would silently replace the other on every delivery. ${fix}`, field)
      }
    }
  }

  /**
   * A webhook's custom headers may not use a name the profile sets (checked when the webhook is
   * saved); a profile change that starts setting one of them would send that header twice. Only
   * names the change adds count: an edit that sets nothing new (a rename) is never held up.
   */
  function assertNoHeaderClash(current: ProviderProfile, next: ProviderProfile): void {
    const before = reservedHeaderNames(current)
    const added = new Set([...reservedHeaderNames(next)].filter((n) => !before.has(n)))
    if (added.size === 0) return
    for (const w of repos.webhooks.byProfile(next.id)) {
      const clash = Object.keys(w.headers).find((n) => added.has(n.toLowerCase()))
      if (clash) {
        throw new EngineError(
          'HB_ERR_PROFILE_HEADER_IN_USE',
          409,
          `With this change the profile sets the header "${clash}" on every delivery, but the webhook "${w.name}" (${w.id}) sets its own "${clash}": remove it from that webhook first, or leave the profile's headers and signing as they were.`,
        )
      }
    }
  }

  /**
   * The free JSON of a profile (its envelope templates, the documented handshake body) nested
   * deeper than event data may be: refused first, since cloning or checking it would overflow the stack.
   */
  function checkDepth(input: Pick<ProviderProfilePatch, 'envelope' | 'handshake'>): void {
    const free: Array<[unknown, string, string]> = [
      [input.envelope, '/envelope', 'The envelope'],
      [input.handshake?.envelope, '/handshake/envelope', "The handshake's envelope"],
      [input.handshake?.example, '/handshake/example', "The handshake's example"],
    ]
    for (const [value, field, what] of free) {
      const deep = tooDeepProblem(value, what)
      if (deep) throw badRequest('HB_ERR_PROFILE_INVALID', deep, field)
    }
  }

  function uniqueId(base: string): string {
    const root = base.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 56) || 'profile'
    let id = root
    for (let i = 2; get(id); i++) id = `${root}-${i}`
    return id
  }

  function assertFreeId(id: string): void {
    if (get(id)) {
      throw new EngineError('HB_ERR_PROFILE_EXISTS', 409, `A profile with id "${id}" already exists: choose another id.`, '/id')
    }
  }

  const changed = (id: string) => {
    userCache.delete(id)
    userTypes.delete(id)
  }
  // Other domains that use profiles (inboxes verify "as profile X") follow edits, and may hold a deletion.
  const updateListeners: Array<(id: string) => void> = []
  const removalGuards: Array<(id: string) => string | null> = []

  return {
    get,
    require,
    getOr404,
    eventTypes,
    eventType,
    toApi,
    isBuiltIn: (id: string) => presets.has(id),

    list(filter: { builtIn?: boolean } = {}): Profile[] {
      const all: ProviderProfile[] = [...presets.values(), ...repos.profiles.list().map((r) => r.profile)]
      return all.filter((p) => filter.builtIn === undefined || p.builtIn === filter.builtIn).map(toApi)
    },

    create(input: ProviderProfileInput): Profile {
      checkDepth(input)
      const id = input.id ?? uniqueId(input.name)
      if (input.id) assertFreeId(id)
      const profile = { ...structuredClone(input), id, builtIn: false } as ProviderProfile
      validate(profile)
      repos.profiles.insert(profile, [], null, ctx.clock.now())
      changed(id)
      const out = toApi(profile)
      ctx.events.emit('profile.created', out)
      return out
    },

    clone(sourceId: string, input: { id?: string; name?: string }): Profile {
      const source = getOr404(sourceId)
      const id = input.id ?? uniqueId(`${source.id}-copy`)
      if (input.id) assertFreeId(id)
      const profile: ProviderProfile = { ...structuredClone(source), id, builtIn: false, name: input.name ?? `${source.name} (copy)` }
      repos.profiles.insert(profile, structuredClone(eventTypes(source.id)), source.id, ctx.clock.now())
      changed(id)
      const out = toApi(profile)
      ctx.events.emit('profile.created', out)
      return out
    },

    update(id: string, patch: ProviderProfilePatch): Profile {
      checkDepth(patch)
      const current = getOr404(id)
      if (current.builtIn) throw readOnly(id)
      const next = { ...structuredClone(current), ...structuredClone(patch), id, builtIn: false } as ProviderProfile
      validate(next)
      assertNoHeaderClash(current, next)
      repos.profiles.update(next, ctx.clock.now())
      changed(id)
      for (const listener of updateListeners) listener(id)
      const out = toApi(next)
      ctx.events.emit('profile.updated', out)
      return out
    },

    remove(id: string): void {
      const current = getOr404(id)
      if (current.builtIn) throw readOnly(id)
      const used = repos.webhooks.countByProfile(id)
      if (used > 0) {
        throw new EngineError(
          'HB_ERR_PROFILE_IN_USE',
          409,
          `${used} webhook${used === 1 ? ' uses' : 's use'} the profile "${id}": delete ${used === 1 ? 'it' : 'them'} or move ${used === 1 ? 'it' : 'them'} to another profile first.`,
        )
      }
      for (const guard of removalGuards) {
        const reason = guard(id)
        if (reason) throw new EngineError('HB_ERR_PROFILE_IN_USE', 409, reason)
      }
      repos.profiles.delete(id)
      changed(id)
      ctx.events.emit('profile.deleted', { id })
    },

    /** Tells `listener` the id of every user profile edited (after it is saved). */
    onUpdated: (listener: (id: string) => void) => void updateListeners.push(listener),
    /** `guard` may hold a deletion: it returns why the profile cannot go (a 409), or null. */
    guardRemoval: (guard: (id: string) => string | null) => void removalGuards.push(guard),

    /** Called after a user catalog changed (counts in toApi are read live; nothing cached). */
    touched(id: string) {
      changed(id)
    },
  }
}

export type Profiles = ReturnType<typeof createProfiles>
