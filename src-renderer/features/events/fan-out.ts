import type { Webhook } from '../../../src-shared/api/webhooks'
import { subscribes } from '../../../src-shared/event-filters'

type Subscriber = Pick<Webhook, 'id' | 'name' | 'profileId' | 'events' | 'status'>

/**
 * Who an event of `type` fans out to, as the engine decides it (its `subscribes`): the active
 * subscribed webhooks of the profile get a delivery; the paused or disabled ones are left out
 * (the engine's `skipped`), which the fire dialog says before firing, not only after.
 */
export function fanOut<W extends Subscriber>(webhooks: readonly W[], profileId: string, type: string): { active: W[]; skipped: W[] } {
  const subscribed = webhooks.filter((w) => w.profileId === profileId && (!type || subscribes(w.events, type)))
  return { active: subscribed.filter((w) => w.status === 'active'), skipped: subscribed.filter((w) => w.status !== 'active') }
}

/** "Sink dyn is paused: it will not receive this event; resume it first." */
export function skippedLine(w: Pick<Webhook, 'name' | 'status'>): string {
  const fix = w.status === 'paused' ? 'resume it first' : 're-enable it first'
  return `${w.name} is ${w.status}: it will not receive this event; ${fix}.`
}
