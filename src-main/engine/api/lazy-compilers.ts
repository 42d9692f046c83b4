import ValidatorSelector from '@fastify/ajv-compiler'
import SerializerSelector from '@fastify/fast-json-stringify-compiler'
import type { FastifyServerOptions } from 'fastify'

type Factories = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>
type Validate = ((data: unknown) => unknown) & { errors?: unknown }
type RouteSchema = { schema: unknown }
// The library's types overload every Ajv flavour (JTD included); these are the shapes in use.
type ValidatorBuilder = (externalSchemas: unknown, options: unknown) => (routeSchema: RouteSchema) => Validate
type SerializerBuilder = (externalSchemas: unknown, options: unknown) => (routeSchema: RouteSchema) => (data: unknown) => string

/**
 * Fastify's own compilers (Ajv for input, fast-json-stringify for output), run on a route's
 * first use instead of at start-up. The API has a hundred-odd routes with several response
 * schemas each; compiling them all was most of the engine's start time, and a desktop app
 * or `hookbench serve` should print its URL at once.
 */
export function lazyCompilers(): Factories {
  const validators = ValidatorSelector() as unknown as ValidatorBuilder
  const serializers = SerializerSelector() as unknown as SerializerBuilder
  const buildValidator: ValidatorBuilder = (externalSchemas, options) => {
    const compile = validators(externalSchemas, options)
    // A JSON body keeps its types: `true` where a number is expected is a 400 naming the field,
    // not a silent 1. Query strings and path params are text, and are coerced.
    const withOptions = options as { customOptions?: Record<string, unknown> }
    // Its own Ajv instance, built on the first body validated rather than at start-up.
    let compileBody: ((routeSchema: RouteSchema) => Validate) | undefined
    const bodyCompiler = () => (compileBody ??= validators(externalSchemas, { ...withOptions, customOptions: { ...withOptions.customOptions, coerceTypes: false } }))
    return (routeSchema) => {
      const isBody = (routeSchema as RouteSchema & { httpPart?: string }).httpPart === 'body'
      let validate: Validate | undefined
      const lazy: Validate = (data) => {
        validate ??= (isBody ? bodyCompiler() : compile)(routeSchema)
        const result = validate(data)
        lazy.errors = validate.errors // Fastify reads the errors off the function it was given
        return result
      }
      return lazy
    }
  }
  const buildSerializer: SerializerBuilder = (externalSchemas, options) => {
    const compile = serializers(externalSchemas, options)
    return (routeSchema) => {
      let serialize: ((data: unknown) => string) | undefined
      return (data) => (serialize ??= compile(routeSchema))(data)
    }
  }
  return { buildValidator, buildSerializer } as unknown as Factories
}
