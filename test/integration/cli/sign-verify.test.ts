import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { runSign } from '../../../src-main/cli/commands/sign'
import { runVerify } from '../../../src-main/cli/commands/verify'
import { runCli } from '../../helpers/cli'

const SW = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: '1614265330',
  body: Buffer.from('{"test": 2432232314}'),
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
}
const NOW_MS = 1614265330_000
const hex = (body: string, secret: string) => createHmac('sha256', secret).update(body).digest('hex')

describe('runSign', () => {
  it("prints the Standard Webhooks example's headers, one Name: value a line", () => {
    const out = runSign({ scheme: 'standard-webhooks', secret: [SW.secret], id: SW.id, timestamp: SW.timestamp }, SW.body, 0)
    expect(out).toEqual({
      stdout: `webhook-id: ${SW.id}\nwebhook-timestamp: ${SW.timestamp}\nwebhook-signature: ${SW.signature}\n`,
      stderr: '',
      exitCode: 0,
    })
  })

  it('stamps the current time when no --timestamp is given', () => {
    const out = runSign({ scheme: 'stripe', secret: ['whsec_x'] }, Buffer.from('{}'), NOW_MS + 999)
    expect(out.stdout).toBe(`Stripe-Signature: t=1614265330,v1=${hex('1614265330.{}', 'whsec_x')}\n`)
  })

  it('prints JSON with the signed content under --json', () => {
    const out = runSign({ scheme: 'hmac-sha256', secret: ['s'], headerName: 'X-Sig', prefix: 'sha256=', json: true }, Buffer.from('hi'), 0)
    expect(JSON.parse(out.stdout)).toEqual({ headers: [['X-Sig', `sha256=${hex('hi', 's')}`]], signedContent: 'hi', signedContentEncoding: 'utf8' })
  })

  it('signs with each secret where the scheme carries several signatures (a rotation overlap)', () => {
    const sw = runSign({ scheme: 'standard-webhooks', secret: [SW.secret, 'whsec_AAAA'], id: SW.id, timestamp: SW.timestamp }, SW.body, 0)
    expect(sw.exitCode).toBe(0)
    expect(sw.stdout).toMatch(new RegExp(`^webhook-signature: ${SW.signature.replace(/[+/]/g, '\\$&')} v1,\\S+$`, 'm'))
    const stripe = runSign({ scheme: 'stripe', secret: ['new', 'old'] }, Buffer.from('{}'), NOW_MS)
    expect(stripe.stdout).toBe(`Stripe-Signature: t=1614265330,v1=${hex('1614265330.{}', 'new')},v1=${hex('1614265330.{}', 'old')}\n`)
  })

  it.each([
    [{ secret: ['s'] }, 'hookbench: --scheme is required: one of hmac-sha256, standard-webhooks, stripe, github, slack, shopify, custom\n'],
    [{ scheme: 'hmac-md5', secret: ['s'] }, 'hookbench: --scheme "hmac-md5" is unknown: use one of hmac-sha256, standard-webhooks, stripe, github, slack, shopify, custom\n'],
    [{ scheme: 'github' }, 'hookbench: sign needs --secret <secret> (repeat it to sign with several during a rotation)\n'],
    [{ scheme: 'github', secret: ['s'], prefix: 'x=' }, 'hookbench: --prefix does not apply to --scheme github (it takes no options)\n'],
    // --tolerance is verify's: for sign, stripe takes no options
    [{ scheme: 'stripe', secret: ['s'], headerName: 'X' }, 'hookbench: --header-name does not apply to --scheme stripe (it takes no options)\n'],
    [{ scheme: 'stripe', secret: ['s'], tolerance: '60' }, 'hookbench: --tolerance does not apply to sign: it is how old a signed timestamp verify accepts\n'],
    [
      { scheme: 'github', secret: ['a', 'b'] },
      'hookbench: --scheme github carries one signature, so sign takes one --secret (got 2); standard-webhooks and stripe carry one per secret during a rotation\n',
    ],
    [
      { scheme: 'hmac-sha256', secret: ['a', 'b', 'c'] },
      'hookbench: --scheme hmac-sha256 carries one signature, so sign takes one --secret (got 3); standard-webhooks and stripe carry one per secret during a rotation\n',
    ],
    [{ scheme: 'stripe', secret: ['s'], id: 'msg_1' }, 'hookbench: --id does not apply to --scheme stripe (it signs no message id)\n'],
    [{ scheme: 'slack', secret: ['s'], id: 'msg_1' }, 'hookbench: --id does not apply to --scheme slack (it signs no message id)\n'],
    [{ scheme: 'github', secret: ['s'], timestamp: '1767225600' }, 'hookbench: --timestamp does not apply to --scheme github (it signs no timestamp)\n'],
    [
      { scheme: 'custom', secret: ['s'], template: '{timestamp}.{body}', timestampHeader: 'X-Ts', id: 'msg_1' },
      'hookbench: --id does not apply to --scheme custom with the template "{timestamp}.{body}" (it signs no message id; put {id} in --template to sign one)\n',
    ],
    [{ scheme: 'stripe', secret: ['s'], timestamp: 'now' }, 'hookbench: --timestamp must be unix seconds, e.g. 1767225600; got "now"\n'],
    [
      { scheme: 'custom', secret: ['s'], template: '{id}' },
      'hookbench: The template "{id}" does not contain {body}, so the signature would not protect the payload; add {body}, e.g. "{timestamp}.{body}".\n',
    ],
  ])('refuses %o with a one-line usage error and exit code 2', (flags, stderr) => {
    expect(runSign(flags, Buffer.from('{}'), NOW_MS)).toEqual({ stdout: '', stderr, exitCode: 2 })
  })
})

