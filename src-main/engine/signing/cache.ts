import type { SecretFormat, SigningOptions, SigningSchemeId } from '../../../src-shared/signing-schemes'
import type { Recipe } from './recipe'
import { recipeFor } from './registry'
import { secretKey } from './secrets'

/*
 * The dispatcher signs, and every inbox verifies, with the same few schemes, options and secrets, so the
 * recipe (its template parsed, its options checked) and each secret's decoded key are kept
 * rather than rebuilt per call. Keys are the option values (JSON) and the secret text, not
 * object identity, so a changed profile or a rotated secret never meets a stale entry; both
 * maps are small and emptied when they fill. Errors are never cached: bad input throws each time.
 */
const CACHE_LIMIT = 256
const recipes = new Map<string, Recipe>()
const keys = new Map<string, Buffer>()

export function cachedRecipe(scheme: SigningSchemeId, options: SigningOptions | undefined): Recipe {
  const id = options === undefined ? scheme : `${scheme}\u0000${JSON.stringify(options)}`
  return remembered(recipes, id, () => recipeFor(scheme, options))
}

export function cachedKey(secret: string, format: SecretFormat): Buffer {
  return remembered(keys, `${format}\u0000${secret}`, () => secretKey(secret, format))
}

/** The value for `id`, made (and kept) on first use; a throw from `make` keeps nothing. */
function remembered<T>(cache: Map<string, T>, id: string, make: () => T): T {
  let value = cache.get(id)
  if (value === undefined) {
    value = make()
    if (cache.size >= CACHE_LIMIT) cache.clear()
    cache.set(id, value)
  }
  return value
}
