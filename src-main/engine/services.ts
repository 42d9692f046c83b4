import type { EngineContext } from './context'

/**
 * The engine's domain services, built once in `createEngine` (the composition root) and
 * handed to the API routes. Each domain adds its service here.
 */
export interface EngineServices {
  /** Called on shutdown, in reverse order of start, before the database closes. */
  stoppers: Array<() => Promise<void> | void>
}

export function createServices(_ctx: EngineContext): EngineServices {
  return { stoppers: [] }
}