describe('runVerify', () => {
  const swHeaders = [`webhook-id: ${SW.id}`, `webhook-timestamp: ${SW.timestamp}`, `webhook-signature: ${SW.signature}`]

  it('prints the verdict and the reason, and exits 0 for a valid signature', () => {
    const out = runVerify({ scheme: 'standard-webhooks', secret: [SW.secret], header: swHeaders }, SW.body, NOW_MS + 10_000)
    expect(out).toEqual({
      stdout: 'verdict:   valid\nreason:    The signature matches secret #1.\nmatched:   #1\n',
      stderr: '',
      exitCode: 0,
    })
  })

  it('takes --now as unix seconds or ISO 8601 and reports a stale timestamp with exit code 1', () => {
    const unix = runVerify({ scheme: 'standard-webhooks', secret: [SW.secret], header: swHeaders, now: '1614266330' }, SW.body, 0)
    const iso = runVerify({ scheme: 'standard-webhooks', secret: [SW.secret], header: swHeaders, now: '2021-02-25T15:18:50Z' }, SW.body, 0)
    expect(unix.exitCode).toBe(1)
    expect(unix.stdout).toContain(
      'reason:    The signature matches secret #1, but the timestamp (webhook-timestamp 1614265330) is 16 min 40 s old, 11 min 40 s beyond the 5 min tolerance.\n',
    )
    expect(iso.stdout).toBe(unix.stdout)
  })

  it('prints the diagnosis, the expected and received signatures and the signed bytes for a mismatch', () => {
    const sent = '{\n  "id": 1\n}'
    const out = runVerify(
      { scheme: 'hmac-sha256', secret: ['s'], prefix: 'sha256=', header: [`X-Webhook-Signature: sha256=${hex('{"id":1}', 's')}`] },
      Buffer.from(sent),
      0,
    )
    expect(out.exitCode).toBe(1)
    expect(out.stdout).toBe(
      [
        'verdict:   invalid',
        'reason:    The signature in X-Webhook-Signature does not match the secret.',
        'diagnosis: reserialized_json',
        '           The signature was computed over the JSON body parsed and re-serialized (JSON.stringify(JSON.parse(body))), not over the raw bytes that were sent.',
        "fix:       Sign and verify the raw body bytes exactly as they travel: never hash JSON.stringify(req.body); read the raw bytes (express.raw({ type: 'application/json' }), await req.text(), or the framework's rawBody).",
        `expected:  sha256=${hex(sent, 's')}  (#1)`,
        `received:  sha256=${hex('{"id":1}', 's')}`,
        'signed:    13 bytes of {body} (utf8):',
        sent,
        '',
      ].join('\n'),
    )
  })

  it('names a rotated-out secret given with --expired-secret', () => {
    const out = runVerify(
      { scheme: 'github', secret: ['new'], expiredSecret: ['old'], header: [`X-Hub-Signature-256: sha256=${hex('{}', 'old')}`], json: true },
      Buffer.from('{}'),
      0,
    )
    expect(out.exitCode).toBe(1)
    expect(JSON.parse(out.stdout).diagnosis).toMatchObject({ code: 'rotated_secret', secret: 'expired #1' })
  })

  it('prints the whole result as JSON under --json', () => {
    const out = runVerify({ scheme: 'standard-webhooks', secret: [SW.secret], header: swHeaders, json: true }, SW.body, NOW_MS)
    expect(JSON.parse(out.stdout)).toMatchObject({ verdict: 'valid', matchedSecret: '#1', details: { id: SW.id, timestamp: 1614265330 } })
  })

  it('exits 1 with missing_signature when no header is given', () => {
    const out = runVerify({ scheme: 'github', secret: ['s'] }, Buffer.from('{}'), 0)
    expect(out.exitCode).toBe(1)
    expect(out.stdout).toMatch(/^verdict: {3}missing_signature\n/)
  })

  it.each([
    [{ scheme: 'github', header: ['X: y'] }, 'hookbench: verify needs --secret <secret> (repeat it to accept several during a rotation)\n'],
    [{ scheme: 'github', secret: ['s'], header: ['no colon'] }, `hookbench: -H "no colon" is not a header: write it as -H 'Name: value'\n`],
    [
      { scheme: 'github', secret: ['s'], now: 'yesterday' },
      'hookbench: --now must be unix seconds or an ISO 8601 date-time, e.g. 1767225600 or 2026-01-01T00:00:00Z; got "yesterday"\n',
    ],
    [{ scheme: 'slack', secret: ['s'], tolerance: '-5' }, 'hookbench: --tolerance must be a number of seconds ≥ 0 (0 turns the check off); got "-5"\n'],
    [
      { scheme: 'standard-webhooks', secret: ['not base64!'] },
      'hookbench: The secret "not…" is not whsec_ followed by base64, which this scheme needs: its HMAC key is the base64-decoded bytes after "whsec_". Use the secret exactly as the provider shows it, or leave it out when you create a webhook or an inbox to have one generated.\n',
    ],
  ])('refuses %o with a one-line usage error and exit code 2', (flags, stderr) => {
    expect(runVerify(flags, Buffer.from('{}'), NOW_MS)).toEqual({ stdout: '', stderr, exitCode: 2 })
  })
})

