import type { Profile } from '../../../src-shared/api/profiles'
import type { PolicyWarning } from '../../../src-shared/api/webhooks'

/**
 * What the profile's real provider would say about a URL, predicted in the form before saving
 * (the engine's `warnings` on the saved webhook are the authority). Hookbench never blocks on
 * these: the user acknowledges them with "allow for local testing".
 */
export function predictWarnings(url: string, profile: Profile | undefined): Omit<PolicyWarning, 'overridden' | 'reason'>[] {
  if (!profile) return []
  let u: URL
  try {
    u = new URL(url.trim())
  } catch {
    return []
  }
  const out: Omit<PolicyWarning, 'overridden' | 'reason'>[] = []
  const who = profile.name
  if (profile.policy.httpsOnly && u.protocol === 'http:') out.push({ code: 'https_required', message: `${who} only delivers to https:// URLs.` })
  if (u.username || u.password) out.push({ code: 'credentials_in_url', message: 'The URL carries a user name or password; providers refuse or strip them.' })
  if (profile.policy.blockPrivate) {
    const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase()
    if (host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1')
      out.push({ code: 'loopback_target', message: `${who} refuses loopback targets such as ${host}.` })
    else if (/^169\.254\./.test(host) || /^fe80:/.test(host)) out.push({ code: 'link_local_target', message: `${who} refuses link-local targets such as ${host}.` })
    else if (/^10\./.test(host) || /^192\.168\./.test(host) || /^172\.(1[6-9]|2\d|3[01])\./.test(host) || /^f[cd][0-9a-f]{2}:/.test(host))
      out.push({ code: 'private_target', message: `${who} refuses private network targets such as ${host}.` })
  }
  return out
}
