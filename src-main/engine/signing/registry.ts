import { SIGNING_SCHEMES, type SigningOptions, type SigningSchemeId } from '../../../src-shared/signing-schemes'
import { SigningConfigError } from './errors'
import { customRecipe, githubRecipe, hmacSha256Recipe, shopifyRecipe } from './hmac-generic'
import type { Recipe } from './recipe'
import { slackRecipe } from './slack'
import { standardWebhooksRecipe } from './standard-webhooks'
import { stripeRecipe } from './stripe'

const FAMILIES: Record<SigningSchemeId, (options: SigningOptions) => Recipe> = {
  'hmac-sha256': hmacSha256Recipe,
  'standard-webhooks': standardWebhooksRecipe,
  stripe: stripeRecipe,
  github: githubRecipe,
  slack: slackRecipe,
  shopify: shopifyRecipe,
  custom: customRecipe,
}

export function isSchemeId(value: unknown): value is SigningSchemeId {
  return typeof value === 'string' && (SIGNING_SCHEMES as readonly string[]).includes(value)
}

/** The recipe of a scheme with its options applied; throws SigningConfigError on a bad scheme or option. */
export function recipeFor(scheme: string, options: SigningOptions | undefined): Recipe {
  if (!isSchemeId(scheme)) {
    throw new SigningConfigError(`Unknown signing scheme "${scheme}"; use one of ${SIGNING_SCHEMES.join(', ')}.`, '/scheme')
  }
  return FAMILIES[scheme](options ?? {})
}
