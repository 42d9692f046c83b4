/**
 * The event catalog of each profile: built-in catalogs are read-only, user profiles' catalogs
 * are edited here, and any catalog exports to (user ones import from) an OpenAPI 3.1
 * `webhooks` document. Also: fresh sample data and schema validation for the fire dialog.
 */
import type {
  EventTypeInput,
  EventTypeItem,
  EventTypeUpdate,
  OpenApiImportInput,
  OpenApiImportResult,
  SampleInput,
  SampleResult,
  ValidateInput,
  ValidateResult,
} from '../../../src-shared/api/event-types'
import type { EventType } from '../../../src-shared/catalog'
import { eventFilterProblem, subscribes, suggestNames } from '../../../src-shared/event-filters'
import { buildEventPayload, newEventId } from '../catalog/envelope'
import { exportCatalogAsOpenApi, importCatalogFromOpenApi, type OpenApiDocument } from '../catalog/openapi'
import { DataTooLargeError, SMALLER_DATA_HINT, checkSchema, generateData, oversizeProblem, tooDeepProblem, validateData } from '../catalog/payloads'
import { describeSchemaProblems, type SchemaProblem } from '../catalog/schema-problems'
import { EngineError, badRequest } from '../errors'
import type { SenderContext } from './context'
import { readOnly, type Profiles } from './profiles'

const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.:/-]*$/

/**
 * A generation error as a 400: too large (whichever endpoint generated) is
 * HB_ERR_EVENT_DATA_TOO_LARGE naming the schema keyword, anything else is `code`.
 */
export function generationFailed(err: unknown, code: string, field: string, hint = ''): EngineError {
  if (err instanceof DataTooLargeError) return badRequest('HB_ERR_EVENT_DATA_TOO_LARGE', err.message, `/schema${err.path}`)
  return badRequest(code, `${(err as Error).message}${hint}`, field)
}

/** Data generated from an event type's schema, or a 400 on `field` saying why it could not be. */
export function generateEventData(type: EventType, seed?: number, field = '/type'): unknown {
  try {
    return generateData(type.schema, seed, type.name)
  } catch (err) {
    throw generationFailed(err, 'HB_ERR_EVENT_DATA_GENERATION', field)
  }
}

export function unknownEventType(type: string, profileName: string, profileId: string, names: string[], field = '/type') {
  const close = suggestNames(type, names)
  const hint = close.length ? ` Did you mean ${close.map((n) => `"${n}"`).join(', ')}?` : ''
  return badRequest(
    'HB_ERR_EVENT_TYPE_UNKNOWN',
    `"${type}" is not an event type of the ${profileName} profile.${hint} GET /api/event-types?profileId=${profileId} lists its ${names.length} event types.`,
    field,
  )
}

