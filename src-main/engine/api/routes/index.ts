import type { ApiApp, RouteDeps } from '../types'
import { healthRoutes } from './health'
import { liveRoutes } from './live'

/** Every route plugin of the control plane, listed explicitly (the engine is bundled). */
export function registerRoutes(app: ApiApp, deps: RouteDeps): void {
  healthRoutes(app, deps)
  liveRoutes(app, deps)
}
