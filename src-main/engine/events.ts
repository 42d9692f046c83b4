import type { Clock } from './clock'

/** One thing that happened in the engine; `/api/live` forwards these to the UI. */
export interface EngineEvent<T = unknown> {
  topic: string
  time: string
  data: T
}

export type EngineEventListener = (event: EngineEvent) => void

/** A typed in-process event bus. Domain code emits; hosts (API, CLI) subscribe. */
export interface EventBus {
  emit<T>(topic: string, data: T): void
  subscribe(listener: EngineEventListener): () => void
  /** True when someone listens: emitters with costly payloads build them only then. */
  hasSubscribers(): boolean
}

export function createEventBus(clock: Clock): EventBus {
  const listeners = new Set<EngineEventListener>()
  return {
    emit(topic, data) {
      if (listeners.size === 0) return
      const event: EngineEvent = { topic, time: new Date(clock.now()).toISOString(), data }
      for (const listener of listeners) {
        try {
          listener(event)
        } catch {
          // A broken subscriber must never break the domain operation that emitted.
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    hasSubscribers: () => listeners.size > 0,
  }
}
