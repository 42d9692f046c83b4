import type { ApiApp, RouteDeps } from '../types'
import { healthRoutes } from './health'
import { inboxRoutes } from './inboxes'
import { liveRoutes } from './live'
import { requestRoutes } from './requests'

/** Every route plugin of the control plane, listed explicitly (the engine is bundled). */
export function registerRoutes(app: ApiApp, deps: RouteDeps): void {
  healthRoutes(app, deps)
  liveRoutes(app, deps)
  inboxRoutes(app, deps)
  requestRoutes(app, deps)
}
