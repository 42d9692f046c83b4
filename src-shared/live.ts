/**
 * Messages of the `/api/live` WebSocket. The engine sends one JSON object per message;
 * the renderer applies them in batches once per animation frame.
 */
export interface LiveHello {
  type: 'hello'
  version: string
  time: string
}

/** A domain event: `topic` names what changed (e.g. `request.captured`, `delivery.attempted`). */
export interface LiveEvent<T = unknown> {
  type: 'event'
  topic: string
  time: string
  data: T
}

export type LiveMessage = LiveHello | LiveEvent
