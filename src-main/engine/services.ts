import type { EngineContext } from './context'
import { createOutboundClient, type OutboundClient } from './http/outbound'
import type { IngestController } from './ingest-binding'
import { createReceiver, type Receiver } from './receiver'
import { toProfileSigning } from './receiver/profiles'
import { createReplayer, type Replayer } from './replay/replay'
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
  /** Replays of captured requests and delivery attempts (/api/requests/:id/replay, /api/replays). */
  replay: Replayer
  /** The ingest listener (address, port, TLS); set by createEngine once the planes exist. */
  ingest?: IngestController
  /** Called on shutdown, in reverse order of start, before the database closes. */
  stoppers: Array<() => Promise<void> | void>
}

export function createServices(ctx: EngineContext): EngineServices {
  const http = createOutboundClient()
  const sender = createSender(ctx, http)
  // Inboxes may verify "as profile X": user-defined profiles too, not only the presets.
  const receiver = createReceiver(ctx, {
    http,
    profiles: (id) => {
      const p = sender.profiles.get(id)
      return p && toProfileSigning(p)
    },
  })
  sender.profiles.onUpdated((id) => receiver.profileChanged(id))
  sender.profiles.guardRemoval((id) => receiver.profileInUse(id))
  sender.webhooks.useInboxes(() => receiver.listInboxes())
  const replay = createReplayer(ctx, { http, receiver, sender })
  const services: EngineServices = {
    http,
    receiver,
    sender,
    replay,
    stoppers: [() => http.close(), () => receiver.stop(), () => sender.stop(), () => replay.stop()],
  }
  return services
}
