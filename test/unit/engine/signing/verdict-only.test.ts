import { describe, expect, it } from 'vitest'
import type { SigningSecret, VerificationResult } from '../../../../src-shared/signing-schemes'
import { listPresetProfiles } from '../../../../src-main/engine/catalog/presets'
import { verifySignature, type HeaderList, type VerifyInput } from '../../../../src-main/engine/signing'
import { NOW_MS, OTHER_SECRET, replaceHeader, SCHEME_CASES, SECRET, sign, withoutHeader, type SchemeCase } from './helpers'

const body = Buffer.from(JSON.stringify({ id: 'evt_1', type: 'order.paid', data: { amount: 4200, note: 'café' } }))
const reserialized = Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 2))

/** verifySignature's full answer minus the diagnosis of a mismatch. */
function expected(input: VerifyInput): VerificationResult {
  const full = verifySignature(input)
  if (full.verdict === 'invalid') delete full.diagnosis
  return full
}

function input(c: SchemeCase, headers: HeaderList, secrets: SigningSecret[] = [{ value: SECRET }], now = NOW_MS, b: Buffer = body): VerifyInput {
  return { scheme: c.scheme, ...(c.options ? { options: c.options } : {}), secrets, body: b, headers, now }
}

const presetCases: SchemeCase[] = listPresetProfiles().map((p) => ({
  name: `preset ${p.id}`,
  scheme: p.scheme,
  options: p.signing as SchemeCase['options'],
  signsTimestamp: false,
  multiSignature: false,
}))

describe('verifySignature with diagnose: false', () => {
  for (const c of [...SCHEME_CASES, ...presetCases]) {
    describe(c.name, () => {
      const good = sign(c, body).headers
      const byOther = sign(c, body, [OTHER_SECRET]).headers
      const overReserialized = sign(c, reserialized).headers
      const cases: Array<[string, VerifyInput]> = [
        ['valid', input(c, good)],
        ['signed with another secret', input(c, byOther)],
        ['signed over re-serialized JSON', input(c, overReserialized)],
        ['valid with the older of two secrets', input(c, byOther, [{ value: SECRET, label: 'new' }, { value: OTHER_SECRET, label: 'old', expiresAt: NOW_MS + 60_000 }])],
        ['signed only with an expired secret', input(c, byOther, [{ value: SECRET }, { value: OTHER_SECRET, expiresAt: NOW_MS - 1 }])],
        ['every secret expired', input(c, good, [{ value: SECRET, expiresAt: NOW_MS - 1 }])],
        ['an hour later', input(c, good, [{ value: SECRET }], NOW_MS + 3_600_000)],
        ['an hour later, signed with another secret', input(c, byOther, [{ value: SECRET }], NOW_MS + 3_600_000)],
        ['no signature', input(c, withoutHeader(good, verifySignature(input(c, good)).details.signatureHeader))],
        ['an empty signature header', input(c, replaceHeader(good, verifySignature(input(c, good)).details.signatureHeader, ''))],
        ['no secret', input(c, good, [])],
        ['two received signatures, one good', input(c, [...byOther, ...good.filter(([n]) => n.toLowerCase() === verifySignature(input(c, good)).details.signatureHeader.toLowerCase())])],
      ]
      for (const [name, i] of cases) {
        it(`answers as verifySignature does: ${name}`, () => {
          expect(verifySignature({ ...i, diagnose: false })).toEqual(expected(i))
        })
      }
    })
  }

  it('reads a GitHub request that carries only the legacy SHA-1 header', () => {
    const c = SCHEME_CASES.find((s) => s.scheme === 'github')!
    const legacyOnly = withoutHeader(sign(c, body).headers, 'X-Hub-Signature-256')
    const tampered = replaceHeader(legacyOnly, 'X-Hub-Signature', `sha1=${'0'.repeat(40)}`)
    for (const headers of [legacyOnly, tampered]) expect(verifySignature({ ...input(c, headers), diagnose: false })).toEqual(expected(input(c, headers)))
  })

  it('decides a badly signed large body without diagnosing it', () => {
    const c = SCHEME_CASES.find((s) => s.scheme === 'standard-webhooks')!
    const items = Array.from({ length: 20_000 }, (_, i) => ({ id: `obj_${i}`, name: `name ${i} é`, amount: i * 3 }))
    const big = Buffer.from(JSON.stringify({ type: 'x', data: items }))
    const result = verifySignature({ ...input(c, sign(c, big, [OTHER_SECRET]).headers, [{ value: SECRET }], NOW_MS, big), diagnose: false })
    expect(result).toMatchObject({ verdict: 'invalid', details: { expectedSecrets: ['#1'] } })
    expect(result.diagnosis).toBeUndefined()
  })
})
