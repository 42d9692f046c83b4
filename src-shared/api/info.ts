import { Type, type Static } from 'typebox'

export const HealthSchema = Type.Object({ ok: Type.Boolean(), version: Type.String() })
export type Health = Static<typeof HealthSchema>

export const EngineUrlsSchema = Type.Object({
  ui: Type.String({ description: 'UI URL without the token' }),
  api: Type.String(),
  ingest: Type.String({ description: 'Base URL of the inboxes: <ingest>/<inbox-slug>' }),
})
export type EngineUrls = Static<typeof EngineUrlsSchema>

export const InfoSchema = Type.Object({
  name: Type.Literal('hookbench'),
  version: Type.String(),
  dataDir: Type.String(),
  dbPath: Type.String(),
  schemaVersion: Type.Integer(),
  urls: EngineUrlsSchema,
  ingestHost: Type.String(),
  runtime: Type.Object({
    node: Type.String(),
    electron: Type.Union([Type.String(), Type.Null()]),
    sqlite: Type.String(),
    platform: Type.String(),
  }),
  startedAt: Type.String({ format: 'date-time' }),
  /**
   * The engine clock (`--time-scale N`): times the engine records run N times faster than the
   * machine's, `leadMs` ahead of it at `wallMs` (the machine's time, epoch ms, when the lead was
   * read: a UI on this machine computes the engine's now from it, whatever the round trip took).
   * `scale` 1 and `leadMs` 0 without a time scale.
   */
  clock: Type.Object({ scale: Type.Number(), leadMs: Type.Number(), wallMs: Type.Number() }),
})
export type Info = Static<typeof InfoSchema>