export function createEventTypes({ ctx, repos }: SenderContext, profiles: Profiles) {
  const toItem = (profileId: string, t: EventType): EventTypeItem => ({ ...t, profileId, builtIn: profiles.isBuiltIn(profileId) })

  function editable(profileId: string) {
    const p = profiles.require(profileId)
    if (p.builtIn) throw readOnly(profileId)
    return p
  }

  function requireType(profileId: string, name: string, field = '/type'): EventType {
    const p = profiles.require(profileId)
    const t = profiles.eventType(profileId, name)
    if (!t) throw unknownEventType(name, p.name, p.id, profiles.eventTypes(profileId).map((e) => e.name), field)
    return t
  }

  /** A 400 naming the place of the first problem: `at` is where the schema is in the input. */
  function schemaRefused(problems: SchemaProblem[], at: string): EngineError {
    return badRequest('HB_ERR_EVENT_TYPE_INVALID', describeSchemaProblems(problems, at), `${at}${problems[0]!.pointer}`)
  }

  function checkDefinition(t: EventType, field = ''): void {
    if (!NAME.test(t.name)) throw badRequest('HB_ERR_EVENT_TYPE_INVALID', `"${t.name}" is not a valid event type name: use letters, digits, dots, dashes and underscores, e.g. deal.created.`, `${field}/name`)
    const problems = checkSchema(t.schema)
    if (problems.length) throw schemaRefused(problems, `${field}/schema`)
    checkExampleSize(t.example, field)
    const check = validateData(t.schema, t.example)
    if (!check.ok) {
      throw badRequest(
        'HB_ERR_EVENT_TYPE_INVALID',
        `The example does not match the schema: ${check.errors.slice(0, 3).map((e) => e.message).join(' ')}`,
        `${field}/example${check.errors[0]?.path ?? ''}`,
      )
    }
  }

  /** The example is event data: the same cap as the data of a fired event. */
  function checkExampleSize(example: unknown, field = ''): void {
    const oversize = oversizeProblem(example, 'The example', 'Give a smaller example, or leave it out to have one generated from the schema.')
    if (oversize) throw badRequest('HB_ERR_EVENT_DATA_TOO_LARGE', oversize, `${field}/example`)
  }

  function exampleFor(schema: EventType['schema'], name: string, given: unknown, hasGiven: boolean): unknown {
    if (hasGiven) return given
    try {
      return generateData(schema, undefined, name)
    } catch (err) {
      throw generationFailed(err, 'HB_ERR_EVENT_TYPE_INVALID', '/schema', ' Or give an example.')
    }
  }

  /**
   * A 409 when webhooks, schedules or scenarios of the profile use the event type `name`, which
   * cannot be `change`d (renamed to `renamedTo`, or deleted) under them: they would silently
   * receive, fire or run nothing from then on. A schedule or a scenario step uses the type it
   * fires. A webhook uses it when one of its subscriptions would match no event type of the
   * catalog after the change, the rule that refuses such a subscription when a webhook is saved:
   * its exact name, or a prefix ("task.*") that matches no other type (while one still matches,
   * the webhook keeps receiving those). "*" is never a use: it takes whatever the catalog holds.
   */
  function refuseIfUsed(profileId: string, name: string, change: 'renamed' | 'deleted', renamedTo?: string): void {
    const profile = profiles.require(profileId)
    const after = profiles.eventTypes(profileId).map((t) => (t.name === name ? renamedTo : t.name)).filter((n): n is string => n !== undefined)
    const webhooks = repos.webhooks.byProfile(profileId).flatMap((w) => {
      const lost = w.events.filter((f) => subscribes([f], name) && eventFilterProblem(f, after, profile.name) !== null)
      if (lost.length === 0) return []
      const prefixes = lost.filter((f) => f !== name)
      const why = prefixes.length ? `; ${prefixes.map((f) => `"${f}"`).join(', ')} match${prefixes.length === 1 ? 'es' : ''} no other event type` : ''
      return [`the webhook "${w.name}" (${w.id}${why})`]
    })
    const users = [
      ...webhooks,
      ...repos.schedules.all().filter((s) => s.profileId === profileId && s.type === name).map((s) => `the schedule "${s.name}" (${s.id})`),
      ...repos.schedules.scenarios().filter((s) => s.profileId === profileId && s.steps.some((step) => step.type === name)).map((s) => `the scenario "${s.name}" (${s.id})`),
    ]
    if (users.length === 0) return
    const one = users.length === 1
    const them = new Intl.ListFormat('en').format(users)
    const fix =
      change === 'renamed'
        ? `create "${renamedTo}" as a new event type, move ${one ? 'it' : 'them'} to that one, then delete "${name}".`
        : `move ${one ? 'it' : 'them'} to another event type, or delete ${one ? 'it' : 'them'}, first.`
    throw new EngineError(
      'HB_ERR_EVENT_TYPE_IN_USE',
      409,
      `${them.charAt(0).toUpperCase()}${them.slice(1)} use${one ? 's' : ''} the event type "${name}", so it cannot be ${change}: ${fix}`,
      change === 'renamed' ? '/name' : undefined,
    )
  }

  const changed = (profileId: string) => {
    profiles.touched(profileId)
    ctx.events.emit('event-types.changed', { profileId })
  }

  return {
    requireType,

    list(q: { profileId?: string; category?: string; q?: string }): EventTypeItem[] {
      const ids = q.profileId ? [profiles.require(q.profileId).id] : profiles.list().map((p) => p.id)
      const needle = q.q?.toLowerCase()
      return ids.flatMap((id) =>
        profiles
          .eventTypes(id)
          .filter((t) => (q.category === undefined || t.category === q.category) && (!needle || t.name.toLowerCase().includes(needle) || t.description.toLowerCase().includes(needle)))
          .map((t) => toItem(id, t)),
      )
    },

    get(profileId: string, name: string): EventTypeItem {
      const p = profiles.getOr404(profileId)
      const t = profiles.eventType(p.id, name)
      if (!t) throw new EngineError('HB_ERR_NOT_FOUND', 404, `The ${p.name} profile has no event type "${name}". GET /api/event-types?profileId=${p.id} lists them.`)
      return toItem(p.id, t)
    },

    create(input: EventTypeInput): EventTypeItem {
      editable(input.profileId)
      if (profiles.eventType(input.profileId, input.name)) {
        throw new EngineError('HB_ERR_EVENT_TYPE_EXISTS', 409, `The profile "${input.profileId}" already has an event type "${input.name}": edit it (PUT) or choose another name.`, '/name')
      }
      const checked = checkSchema(input.schema)
      if (checked.length) throw schemaRefused(checked, '/schema')
      const t: EventType = {
        name: input.name,
        category: input.category,
        description: input.description ?? '',
        schema: input.schema,
        example: exampleFor(input.schema, input.name, input.example, 'example' in input),
      }
      checkDefinition(t)
      repos.profiles.insertEventType(input.profileId, t)
      changed(input.profileId)
      return toItem(input.profileId, t)
    },

    update(profileId: string, name: string, patch: EventTypeUpdate): EventTypeItem {
      editable(profileId)
      const current = profiles.eventType(profileId, name)
      if (!current) throw new EngineError('HB_ERR_NOT_FOUND', 404, `The profile "${profileId}" has no event type "${name}".`)
      if (patch.name && patch.name !== name && profiles.eventType(profileId, patch.name)) {
        throw new EngineError('HB_ERR_EVENT_TYPE_EXISTS', 409, `The profile "${profileId}" already has an event type "${patch.name}".`, '/name')
      }
      if (patch.name && patch.name !== name) refuseIfUsed(profileId, name, 'renamed', patch.name)
      const schemaChanged = patch.schema !== undefined
      // Checked before the example is validated against it (a schema that cannot compile would throw there).
      const checked = schemaChanged ? checkSchema(patch.schema) : []
      if (checked.length) throw schemaRefused(checked, '/schema')
      const next: EventType = {
        name: patch.name ?? current.name,
        category: patch.category ?? current.category,
        description: patch.description ?? current.description,
        schema: patch.schema ?? current.schema,
        example: 'example' in patch ? patch.example : current.example,
      }
      if (schemaChanged && !('example' in patch) && !validateData(next.schema, next.example).ok) next.example = exampleFor(next.schema, next.name, undefined, false)
      checkDefinition(next)
      repos.profiles.updateEventType(profileId, name, next)
      changed(profileId)
      return toItem(profileId, next)
    },

    remove(profileId: string, name: string): void {
      editable(profileId)
      if (profiles.eventType(profileId, name)) refuseIfUsed(profileId, name, 'deleted')
      if (!repos.profiles.deleteEventType(profileId, name)) throw new EngineError('HB_ERR_NOT_FOUND', 404, `The profile "${profileId}" has no event type "${name}".`)
      changed(profileId)
    },

    sample(input: SampleInput): SampleResult {
      const profile = profiles.require(input.profileId)
      const t = requireType(profile.id, input.type)
      const data = generateEventData(t, input.seed)
      const payload = buildEventPayload({ profile, eventType: t.name, eventId: newEventId(profile), timestamp: ctx.clock.now(), data })
      return { data, payload }
    },

    validate(input: ValidateInput): ValidateResult {
      const profile = profiles.require(input.profileId)
      const t = requireType(profile.id, input.type)
      // Data that could never be fired is said so here too, before the validator walks it.
      const oversize = oversizeProblem(input.data, 'The data', SMALLER_DATA_HINT)
      if (oversize) throw badRequest('HB_ERR_EVENT_DATA_TOO_LARGE', oversize, '/data')
      const r = validateData(t.schema, input.data)
      return { ok: r.ok, errors: r.errors, dataValidation: profile.dataValidation }
    },

    exportOpenApi(profileId: string): OpenApiDocument {
      const p = profiles.require(profileId)
      return exportCatalogAsOpenApi(p, profiles.eventTypes(p.id))
    },

    importOpenApi(input: OpenApiImportInput): OpenApiImportResult {
      /** The profile's webhooks that subscribe to a removed type, and what they would lose; `after` is the whole catalog then. */
      function affectedWebhooks(profileId: string, removed: string[], after: string[]): OpenApiImportResult['affectedWebhooks'] {
        if (removed.length === 0) return []
        return repos.webhooks.byProfile(profileId).flatMap((w) => {
          const lost = removed.filter((n) => subscribes(w.events, n))
          if (lost.length === 0) return []
          const unmatched = w.events.filter((f) => lost.some((n) => subscribes([f], n)) && !after.some((n) => subscribes([f], n)))
          return [{ id: w.id, name: w.name, lost, unmatched, matchesNothing: !after.some((n) => subscribes(w.events, n)) }]
        })
      }

      editable(input.profileId)
      // Reading it would overflow the stack ("Maximum call stack size exceeded" said nothing useful).
      const deep = tooDeepProblem(input.document, 'The document')
      if (deep) throw badRequest('HB_ERR_OPENAPI_INVALID', deep, '/document')
      let result
      try {
        result = importCatalogFromOpenApi(input.document)
      } catch (err) {
        throw badRequest('HB_ERR_OPENAPI_INVALID', (err as Error).message, '/document')
      }
      const replace = input.mode === 'replace'
      const before = profiles.eventTypes(input.profileId).map((t) => t.name)
      const names = new Set(result.eventTypes.map((t) => t.name))
      if (!input.dryRun) {
        repos.profiles.importEventTypes(input.profileId, result.eventTypes, replace)
        changed(input.profileId)
      }
      const existing = new Set(before)
      const removed = replace ? before.filter((n) => !names.has(n)) : []
      const out: OpenApiImportResult = {
        profileId: input.profileId,
        imported: result.eventTypes.map((t) => t.name),
        replaced: result.eventTypes.map((t) => t.name).filter((n) => existing.has(n)),
        removed,
        affectedWebhooks: affectedWebhooks(input.profileId, removed, [...names]),
        warnings: result.warnings,
      }
      if (result.title !== undefined) out.title = result.title
      return out
    },
  }

}

export type EventTypes = ReturnType<typeof createEventTypes>
