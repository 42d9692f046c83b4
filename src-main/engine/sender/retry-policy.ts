/**
 * When a failed delivery is tried again. Attempt 1 goes at once; after the k-th failed
 * scheduled attempt the next waits `retrySchedule[k-1]` seconds, counted from the moment the
 * failure was known; once the schedule is used up the delivery is failed. A manual retry or a
 * test delivery is tried once and its result is final.
 */
import type { ProviderProfile } from '../../../src-shared/catalog'

/** The profile's success rule: any 2xx status. */
export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status < 300
}

/** Attempts a delivery gets under a schedule: the first plus one per retry delay. */
export function maxAttempts(profile: Pick<ProviderProfile, 'retrySchedule'>): number {
  return 1 + profile.retrySchedule.length
}

/**
 * The due time of the retry after the `failedAttempts`-th failed scheduled attempt (counting
 * it), or null when the schedule is used up and the delivery has failed.
 */
export function nextRetryAt(profile: Pick<ProviderProfile, 'retrySchedule'>, failedAttempts: number, failedAt: number): number | null {
  const delay = profile.retrySchedule[failedAttempts - 1]
  return delay === undefined ? null : failedAt + delay * 1000
}
