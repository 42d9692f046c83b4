import { randomBytes, randomUUID } from 'node:crypto'
import type { HeaderPair } from '../http/outbound'

/**
 * A fresh event id in the style of the original: same prefix (`evt_`, `msg_`, `wh-`...) and
 * the same length of random tail, or a new UUID when the original is one.
 */
export function freshEventId(original: string): string {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(original)) return randomUUID()
  const m = /^([A-Za-z]+[_-](?:[A-Za-z]+[_-])?)(.*)$/.exec(original)
  const prefix = m ? m[1]! : ''
  const tailLength = Math.max(8, (m ? m[2]! : original).length)
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  let tail = ''
  for (const b of randomBytes(tailLength)) tail += alphabet[b % alphabet.length]
  return prefix + tail
}

/**
 * Puts `next` where `previous` was: header values equal to it, and JSON string literals equal
 * to it in the body. The body is edited as text so its formatting (and every other byte) stays.
 */
export function replaceEventId(headers: HeaderPair[], body: Buffer, previous: string, next: string): { headers: HeaderPair[]; body: Buffer; changedBody: boolean } {
  const outHeaders = headers.map(([n, v]): HeaderPair => [n, v === previous ? next : v])
  const literal = JSON.stringify(previous)
  const text = body.toString('utf8')
  if (!text.includes(literal) || !Buffer.from(text, 'utf8').equals(body)) return { headers: outHeaders, body, changedBody: false }
  return { headers: outHeaders, body: Buffer.from(text.split(literal).join(JSON.stringify(next)), 'utf8'), changedBody: true }
}

/** Drops every header whose name (any case) is in `names`. */
export function withoutHeaders(headers: HeaderPair[], names: Iterable<string>): HeaderPair[] {
  const drop = new Set([...names].map((n) => n.toLowerCase()))
  return headers.filter(([n]) => !drop.has(n.toLowerCase()))
}

/** Where one signing puts its signature: the header, a legacy twin (GitHub's X-Hub-Signature), a separate signed timestamp. */
export interface SignatureHeaderNames {
  signature: string
  legacy?: string
  timestamps: string[]
}

/**
 * The header names of every signing whose signature `headers` carry (its signature or legacy
 * header is there): what a re-signed request drops so it carries the new signature only. An id
 * header (webhook-id) is the event's, not the signature's, and stays.
 */
export function carriedSignatureHeaders(headers: HeaderPair[], signings: readonly SignatureHeaderNames[]): string[] {
  const present = new Set(headers.map(([n]) => n.toLowerCase()))
  return signings
    .filter((s) => present.has(s.signature.toLowerCase()) || (s.legacy !== undefined && present.has(s.legacy.toLowerCase())))
    .flatMap((s) => [s.signature, ...(s.legacy !== undefined ? [s.legacy] : []), ...s.timestamps])
}
