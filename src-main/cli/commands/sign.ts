import type { Command } from 'commander'
import {
  SCHEME_OPTIONS,
  SIGNING_SCHEMES,
  type SigningOptions,
  type SigningSchemeId,
} from '../../../src-shared/signing-schemes'
import { realClock } from '../../engine/clock'
import { describeScheme, isSchemeId, signRequest, SigningConfigError } from '../../engine/signing'
import { collect } from '../options'

/** Flags that shape a scheme, shared by `sign` and `verify`. */
export interface SchemeFlags {
  scheme?: string
  secret?: string[]
  headerName?: string
  prefix?: string
  algorithm?: string
  encoding?: string
  template?: string
  timestampHeader?: string
  timestampFormat?: string
  idHeader?: string
  secretFormat?: string
  tolerance?: string
  json?: boolean
}

export interface SignFlags extends SchemeFlags {
  id?: string
  timestamp?: string
}

/** What a command prints and its exit code: 0 valid/ok, 1 not valid, 2 usage error. */
export interface CommandOutput {
  stdout: string
  stderr: string
  exitCode: number
}

/** A mistake in the command line: printed as one line on stderr, exit code 2. */
export class UsageError extends Error {}

const FLAG_OF: Record<keyof SigningOptions, string> = {
  headerName: '--header-name',
  prefix: '--prefix',
  algorithm: '--algorithm',
  encoding: '--encoding',
  template: '--template',
  timestampHeader: '--timestamp-header',
  timestampFormat: '--timestamp-format',
  idHeader: '--id-header',
  toleranceSec: '--tolerance',
  secretFormat: '--secret-format',
}

/** Adds the scheme flags to a command. */
export function addSchemeFlags(cmd: Command): Command {
  return cmd
    .option('--scheme <id>', `signing scheme: ${SIGNING_SCHEMES.join(', ')}`)
    .option('--secret <secret>', 'signing secret; repeat for a rotation (newest first)', collect)
    .option('--header-name <name>', 'signature header (hmac-sha256, custom)')
    .option('--prefix <text>', 'text before the digest, e.g. sha256= (hmac-sha256, custom)')
    .option('--algorithm <alg>', 'sha1, sha256 or sha512 (custom)')
    .option('--encoding <enc>', 'hex or base64 (custom)')
    .option('--template <tpl>', 'signed content over {id} {timestamp} {body}, e.g. "{timestamp}.{body}" (custom)')
    .option('--timestamp-header <name>', 'header carrying the timestamp (custom)')
    .option('--timestamp-format <fmt>', 'unix, unix-ms or iso (custom)')
    .option('--id-header <name>', 'header carrying the message id (custom)')
    .option('--secret-format <fmt>', 'literal (the secret\'s text is the key) or whsec (base64 after whsec_) (custom)')
    .option('--tolerance <seconds>', 'verify: timestamp tolerance in seconds, 0 = off (default 300)')
    .option('--json', 'print JSON instead of text')
}

/**
 * Turns the scheme flags into a scheme id and SigningOptions; a flag the scheme does not read is
 * a usage error, and so is --tolerance for `sign` (only verifying checks a timestamp's age).
 */
export function schemeFromFlags(flags: SchemeFlags, command: 'sign' | 'verify' = 'verify'): { scheme: SigningSchemeId; options: SigningOptions } {
  if (!flags.scheme) throw new UsageError(`--scheme is required: one of ${SIGNING_SCHEMES.join(', ')}`)
  if (!isSchemeId(flags.scheme)) throw new UsageError(`--scheme "${flags.scheme}" is unknown: use one of ${SIGNING_SCHEMES.join(', ')}`)
  const options: SigningOptions = {}
  const set = <K extends keyof SigningOptions>(key: K, value: SigningOptions[K] | undefined) => {
    if (value !== undefined) options[key] = value
  }
  set('headerName', flags.headerName)
  set('prefix', flags.prefix)
  set('algorithm', flags.algorithm as SigningOptions['algorithm'])
  set('encoding', flags.encoding as SigningOptions['encoding'])
  set('template', flags.template)
  set('timestampHeader', flags.timestampHeader)
  set('timestampFormat', flags.timestampFormat as SigningOptions['timestampFormat'])
  set('idHeader', flags.idHeader)
  set('secretFormat', flags.secretFormat as SigningOptions['secretFormat'])
  if (command === 'sign' && flags.tolerance !== undefined) {
    throw new UsageError('--tolerance does not apply to sign: it is how old a signed timestamp verify accepts')
  }
  if (flags.tolerance !== undefined) {
    const n = Number(flags.tolerance)
    if (flags.tolerance.trim() === '' || !Number.isFinite(n) || n < 0) {
      throw new UsageError(`--tolerance must be a number of seconds ≥ 0 (0 turns the check off); got "${flags.tolerance}"`)
    }
    options.toleranceSec = n
  }
  const reads = SCHEME_OPTIONS[flags.scheme].filter((k) => command === 'verify' || k !== 'toleranceSec')
  for (const key of Object.keys(options) as (keyof SigningOptions)[]) {
    if (!reads.includes(key)) {
      const accepted = reads.map((k) => FLAG_OF[k]).join(', ')
      throw new UsageError(`${FLAG_OF[key]} does not apply to --scheme ${flags.scheme} (${accepted ? `it takes ${accepted}` : 'it takes no options'})`)
    }
  }
  return { scheme: flags.scheme, options }
}

