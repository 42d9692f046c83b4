import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { queryParameterPhrase, type ErrorBody } from '../../../src-shared/api/errors'
import { EngineError } from '../errors'

interface AjvError {
  keyword: string
  instancePath: string
  message?: string
  params: Record<string, unknown>
}

/**
 * The error to tell about. A value that fits no branch of a union (anyOf) fails every branch:
 * when all branches are constants, they are the allowed values; otherwise the branch that got
 * furthest into the value names the real problem ({value, expiresAt: "tomorrow"} is a bad
 * expiresAt, not "must be string"). Unions nest (a choice inside a nullable object): the
 * innermost one that failed is the one to explain, with the errors of its own branches.
 */
export function describeValidationErrors(context: string, errors: AjvError[]): { message: string; field: string } {
  const isUnion = (e: AjvError) => e.keyword === 'anyOf' || e.keyword === 'oneOf'
  const depth = (e: AjvError) => (e.instancePath ? e.instancePath.split('/').length : 0)
  // Ajv reports an inner union before the union around it: the first one is the innermost.
  const union = errors.find(isUnion)
  if (!union) return describeValidationError(context, errors[0]!)
  const within = (e: AjvError) => e.instancePath === union.instancePath || e.instancePath.startsWith(`${union.instancePath}/`)
  // Ajv reports a union's branch errors just before the union's own.
  const branches = errors.slice(0, errors.indexOf(union)).filter((e) => !isUnion(e) && within(e))
  if (branches.length === 0) return describeValidationError(context, union)
  if (branches.every((e) => e.keyword === 'const' && e.instancePath === union.instancePath)) {
    const where = placeOf(context, union.instancePath)
    return { message: `${where} must be one of: ${branches.map((e) => String(e.params.allowedValue)).join(', ')}`, field: union.instancePath }
  }
  return describeValidationError(context, branches.reduce((a, b) => (depth(b) > depth(a) ? b : a)))
}

/**
 * Where in the request a value is: `body/url` as the pointer reads, but a query parameter by its
 * name ('query parameter "since"'): "querystring/since" reads like a field of a JSON body.
 */
function placeOf(context: string, instancePath: string): string {
  if (context === 'querystring') return instancePath ? queryParameterPhrase(instancePath) : 'the query string'
  return instancePath ? `${context}${instancePath}` : context
}

/** Turns a schema failure into one sentence that names the field and says what to fix. */
export function describeValidationError(context: string, e: AjvError): { message: string; field: string } {
  const where = placeOf(context, e.instancePath)
  const query = context === 'querystring'
  switch (e.keyword) {
    case 'additionalProperties': {
      const prop = String(e.params.additionalProperty)
      const message = query ? `unknown query parameter "${prop}": remove it or check its spelling` : `unknown field "${prop}" in ${where}: remove it or check its spelling`
      return { message, field: `${e.instancePath}/${prop}` }
    }
    case 'required': {
      const prop = String(e.params.missingProperty)
      return { message: `${where} is missing the required ${query ? 'parameter' : 'field'} "${prop}"`, field: `${e.instancePath}/${prop}` }
    }
    case 'format':
      return { message: `${where} must be a valid ${String(e.params.format)}`, field: e.instancePath }
    case 'enum':
      return {
        message: `${where} must be one of: ${(e.params.allowedValues as unknown[]).map(String).join(', ')}`,
        field: e.instancePath,
      }
    case 'const':
      // The validator's own words ("must be equal to constant") do not say which value.
      return { message: `${where} must be ${String(e.params.allowedValue)} (the only value it takes)`, field: e.instancePath }
    default:
      return { message: `${where} ${e.message ?? 'is invalid'}`, field: e.instancePath }
  }
}

/** A body that is not JSON at all: none was sent, or it was sent as text (curl -d without a JSON Content-Type). */
function wholeBodyProblem(req: FastifyRequest): string {
  const type = req.headers['content-type']?.split(';')[0]?.trim()
  if (req.body === null) return 'The body is JSON null: send a JSON object (its fields are in /api/docs).'
  if (typeof req.body === 'string' && req.body !== '') {
    return `The body was sent as ${type ?? 'text'}, so it was read as text, not JSON: send it with Content-Type: application/json.`
  }
  return `This endpoint needs a JSON object as its body, and ${type ? 'the body was empty' : 'none was sent'}: send one with Content-Type: application/json (its fields are in /api/docs).`
}

export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof EngineError) {
    const body: ErrorBody = { error: err.code, message: err.message }
    if (err.field) body.field = err.field
    if (err.statusCode >= 500) req.log.error({ err }, 'engine error')
    return reply.status(err.statusCode).send(body)
  }
  if (err.validation && err.validation.length > 0) {
    const whole = err.validationContext === 'body' && (err.validation as AjvError[]).some((e) => e.instancePath === '' && e.keyword === 'type')
    if (whole && (req.body === undefined || req.body === null || typeof req.body === 'string')) {
      return reply.status(400).send({ error: 'HB_ERR_VALIDATION', message: wholeBodyProblem(req) } satisfies ErrorBody)
    }
    const { message, field } = describeValidationErrors(err.validationContext ?? 'request', err.validation as AjvError[])
    const body: ErrorBody = { error: 'HB_ERR_VALIDATION', message }
    if (field) body.field = field
    return reply.status(400).send(body)
  }
  const status = err.statusCode ?? 500
  if (status >= 500) {
    req.log.error({ err }, 'unhandled error')
    return reply.status(500).send({ error: 'HB_ERR_INTERNAL', message: 'Internal error; see engine.log in the data folder.' })
  }
  const messages: Record<string, string> = {
    FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large for this endpoint; send less data.',
    FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Unsupported Content-Type: send JSON with Content-Type: application/json.',
    FST_ERR_CTP_EMPTY_JSON_BODY: 'The JSON body is empty: send a JSON object or drop the Content-Type header.',
    FST_ERR_CTP_INVALID_JSON_BODY: 'The body is not valid JSON: check quotes and commas.',
  }
  const body: ErrorBody = { error: `HB_ERR_HTTP_${status}`, message: messages[err.code] ?? err.message }
  return reply.status(status).send(body)
}
