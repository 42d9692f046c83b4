/**
 * Engine settings the UI can change.
 * - `GET /api/settings/ingest` → IngestSettings
 * - `PUT /api/settings/ingest` IngestSettingsInput → IngestSettings (the ingest plane restarts
 *   on the new address; on failure the old one keeps running and the answer says why)
 * - `GET /api/settings/ingest/certificate` → the PEM certificate (download), when TLS is on
 * Live topic: `settings.ingest` (IngestSettings).
 */
import { Type, type Static } from 'typebox'

export const IngestSettingsInputSchema = Type.Object(
  {
    /** `127.0.0.1` (this machine only), a LAN address of this machine, or `0.0.0.0` (every interface). */
    host: Type.String({ minLength: 1, maxLength: 100 }),
    /** 0 picks a free port. */
    port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
    /** Serve the inboxes over HTTPS with a self-signed certificate kept in the data folder. */
    tls: Type.Boolean(),
  },
  { additionalProperties: false },
)
export type IngestSettingsInput = Static<typeof IngestSettingsInputSchema>

export const IngestSettingsSchema = Type.Object({
  host: Type.String(),
  port: Type.Integer(),
  tls: Type.Boolean(),
  /** Every base URL the inboxes answer on: `<url>/<slug>`. */
  urls: Type.Array(Type.Object({ url: Type.String(), scope: Type.Union([Type.Literal('loopback'), Type.Literal('lan')]) })),
  /** The addresses of this machine a staging app could reach, to choose from. */
  lanAddresses: Type.Array(Type.Object({ address: Type.String(), family: Type.String(), interface: Type.String() })),
  /** True when the inboxes listen beyond this machine. */
  exposed: Type.Boolean(),
  certificate: Type.Union([
    Type.Object({
      fingerprint256: Type.String(),
      notAfter: Type.String(),
      hosts: Type.Array(Type.String()),
      /** GET it with the token to download the PEM. */
      downloadPath: Type.String(),
    }),
    Type.Null(),
  ]),
})
export type IngestSettings = Static<typeof IngestSettingsSchema>
