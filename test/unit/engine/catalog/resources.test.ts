import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import {
  CatalogFileSchema,
  EventTypeSchema,
  PRESET_PROFILE_IDS,
  ProviderProfileInputSchema,
  ProviderProfilePatchSchema,
  ProviderProfileSchema,
} from '../../../../src-shared/catalog'
import { buildHandshakePayload, checkEnvelopeTemplate } from '../../../../src-main/engine/catalog/envelope'
import { validateData } from '../../../../src-main/engine/catalog/payloads'
import { listPresetEventTypes, listPresetProfiles } from '../../../../src-main/engine/catalog/presets'

const root = join(__dirname, '../../../../resources')
const readJson = (dir: string, file: string): unknown => JSON.parse(readFileSync(join(root, dir, file), 'utf8'))

// The API validates with ajv as Fastify does; these are the same schemas.
const apiAjv = new Ajv2020({ allErrors: true, strict: false })
addFormats(apiAjv)
const checkProfile = apiAjv.compile(ProviderProfileSchema)
const checkInput = apiAjv.compile(ProviderProfileInputSchema)
const checkCatalog = apiAjv.compile(CatalogFileSchema)
const checkPatch = apiAjv.compile(ProviderProfilePatchSchema)

// Event schemas are linted strictly: an unknown keyword is almost always a typo.
const strictAjv = new Ajv2020({ strict: true, allErrors: true })
addFormats(strictAjv)
strictAjv.addKeyword({ keyword: 'x-faker', schemaType: ['string', 'object'] })

describe('built-in resources', () => {
  it('has exactly one profile file and one catalog file per preset id', () => {
    const ids = [...PRESET_PROFILE_IDS].sort()
    expect(readdirSync(join(root, 'profiles')).sort()).toEqual(ids.map((id) => `${id}.json`))
    expect(readdirSync(join(root, 'catalogs')).sort()).toEqual(ids.map((id) => `${id}.json`))
  })

  for (const id of PRESET_PROFILE_IDS) {
    describe(id, () => {
      const profile = readJson('profiles', `${id}.json`) as Record<string, unknown>
      const catalog = readJson('catalogs', `${id}.json`) as { profileId: string; eventTypes: Array<Record<string, unknown>> }

      it('profile file validates against ProviderProfileSchema', () => {
        expect(checkProfile(profile), JSON.stringify(checkProfile.errors)).toBe(true)
        expect(profile.id).toBe(id)
        expect(profile.builtIn).toBe(true)
      })

      it('profile without id/builtIn is a valid user input (presets are clonable)', () => {
        const { builtIn: _b, ...input } = profile
        expect(checkInput(input), JSON.stringify(checkInput.errors)).toBe(true)
      })

      it('catalog file validates against CatalogFileSchema and belongs to the profile', () => {
        expect(checkCatalog(catalog), JSON.stringify(checkCatalog.errors)).toBe(true)
        expect(catalog.profileId).toBe(id)
      })

      it('envelope template is usable', () => {
        expect(checkEnvelopeTemplate(profile.envelope)).toEqual([])
      })

      it('event names are unique', () => {
        const names = catalog.eventTypes.map((e) => e.name)
        expect(new Set(names).size).toBe(names.length)
      })

      it('every event schema compiles under strict JSON Schema 2020-12 and accepts its example', () => {
        for (const et of catalog.eventTypes) {
          const validate = strictAjv.compile(et.schema as object)
          expect(validate(et.example), `${et.name}: ${JSON.stringify(validate.errors)}`).toBe(true)
          expect(validateData(et.schema as Record<string, unknown>, et.example)).toEqual({ ok: true, errors: [] })
        }
      })

      it('presets.ts serves exactly these files', () => {
        expect(listPresetProfiles().find((p) => p.id === id)).toEqual(profile)
        expect(listPresetEventTypes(id)).toEqual(catalog.eventTypes)
      })

      it('the handshake, when there is one, builds exactly its documented example', () => {
        const hs = profile.handshake as { example?: Record<string, unknown>; envelope: Record<string, unknown> } | null
        if (!hs) return
        expect(checkEnvelopeTemplate(hs.envelope, { requireData: false })).toEqual([])
        if (!hs.example) return
        const built = buildHandshakePayload({
          profile: profile as never,
          eventId: String(hs.example.id),
          timestamp: Date.parse(String(hs.example.created_at)),
        })
        expect(JSON.stringify(built)).toBe(JSON.stringify(hs.example))
      })
    })
  }

  it('a malformed profile is refused with the offending field named', () => {
    const bad = { ...(readJson('profiles', 'taskhub.json') as object), retrySchedule: [60, -5], scheme: 'rot13', colour: 'red' }
    expect(checkProfile(bad)).toBe(false)
    const paths = (checkProfile.errors ?? []).map((e) => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`)
    expect(paths.join('\n')).toMatch(/\/retrySchedule\/1 minimum/)
    expect(paths.join('\n')).toMatch(/\/scheme enum/)
    expect(paths.join('\n')).toMatch(/additionalProperty":"colour"/)
  })

  it('a profile patch needs at least one known field', () => {
    expect(checkPatch({ retrySchedule: [1, 2] })).toBe(true)
    expect(checkPatch({})).toBe(false)
    expect(checkPatch({ builtIn: false })).toBe(false)
    expect(checkInput({ ...(readJson('profiles', 'github.json') as object), builtIn: false })).toBe(false)
  })

  it('API responses serialised with these schemas keep every key (free-form objects included)', async () => {
    const app = Fastify()
    app.get('/p/:id', { schema: { response: { 200: ProviderProfileSchema } } }, async (req) =>
      listPresetProfiles().find((p) => p.id === (req.params as { id: string }).id),
    )
    app.get('/e/:id', { schema: { response: { 200: { type: 'array', items: EventTypeSchema } } } }, async (req) =>
      listPresetEventTypes((req.params as { id: string }).id),
    )
    try {
      for (const id of PRESET_PROFILE_IDS) {
        expect((await app.inject(`/p/${id}`)).json()).toEqual(listPresetProfiles().find((p) => p.id === id))
        expect((await app.inject(`/e/${id}`)).json()).toEqual(listPresetEventTypes(id))
      }
    } finally {
      await app.close()
    }
  })
})