describe('hookbench sign | hookbench verify (the built CLI)', () => {
  it('signs a body on stdin and verifies it with the printed headers, exit 0 and nothing on stderr', async () => {
    const body = Buffer.from('{"event":"deal.won","note":"Zoë 🚀"}\n')
    const signed = await runCli(['sign', '--scheme', 'standard-webhooks', '--secret', SW.secret, '--id', 'msg_1', '--timestamp', '1767225600'], { input: body })
    expect(signed.stderr).toBe('')
    expect(signed.code).toBe(0)
    const lines = signed.stdout.trim().split('\n')
    expect(lines.map((l) => l.split(':')[0])).toEqual(['webhook-id', 'webhook-timestamp', 'webhook-signature'])
    const verified = await runCli(
      ['verify', '--scheme', 'standard-webhooks', '--secret', SW.secret, '--now', '1767225660', ...lines.flatMap((l) => ['-H', l])],
      { input: body },
    )
    expect(verified).toMatchObject({ code: 0, stderr: '', stdout: 'verdict:   valid\nreason:    The signature matches secret #1.\nmatched:   #1\n' })
  })

  it('verifies the Standard Webhooks example byte for byte from stdin', async () => {
    const out = await runCli(
      ['verify', '--scheme', 'standard-webhooks', '--secret', SW.secret, '--now', SW.timestamp, '-H', `webhook-id: ${SW.id}`, '-H', `webhook-timestamp: ${SW.timestamp}`, '-H', `webhook-signature: ${SW.signature}`],
      { input: SW.body },
    )
    expect(out.code).toBe(0)
  })

  it('exits 1 and explains a mismatch', async () => {
    const out = await runCli(['verify', '--scheme', 'github', '--secret', 'It\'s a Secret to Everybody', '-H', `X-Hub-Signature-256: sha256=${hex('Hello, World!', "It's a Secret to Everybody")}`], {
      input: 'Hello, World!\n',
    })
    expect(out.code).toBe(1)
    expect(out.stderr).toBe('')
    expect(out.stdout).toContain('diagnosis: trailing_newline_removed\n')
  })

  it('refuses a second --secret for a one-signature scheme instead of ignoring it', async () => {
    const out = await runCli(['sign', '--scheme', 'github', '--secret', 'a', '--secret', 'b'], { input: '{}' })
    expect(out).toMatchObject({ code: 2, stdout: '' })
    expect(out.stderr).toMatch(/^hookbench: --scheme github carries one signature, so sign takes one --secret \(got 2\)/)
  })

  it('ends quietly when stdout is closed (| head), keeping the exit code the command set', async () => {
    const signed = await runCli(['sign', '--scheme', 'github', '--secret', 's'], { closeStdoutAfter: 0, input: '{}' })
    expect(signed).toMatchObject({ code: 0, signal: null, stderr: '' })
    const mismatch = await runCli(['verify', '--scheme', 'github', '--secret', 's', '-H', 'X-Hub-Signature-256: sha256=00'], { closeStdoutAfter: 0, input: '{}' })
    expect(mismatch).toMatchObject({ code: 1, signal: null, stderr: '' })
    const help = await runCli(['--help'], { closeStdoutAfter: 0 })
    expect(help).toMatchObject({ code: 0, signal: null, stderr: '' })
  })

  it('exits 2 with one line on stderr for a usage error', async () => {
    const out = await runCli(['verify', '--scheme', 'nope', '--secret', 's'], { input: '' })
    expect(out).toMatchObject({ code: 2, stdout: '' })
    expect(out.stderr).toBe('hookbench: --scheme "nope" is unknown: use one of hmac-sha256, standard-webhooks, stripe, github, slack, shopify, custom\n')
  })
})
