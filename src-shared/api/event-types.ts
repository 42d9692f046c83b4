/**
 * `/api/event-types`: the event catalog of each profile. Built-in profiles' catalogs are
 * read-only; user profiles' catalogs can be edited, imported and exported (OpenAPI 3.1
 * `webhooks` documents).
 *
 * GET    /api/event-types?profileId=&category=&q=        → { items: EventTypeItem[], nextCursor: null }
 * GET    /api/event-types/:profileId/:name               → EventTypeItem (name URL-encoded)
 * POST   /api/event-types                                EventTypeInput → 201 EventTypeItem
 * PUT    /api/event-types/:profileId/:name               EventTypeUpdate → EventTypeItem
 * DELETE /api/event-types/:profileId/:name               → 204
 * POST   /api/event-types/sample                         SampleInput → { data } (fresh generated data)
 * POST   /api/event-types/validate                       ValidateInput → { ok, errors }
 * GET    /api/event-types/openapi?profileId=             → OpenAPI 3.1 document (JSON)
 * POST   /api/event-types/openapi                        OpenApiImportInput → OpenApiImportResult
 */
import { Type, type Static } from 'typebox'
import { EventTypeSchema } from '../catalog'
import { ListOf, TokenQueryProps } from './sender-common'

const ProfileIdSchema = Type.String({ minLength: 1, maxLength: 64 })
const EventNameSchema = EventTypeSchema.properties.name

/** Core fields (DESIGN.md): name, category, description, schema, example; plus its profile. */
export const EventTypeItemSchema = Type.Object({
  ...EventTypeSchema.properties,
  // An open object: a response schema without `additionalProperties` would drop its keys.
  schema: Type.Unsafe<{ [key: string]: unknown }>({ type: 'object', additionalProperties: true }),
  profileId: Type.String(),
  /** Part of a built-in preset (read-only). */
  builtIn: Type.Boolean(),
})
export type EventTypeItem = Static<typeof EventTypeItemSchema>

export const EventTypeListSchema = ListOf(EventTypeItemSchema)
export type EventTypeList = Static<typeof EventTypeListSchema>

export const EventTypeListQuerySchema = Type.Object(
  {
    profileId: Type.Optional(ProfileIdSchema),
    category: Type.Optional(Type.String({ maxLength: 100 })),
    /** Case-insensitive search in name and description. */
    q: Type.Optional(Type.String({ maxLength: 200 })),
    ...TokenQueryProps,
  },
  { additionalProperties: false },
)
export type EventTypeListQuery = Static<typeof EventTypeListQuerySchema>

export const EventTypeParamsSchema = Type.Object(
  { profileId: ProfileIdSchema, name: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
)
export type EventTypeParams = Static<typeof EventTypeParamsSchema>

/** Body of `POST /api/event-types` (user profiles only). `example` is generated when absent. */
export const EventTypeInputSchema = Type.Object(
  {
    profileId: ProfileIdSchema,
    name: EventNameSchema,
    category: EventTypeSchema.properties.category,
    description: Type.Optional(EventTypeSchema.properties.description),
    schema: EventTypeSchema.properties.schema,
    example: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
)
export type EventTypeInput = Static<typeof EventTypeInputSchema>

/** Body of `PUT /api/event-types/:profileId/:name`: fields to change (a new name renames it). */
export const EventTypeUpdateSchema = Type.Object(
  {
    name: Type.Optional(EventNameSchema),
    category: Type.Optional(EventTypeSchema.properties.category),
    description: Type.Optional(EventTypeSchema.properties.description),
    schema: Type.Optional(EventTypeSchema.properties.schema),
    example: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type EventTypeUpdate = Static<typeof EventTypeUpdateSchema>

/** Body of `POST /api/event-types/sample`: fresh generated data for the fire dialog. */
export const SampleInputSchema = Type.Object(
  {
    profileId: ProfileIdSchema,
    type: EventNameSchema,
    /** Same seed, same data. */
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1 })),
  },
  { additionalProperties: false },
)
export type SampleInput = Static<typeof SampleInputSchema>

export const SampleResultSchema = Type.Object({
  data: Type.Unknown(),
  /** The full body as the profile's envelope wraps it (webhook-specific fields null). */
  payload: Type.Unknown(),
})
export type SampleResult = Static<typeof SampleResultSchema>

/** Body of `POST /api/event-types/validate`: checks data against the event type's schema. */
export const ValidateInputSchema = Type.Object(
  { profileId: ProfileIdSchema, type: EventNameSchema, data: Type.Unknown() },
  { additionalProperties: false },
)
export type ValidateInput = Static<typeof ValidateInputSchema>

/** One problem in event data: the JSON pointer of the field and a sentence saying what is expected. */
export const DataErrorSchema = Type.Object({ path: Type.String(), message: Type.String() })
export type DataError = Static<typeof DataErrorSchema>

export const ValidateResultSchema = Type.Object({
  ok: Type.Boolean(),
  errors: Type.Array(DataErrorSchema),
  /** What firing this data would do under the profile's rule: reject (400) or warn. */
  dataValidation: Type.Union([Type.Literal('reject'), Type.Literal('warn')]),
})
export type ValidateResult = Static<typeof ValidateResultSchema>

export const OpenApiExportQuerySchema = Type.Object(
  { profileId: ProfileIdSchema, token: Type.Optional(Type.String()), download: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
)
export type OpenApiExportQuery = Static<typeof OpenApiExportQuerySchema>

/**
 * Body of `POST /api/event-types/openapi`: imports the `webhooks` of an OpenAPI 3.1 document
 * into a user profile. `merge` (default) adds new event types and replaces same-named ones;
 * `replace` makes the document the whole catalog. `dryRun` answers what the import would do
 * (the same result) and changes nothing: the UI asks before a replace removes event types.
 */
export const OpenApiImportInputSchema = Type.Object(
  {
    profileId: ProfileIdSchema,
    document: Type.Unsafe<Record<string, unknown>>({ type: 'object', description: 'The OpenAPI 3.1 document (parsed JSON)' }),
    mode: Type.Optional(Type.Union([Type.Literal('merge'), Type.Literal('replace')])),
    dryRun: Type.Optional(Type.Boolean({ description: 'Answer what the import would do, and change nothing' })),
  },
  { additionalProperties: false },
)
export type OpenApiImportInput = Static<typeof OpenApiImportInputSchema>

export const OpenApiImportResultSchema = Type.Object({
  profileId: Type.String(),
  /** Names of the event types added or replaced. */
  imported: Type.Array(Type.String()),
  /** Those of `imported` that replaced an event type of the same name. */
  replaced: Type.Array(Type.String()),
  /** Names removed (mode `replace`). */
  removed: Type.Array(Type.String()),
  /**
   * The profile's webhooks that subscribe to a removed type: the removed types they would stop
   * receiving, and those of their subscriptions that would match no event type afterwards
   * (`matchesNothing`: none of them would match any).
   */
  affectedWebhooks: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      lost: Type.Array(Type.String()),
      unmatched: Type.Array(Type.String()),
      matchesNothing: Type.Boolean(),
    }),
  ),
  /** What was skipped, guessed or simplified, one sentence each. */
  warnings: Type.Array(Type.String()),
  title: Type.Optional(Type.String()),
})
export type OpenApiImportResult = Static<typeof OpenApiImportResultSchema>