/** Parses unix seconds given on the command line. */
export function parseUnixSeconds(flag: string, value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value.trim())) throw new UsageError(`${flag} must be unix seconds, e.g. 1767225600; got "${value}"`)
  return Number(value)
}

/**
 * Refuses what `sign` would otherwise drop without a word: several secrets for a scheme whose
 * header carries one signature (the engine signs with the first only), and --id or --timestamp
 * where the scheme signs no id or no timestamp.
 */
function checkSignFlags(scheme: SigningSchemeId, options: SigningOptions, flags: SignFlags): void {
  const described = describeScheme(scheme, options)
  const which = scheme === 'custom' ? `--scheme custom with the template "${described.template}"` : `--scheme ${scheme}`
  if ((flags.secret?.length ?? 0) > 1 && !described.multiSignature) {
    const multi = SIGNING_SCHEMES.filter((id) => describeScheme(id).multiSignature)
    const names = new Intl.ListFormat('en').format(multi)
    throw new UsageError(`--scheme ${scheme} carries one signature, so sign takes one --secret (got ${flags.secret!.length}); ${names} carry one per secret during a rotation`)
  }
  if (flags.id !== undefined && !described.idHeader) {
    throw new UsageError(`--id does not apply to ${which} (it signs no message id${scheme === 'custom' ? '; put {id} in --template to sign one' : ''})`)
  }
  if (flags.timestamp !== undefined && !described.timestampHeader) {
    throw new UsageError(`--timestamp does not apply to ${which} (it signs no timestamp${scheme === 'custom' ? '; put {timestamp} in --template to sign one' : ''})`)
  }
}

/** `hookbench sign`: the headers to send for a body, one `Name: value` a line. */
export function runSign(flags: SignFlags, body: Buffer, nowMs: number): CommandOutput {
  try {
    const { scheme, options } = schemeFromFlags(flags, 'sign')
    if (!flags.secret?.length) throw new UsageError('sign needs --secret <secret> (repeat it to sign with several during a rotation)')
    checkSignFlags(scheme, options, flags)
    const timestamp = flags.timestamp === undefined ? Math.floor(nowMs / 1000) : parseUnixSeconds('--timestamp', flags.timestamp)
    const input: Parameters<typeof signRequest>[0] = { scheme, options, secrets: flags.secret, body, timestamp }
    if (flags.id !== undefined) input.id = flags.id
    const signed = signRequest(input)
    if (flags.json) {
      const utf8 = Buffer.from(signed.signedContent.toString('utf8'), 'utf8').equals(signed.signedContent)
      return {
        stdout:
          JSON.stringify({
            headers: signed.headers,
            signedContent: signed.signedContent.toString(utf8 ? 'utf8' : 'base64'),
            signedContentEncoding: utf8 ? 'utf8' : 'base64',
          }) + '\n',
        stderr: '',
        exitCode: 0,
      }
    }
    return { stdout: signed.headers.map(([n, v]) => `${n}: ${v}\n`).join(''), stderr: '', exitCode: 0 }
  } catch (err) {
    return usageFailure(err)
  }
}

/** Maps a usage or configuration error to exit code 2; anything else is a bug and is rethrown. */
export function usageFailure(err: unknown): CommandOutput {
  if (err instanceof UsageError || err instanceof SigningConfigError) {
    return { stdout: '', stderr: `hookbench: ${err.message}\n`, exitCode: 2 }
  }
  throw err
}

/** Reads the whole body from stdin; null when stdin is a terminal (nothing was piped). */
export async function readStdin(): Promise<Buffer | null> {
  if (process.stdin.isTTY) return null
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string))
  return Buffer.concat(chunks)
}

/** Runs a command body against stdin and reports through stdout, stderr and process.exitCode. */
export async function runWithStdin(command: string, run: (body: Buffer) => CommandOutput): Promise<void> {
  const body = await readStdin()
  const out =
    body === null
      ? {
          stdout: '',
          stderr: `hookbench: ${command} reads the body on stdin: pipe it in, e.g. hookbench ${command} … < body.json (use < /dev/null for an empty body)\n`,
          exitCode: 2,
        }
      : run(body)
  if (out.stdout) process.stdout.write(out.stdout)
  if (out.stderr) process.stderr.write(out.stderr)
  process.exitCode = out.exitCode
}

export function registerSign(program: Command): void {
  addSchemeFlags(
    program
      .command('sign')
      .description(
        'sign a body read on stdin and print the headers to send, one "Name: value" a line; a flag the scheme does not use is refused, and several --secret only where the scheme carries several signatures (standard-webhooks, stripe)',
      )
      .option('--id <id>', 'message id, for schemes that sign one: standard-webhooks, custom with {id} (default: a random msg_… id)')
      .option('--timestamp <unix>', 'timestamp in unix seconds, for schemes that sign one (default: now)'),
  ).action(async (flags: SignFlags) => {
    await runWithStdin('sign', (body) => runSign(flags, body, realClock.now()))
  })
}
