import { EngineError } from '../errors'

/**
 * A signing configuration that cannot work: unknown scheme, bad option, unusable secret,
 * missing timestamp. A 400 in the API, a usage error (exit 2) in the CLI.
 */
export class SigningConfigError extends EngineError {
  constructor(message: string, field?: string) {
    super('HB_ERR_SIGNING_CONFIG', 400, message, field)
    this.name = 'SigningConfigError'
  }
}
