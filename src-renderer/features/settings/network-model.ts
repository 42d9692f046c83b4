/**
 * The Network settings form, without React: the address choices of this machine and what a
 * change would do. Pure.
 */
import type { IngestSettings, IngestSettingsInput } from '../../../src-shared/api/settings'

export const LOOPBACK = '127.0.0.1'
export const EVERY_INTERFACE = '0.0.0.0'

export interface AddressChoice {
  host: string
  label: string
  detail: string
  exposed: boolean
}

const isLoopback = (host: string) => host === LOOPBACK || host === 'localhost' || host === '::1' || host.startsWith('127.')

/** This machine only, each LAN address, every interface; plus the current host if it is none of those. */
export function addressChoices(s: Pick<IngestSettings, 'host' | 'lanAddresses'>): AddressChoice[] {
  const out: AddressChoice[] = [{ host: LOOPBACK, label: 'This machine only', detail: 'senders on this computer', exposed: false }]
  for (const a of s.lanAddresses) {
    if (isLoopback(a.address) || out.some((c) => c.host === a.address)) continue
    out.push({ host: a.address, label: 'LAN address', detail: `${a.interface} · ${a.family}`, exposed: true })
  }
  out.push({ host: EVERY_INTERFACE, label: 'Every interface', detail: 'all the addresses of this machine', exposed: true })
  if (!out.some((c) => c.host === s.host)) out.splice(1, 0, { host: s.host, label: s.host, detail: 'current address', exposed: !isLoopback(s.host) })
  return out
}

/** Where senders reach a binding, in words: "192.168.1.20:4301", or any address of the machine. */
export function reachDescription(host: string, port: string | number, lanAddresses: { address: string }[]): string {
  if (host !== EVERY_INTERFACE && host !== '::') return `${host.includes(':') ? `[${host}]` : host}:${port}`
  const lan = lanAddresses.map((a) => a.address).filter((a) => !isLoopback(a))
  return `any address of this machine${lan.length ? ` (${lan.join(', ')})` : ''} on port ${port}`
}

export interface NetworkForm {
  host: string
  port: string
  tls: boolean
}

export const formOf = (s: Pick<IngestSettings, 'host' | 'port' | 'tls'>): NetworkForm => ({ host: isLoopback(s.host) ? LOOPBACK : s.host, port: String(s.port), tls: s.tls })

/** The PUT body for a form, or what to fix. The port is always sent so the URLs keep it. */
export function networkInput(f: NetworkForm): { ok: true; input: IngestSettingsInput } | { ok: false; error: string } {
  const port = Number(f.port)
  if (!/^\d+$/.test(f.port.trim()) || port > 65535) return { ok: false, error: 'The port is a number from 0 to 65535 (0 picks a free one).' }
  return { ok: true, input: { host: f.host, port, tls: f.tls } }
}

export const formChanged = (f: NetworkForm, s: Pick<IngestSettings, 'host' | 'port' | 'tls'>) => {
  const cur = formOf(s)
  return f.host !== cur.host || f.port.trim() !== cur.port || f.tls !== cur.tls
}

/** Colon-separated pairs, as `openssl x509 -fingerprint -sha256` prints them. */
export function formatFingerprint(fp: string): string {
  const hex = fp.replace(/[^0-9a-f]/gi, '').toUpperCase()
  if (hex.length % 2) return fp
  return hex.match(/../g)!.join(':')
}
