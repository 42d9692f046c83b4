import { isIP } from 'node:net'
import { networkInterfaces } from 'node:os'

export interface LanAddress {
  address: string
  family: 'IPv4' | 'IPv6'
  interface: string
}

/** This machine's non-loopback addresses a staging app on the network could reach. */
export function listLanAddresses(): LanAddress[] {
  const out: LanAddress[] = []
  for (const [name, addrs] of Object.entries(networkInterfaces())) {
    for (const a of addrs ?? []) {
      if (a.internal) continue
      if (a.family === 'IPv6' && a.address.toLowerCase().startsWith('fe80')) continue // link-local needs a zone id
      out.push({ address: a.address, family: a.family as 'IPv4' | 'IPv6', interface: name })
    }
  }
  return out.sort((a, b) => (a.family === b.family ? 0 : a.family === 'IPv4' ? -1 : 1))
}

export const isLoopbackHost = (host: string) =>
  host === '::1' || host === 'localhost' || host.startsWith('127.') || host.toLowerCase().startsWith('::ffff:127.')
export const isWildcardHost = (host: string) => host === '0.0.0.0' || host === '::'

/** A host as it is written in a URL: IPv6 addresses in brackets. */
export const urlHost = (host: string) => (isIP(host) === 6 ? `[${host}]` : host)

/**
 * Every base URL the ingest plane answers on, for a bind address: loopback only; one LAN
 * address (plus nothing else: the socket is bound to it); or the wildcard (loopback + all LAN).
 */
export function ingestBaseUrls(bindHost: string, port: number, scheme: 'http' | 'https' = 'http'): { url: string; scope: 'loopback' | 'lan' }[] {
  const make = (h: string, scope: 'loopback' | 'lan') => ({ url: `${scheme}://${urlHost(h)}:${port}`, scope })
  if (isLoopbackHost(bindHost)) return [make(bindHost === 'localhost' ? '127.0.0.1' : bindHost, 'loopback')]
  if (isWildcardHost(bindHost)) {
    const lan = listLanAddresses().filter((a) => bindHost === '::' || a.family === 'IPv4')
    return [make('127.0.0.1', 'loopback'), ...lan.map((a) => make(a.address, 'lan'))]
  }
  return [make(bindHost, 'lan')]
}
