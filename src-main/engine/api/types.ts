import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify'
import type { EngineContext } from '../context'
import type { EngineServices } from '../services'

/** The control-plane Fastify instance, typed by TypeBox route schemas. */
export type ApiApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>

/** What a route plugin gets: the engine context and the domain services it may call. */
export interface RouteDeps {
  ctx: EngineContext
  services: EngineServices
}
