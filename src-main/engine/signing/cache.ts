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
const keyCache = new Map<string, Buffer>()

export function cachedRecipe(scheme: SigningSchemeId, options: SigningOptions | undefined): Recipe {
  const id = options === undefined ? scheme : `${scheme}\u0000${JSON.stringify(options)}`
  let recipe = recipes.get(id)
  if (!recipe) {
    recipe = recipeFor(scheme, options)
    if (recipes.size >= CACHE_LIMIT) recipes.clear()
    recipes.set(id, recipe)
  }
  return recipe
}

export function cachedKey(secret: string, format: SecretFormat): Buffer {
  const id = `${format}\u0000${secret}`
  let key = keyCache.get(id)
  if (!key) {
    key = secretKey(secret, format)
    if (keyCache.size >= CACHE_LIMIT) keyCache.clear()
    keyCache.set(id, key)
  }
  return key
}
