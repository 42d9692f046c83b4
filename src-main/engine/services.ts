import type { EngineContext } from './context'
import { createOutboundClient, type OutboundClient } from './http/outbound'

/**
 * The engine's domain services, built once in `createEngine` (the composition root) and
 * handed to the API routes. Each domain adds its service here.
 */
export interface EngineServices {
  /** The one outbound HTTP client: dispatch, forwarding and replay share its connection pools. */
  http: OutboundClient
  /** Called on shutdown, in reverse order of start, before the database closes. */
  stoppers: Array<() => Promise<void> | void>
}

export function createServices(_ctx: EngineContext): EngineServices {
  const http = createOutboundClient()
  const services: EngineServices = { http, stoppers: [() => http.close()] }
  return services
}
