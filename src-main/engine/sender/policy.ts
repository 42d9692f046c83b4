/**
 * Target URL checks. An invalid URL is refused (400 naming the field). A URL the profile's
 * real provider would refuse (http:// when it wants HTTPS, a private, loopback or link-local
 * address when it guards against SSRF) is accepted with a visible warning: Hookbench is for
 * local testing, so it never blocks silently; `allowLocal` marks the warnings as acknowledged.
 * Only literal addresses and local names are judged: resolving DNS would need the network.
 */
import { isIP } from 'node:net'
import type { PolicyWarning } from '../../../src-shared/api/webhooks'
import type { ProviderProfile } from '../../../src-shared/catalog'
import { httpUrlProblem } from '../../../src-shared/http-url'
import { badRequest } from '../errors'
import { ipv4Text, parseIp } from '../http/ip'

/** Parses a webhook URL or throws a 400 naming `field`. */
export function parseTargetUrl(raw: string, field = '/url'): URL {
  const problem = httpUrlProblem(raw)
  if (problem) throw badRequest('HB_ERR_WEBHOOK_URL_INVALID', problem, field)
  return new URL(raw.trim())
}

type AddressKind = 'loopback' | 'private' | 'link_local' | 'unspecified' | 'public'

function ipv4Kind(ip: string): AddressKind {
  const [a = 0, b = 0] = ip.split('.').map(Number)
  if (a === 127) return 'loopback'
  if (a === 0) return 'unspecified'
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127)) return 'private'
  if (a === 169 && b === 254) return 'link_local'
  return 'public'
}

const NAT64_PREFIX = 0x64ff9b_0000_0000_0000_0000n

function ipv6Kind(ip: string): AddressKind {
  const lower = ip.toLowerCase()
  if (lower === '::1') return 'loopback'
  if (lower === '::') return 'unspecified'
  const parsed = parseIp(lower)
  if (!parsed) return 'public'
  // IPv4-mapped (::ffff:7f00:1, which is how URLs write ::ffff:127.0.0.1) and IPv4-compatible
  // (::7f00:1) addresses reach the IPv4 address they embed.
  if (parsed.version === 4 || parsed.value >> 32n === 0n) return ipv4Kind(ipv4Text(parsed.value & 0xffffffffn))
  // NAT64 (64:ff9b::/96) and 6to4 (2002:AABB:CCDD::/48) reach the IPv4 address they carry too.
  if (parsed.value >> 32n === NAT64_PREFIX) return ipv4Kind(ipv4Text(parsed.value & 0xffffffffn))
  if (parsed.value >> 112n === 0x2002n) return ipv4Kind(ipv4Text((parsed.value >> 80n) & 0xffffffffn))
  if (/^f[cd]/.test(lower)) return 'private'
  if (/^fe[89ab]/.test(lower)) return 'link_local'
  return 'public'
}

/** What kind of target a host name is, judged without DNS. */
export function hostKind(hostname: string): AddressKind {
  const host = hostname.replace(/^\[|\]$/g, '')
  const family = isIP(host)
  if (family === 4) return ipv4Kind(host)
  if (family === 6) return ipv6Kind(host)
  const name = host.toLowerCase().replace(/\.$/, '')
  if (name === 'localhost' || name.endsWith('.localhost')) return 'loopback'
  if (name.endsWith('.local') || name.endsWith('.internal') || name.endsWith('.lan') || !name.includes('.')) return 'private'
  return 'public'
}

/** The policy warnings of a URL under a profile; `overridden` when the webhook allows local testing. */
export function policyWarnings(url: URL, profile: Pick<ProviderProfile, 'name' | 'policy'>, allowLocal: boolean): PolicyWarning[] {
  const out: PolicyWarning[] = []
  // `message` is for API users (it names the field and the app's button); `reason` lets a host word the fix by its own control.
  const fix = allowLocal ? ' Allowed here for local testing.' : ' Hookbench sends anyway; set allowLocal: true (in the app: "Allow for local testing") to mark this URL as a local test target.'
  const add = (code: PolicyWarning['code'], reason: string) => out.push({ code, message: `${reason}${fix}`, reason, overridden: allowLocal })
  if (profile.policy.httpsOnly && url.protocol !== 'https:') {
    add('https_required', `${profile.name} only accepts https:// webhook URLs, so its real service would refuse this one.`)
  }
  if (profile.policy.blockPrivate) {
    const kind = hostKind(url.hostname)
    if (kind === 'loopback' || kind === 'unspecified') {
      add('loopback_target', `${url.hostname} is this machine (loopback); ${profile.name} refuses private and internal targets (SSRF protection).`)
    } else if (kind === 'private') {
      add('private_target', `${url.hostname} is a private or internal address; ${profile.name} refuses private and internal targets (SSRF protection).`)
    } else if (kind === 'link_local') {
      add('link_local_target', `${url.hostname} is a link-local address (such as cloud metadata endpoints); ${profile.name} refuses it (SSRF protection).`)
    }
  }
  if (url.username || url.password) {
    const reason =
      'The URL carries a user name or password: Hookbench sends them as HTTP Basic authorization (a custom Authorization header takes precedence), and they show in clear wherever the URL is logged or exported. Prefer a custom Authorization header.'
    out.push({ code: 'credentials_in_url', message: reason, reason, overridden: false })
  }
  return out
}
