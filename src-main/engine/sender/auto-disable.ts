/**
 * The auto-disable rule: a webhook whose last N deliveries all failed (every attempt of each)
 * is disabled, N being the profile's `disableAfter` (null: never). Its pending deliveries are
 * held, not dropped; enabling it again resets the count and releases them.
 */
import { disableRuleText, type ProviderProfile } from '../../../src-shared/catalog'

export function shouldDisable(profile: Pick<ProviderProfile, 'disableAfter'>, consecutiveFailures: number): boolean {
  return profile.disableAfter !== null && consecutiveFailures >= profile.disableAfter
}

/**
 * The sentence shown on the webhook (and in the live feed) when it is disabled. It is stored once,
 * so it does not promise held deliveries: how many are held changes after it (the webhook's
 * `stats.held` says it, and each held delivery says why it is held).
 */
export function disabledReason(
  profile: Pick<ProviderProfile, 'name' | 'disableAfter' | 'retrySchedule'>,
  consecutiveFailures: number,
  lastFailure: string,
): string {
  const n = consecutiveFailures
  return (
    `Disabled after ${n} consecutive failed deliver${n === 1 ? 'y' : 'ies'} (${profile.name} disables a webhook ${disableRuleText(profile)}); ` +
    `last failure: ${lastFailure}. Fix the endpoint, then enable the webhook.`
  )
}

export const heldReason = {
  disabled: (reason: string) => `Held: the webhook is disabled. ${reason}`,
  paused: (at: string) => `Held: the webhook was paused at ${at}; resume it (enable) to send.`,
}

/** Short description of a failed attempt, e.g. "HTTP 500" or "timeout: no complete response within 10000 ms". */
export function describeFailure(status: number | null, error: { code: string; message: string } | null): string {
  if (error) return `${error.code}: ${error.message}`
  return `HTTP ${status}`
}
