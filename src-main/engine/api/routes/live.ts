import type { LiveMessage } from '../../../../src-shared/live'
import { API } from '../../../../src-shared/api/paths'
import type { ApiApp, RouteDeps } from '../types'

const PING_EVERY_MS = 20_000
/** A client that cannot keep up is dropped rather than buffering without bound. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024

export function liveRoutes(app: ApiApp, { ctx }: RouteDeps): void {
  app.get(
    API.live,
    { websocket: true, schema: { tags: ['engine'], summary: 'WebSocket feed of engine events (JSON messages)' } },
    (socket) => {
      const send = (message: LiveMessage) => {
        if (socket.readyState !== socket.OPEN) return
        if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
          socket.close(1013, 'client too slow; reconnect to resume')
          return
        }
        socket.send(JSON.stringify(message))
      }
      send({ type: 'hello', version: ctx.version, time: new Date(ctx.clock.now()).toISOString() })
      const unsubscribe = ctx.events.subscribe((e) => send({ type: 'event', topic: e.topic, time: e.time, data: e.data }))
      // Keep-alive is transport plumbing, not domain time: it runs on the real clock.
      const ping = setInterval(() => socket.ping(), PING_EVERY_MS)
      socket.on('close', () => {
        clearInterval(ping)
        unsubscribe()
      })
    },
  )
}
