import { ErrorBodySchema } from '../../../../src-shared/api/errors'
import { HealthSchema, InfoSchema, type Info } from '../../../../src-shared/api/info'
import { API } from '../../../../src-shared/api/paths'
import type { Clock } from '../../clock'
import type { ApiApp, RouteDeps } from '../types'
import { schemaVersion } from '../../db/migrate'

/** The clock's scale and its lead over the machine's clock, read together with the machine time they hold at. */
function clockFacts(clock: Clock): Info['clock'] {
  const wallMs = clock.wallNow()
  return { scale: clock.scale ?? 1, leadMs: clock.now() - wallMs, wallMs }
}

export function healthRoutes(app: ApiApp, { ctx }: RouteDeps): void {
  app.get(
    API.health,
    { schema: { tags: ['engine'], summary: 'Liveness; needs no token', security: [], response: { 200: HealthSchema } } },
    async () => ({ ok: true, version: ctx.version }),
  )

  app.get(
    API.info,
    {
      schema: {
        tags: ['engine'],
        summary: 'Version, data folder, URLs and runtime versions',
        response: { 200: InfoSchema, 401: ErrorBodySchema },
      },
    },
    async (): Promise<Info> => ({
      name: 'hookbench',
      version: ctx.version,
      dataDir: ctx.dataDir,
      dbPath: ctx.dbPath,
      schemaVersion: schemaVersion(ctx.db),
      urls: ctx.urls(),
      ingestHost: ctx.ingestHost,
      runtime: {
        node: process.versions.node,
        electron: process.versions.electron ?? null,
        sqlite: (ctx.db.prepare('select sqlite_version() as v').get() as { v: string }).v,
        platform: `${process.platform}-${process.arch}`,
      },
      startedAt: ctx.startedAt,
      clock: clockFacts(ctx.clock),
    }),
  )
}
