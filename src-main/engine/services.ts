import type { EngineContext } from './context'
import { createOutboundClient, type OutboundClient } from './http/outbound'
import { createReceiver, type Receiver } from './receiver'
import { createSender, type Sender } from './sender'

/**
 * The engine's domain services, built once in `createEngine` (the composition root) and
 * handed to the API routes. Each domain adds its service here.
 */
export interface EngineServices {
  /** The one outbound HTTP client: dispatch, forwarding and replay share its connection pools. */
  http: OutboundClient
  /** Inboxes: capture, verification, response rules, forwarding (ingest plane + /api/inboxes, /api/requests). */
  receiver: Receiver
  /** Profiles, event catalogs, webhooks, triggers and the durable dispatcher (/api/profiles … /api/scenarios). */
  sender: Sender
  /** Called on shutdown, in reverse order of start, before the database closes. */
  stoppers: Array<() => Promise<void> | void>
}

export function createServices(ctx: EngineContext): EngineServices {
  const http = createOutboundClient()
  const receiver = createReceiver(ctx, { http })
  const sender = createSender(ctx, http)
  const services: EngineServices = { http, receiver, sender, stoppers: [() => http.close(), () => receiver.stop(), () => sender.stop()] }
  return services
}
