import type { Command } from 'commander'
import type { SigningSecret, VerificationResult } from '../../../src-shared/signing-schemes'
import { realClock } from '../../engine/clock'
import { HEADER_NAME } from '../../engine/http/header-syntax'
import { verifySignature } from '../../engine/signing'
import { collect } from '../options'
import {
  addSchemeFlags,
  parseUnixSeconds,
  runWithStdin,
  schemeFromFlags,
  usageFailure,
  UsageError,
  type CommandOutput,
  type SchemeFlags,
} from './sign'

export interface VerifyFlags extends SchemeFlags {
  header?: string[]
  now?: string
  expiredSecret?: string[]
}

/** Longest piece of signed content printed in text mode. */
const PRINT_LIMIT = 4096

/** Parses `-H 'Name: value'`. */
export function parseHeaderLine(line: string): [string, string] {
  const colon = line.indexOf(':')
  const name = colon > 0 ? line.slice(0, colon).trim() : ''
  if (!HEADER_NAME.test(name)) {
    throw new UsageError(`-H "${line}" is not a header: write it as -H 'Name: value'`)
  }
  return [name, line.slice(colon + 1).trim()]
}

/** Parses --now: unix seconds or an ISO 8601 date-time; returns epoch ms. */
export function parseNow(value: string): number {
  if (/^\d+(\.\d+)?$/.test(value.trim())) return parseUnixSeconds('--now', value) * 1000
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN
  if (!Number.isFinite(ms)) throw new UsageError(`--now must be unix seconds or an ISO 8601 date-time, e.g. 1767225600 or 2026-01-01T00:00:00Z; got "${value}"`)
  return ms
}

/** `hookbench verify`: the verdict, the reason and any diagnosis; exit 0 valid, 1 not valid, 2 usage error. */
export function runVerify(flags: VerifyFlags, body: Buffer, nowMs: number): CommandOutput {
  try {
    const { scheme, options } = schemeFromFlags(flags)
    if (!flags.secret?.length) throw new UsageError('verify needs --secret <secret> (repeat it to accept several during a rotation)')
    const headers = (flags.header ?? []).map(parseHeaderLine)
    const now = flags.now === undefined ? nowMs : parseNow(flags.now)
    const secrets: SigningSecret[] = [
      ...flags.secret.map((value) => ({ value })),
      // Expired secrets are never accepted; they let diagnosis recognise a rotated-out secret.
      ...(flags.expiredSecret ?? []).map((value, i) => ({ value, label: `expired #${i + 1}`, expiresAt: 0 })),
    ]
    const result = verifySignature({ scheme, options, secrets, body, headers, now })
    const exitCode = result.verdict === 'valid' ? 0 : 1
    return { stdout: flags.json ? JSON.stringify(result) + '\n' : formatResult(result), stderr: '', exitCode }
  } catch (err) {
    return usageFailure(err)
  }
}

/** The result as aligned text lines. */
export function formatResult(result: VerificationResult): string {
  const lines: [string, string][] = [
    ['verdict', result.verdict],
    ['reason', result.reason],
  ]
  if (result.matchedSecret) lines.push(['matched', result.matchedSecret])
  const d = result.diagnosis
  if (d) {
    lines.push(['diagnosis', `${d.code}${d.also?.length ? ` (+ ${d.also.join(', ')})` : ''}`])
    lines.push(['', d.sentence])
    if (d.fix) lines.push(['fix', d.fix])
  }
  const details = result.details
  if (result.verdict !== 'valid' && details.expected) {
    for (const [i, e] of details.expected.entries()) lines.push([i === 0 ? 'expected' : '', `${e}  (${details.expectedSecrets?.[i] ?? ''})`])
  }
  if (result.verdict !== 'valid' && details.received) {
    for (const [i, r] of details.received.entries()) lines.push([i === 0 ? 'received' : '', r])
  }
  let out = lines.map(([k, v]) => `${k ? `${k}:` : ''}`.padEnd(11) + v).join('\n') + '\n'
  if (result.verdict !== 'valid' && details.signedContent !== undefined) {
    const shown = details.signedContent.length > PRINT_LIMIT ? details.signedContent.slice(0, PRINT_LIMIT) : details.signedContent
    const cut = shown.length < details.signedContent.length || details.signedContentTruncated
    out +=
      `signed:    ${details.signedContentBytes} bytes of ${details.template} (${details.signedContentEncoding})` +
      `${cut ? `, first ${shown.length} characters shown` : ''}:\n${shown}\n`
  }
  return out
}

export function registerVerify(program: Command): void {
  addSchemeFlags(
    program
      .command('verify')
      .description('verify the signature of a body read on stdin; exit 0 valid, 1 not valid, 2 usage error')
      .option('-H, --header <line>', "a received header, 'Name: value'; repeatable", collect)
      .option('--now <time>', 'check the timestamp as of this time: unix seconds or ISO 8601 (default: now)')
      .option('--expired-secret <secret>', 'a rotated-out secret: never accepted, but named if it made the signature', collect),
  ).action(async (flags: VerifyFlags) => {
    await runWithStdin('verify', (body) => runVerify(flags, body, realClock.now()))
  })
}
