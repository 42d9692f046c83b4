import type { LiveEvent, LiveMessage } from '../../src-shared/live'

export type LiveState = 'connecting' | 'connected' | 'disconnected'

export interface LiveFeed {
  start(): void
  stop(): void
  /** Receives events in batches, at most once per animation frame. */
  subscribe(listener: (batch: LiveEvent[]) => void): () => void
  onState(listener: (state: LiveState, detail?: string) => void): () => void
}

const MAX_BACKOFF_MS = 10_000

/**
 * The /api/live WebSocket. Reconnects by itself with backoff, and hands events to
 * subscribers in one batch per frame so a burst of captures costs one render, not thousands.
 */
export function createLiveFeed(url: () => string): LiveFeed {
  const listeners = new Set<(batch: LiveEvent[]) => void>()
  const stateListeners = new Set<(state: LiveState, detail?: string) => void>()
  let socket: WebSocket | null = null
  let stopped = true
  let attempt = 0
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let queue: LiveEvent[] = []
  let frame: number | undefined

  const setState = (state: LiveState, detail?: string) => stateListeners.forEach((l) => l(state, detail))
  const flush = () => {
    frame = undefined
    const batch = queue
    queue = []
    if (batch.length) listeners.forEach((l) => l(batch))
  }

  const connect = () => {
    setState('connecting')
    const ws = new WebSocket(url())
    socket = ws
    ws.onopen = () => {
      attempt = 0
    }
    ws.onmessage = (msg) => {
      let parsed: LiveMessage
      try {
        parsed = JSON.parse(String(msg.data)) as LiveMessage
      } catch {
        return
      }
      if (parsed.type === 'hello') {
        setState('connected', parsed.version)
        return
      }
      queue.push(parsed)
      frame ??= requestAnimationFrame(flush)
    }
    ws.onclose = () => {
      if (socket !== ws) return
      socket = null
      if (stopped) return
      setState('disconnected')
      const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempt++)
      retryTimer = setTimeout(connect, delay)
    }
  }

  return {
    start() {
      if (!stopped) return
      stopped = false
      connect()
    },
    stop() {
      stopped = true
      clearTimeout(retryTimer)
      socket?.close()
      socket = null
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    onState(listener) {
      stateListeners.add(listener)
      return () => stateListeners.delete(listener)
    },
  }
}
