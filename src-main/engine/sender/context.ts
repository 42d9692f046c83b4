import type { EngineContext } from '../context'
import { createDeliveriesRepo } from '../db/deliveries-repo'
import { createEventsRepo } from '../db/events-repo'
import { createProfilesRepo } from '../db/profiles-repo'
import { createSchedulesRepo } from '../db/schedules-repo'
import { createWebhooksRepo } from '../db/webhooks-repo'

export function createSenderRepos(ctx: EngineContext) {
  return {
    profiles: createProfilesRepo(ctx.db),
    webhooks: createWebhooksRepo(ctx.db),
    events: createEventsRepo(ctx.db),
    deliveries: createDeliveriesRepo(ctx.db),
    schedules: createSchedulesRepo(ctx.db),
  }
}

export type SenderRepos = ReturnType<typeof createSenderRepos>

/** What each sender module is built from. */
export interface SenderContext {
  ctx: EngineContext
  repos: SenderRepos
}

/** ISO 8601 UTC of an epoch-ms time, or null. */
export const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(ms).toISOString())
export const isoAt = (ms: number): string => new Date(ms).toISOString()
