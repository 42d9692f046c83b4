import type { ApiApp, RouteDeps } from '../types'
import { deliveryRoutes } from './deliveries'
import { eventTypeRoutes } from './event-types'
import { eventRoutes } from './events'
import { exportRoutes } from './export'
import { healthRoutes } from './health'
import { importRoutes } from './import'
import { inboxRoutes } from './inboxes'
import { liveRoutes } from './live'
import { profileRoutes } from './profiles'
import { replayRoutes } from './replay'
import { requestRoutes } from './requests'
import { scenarioRoutes } from './scenarios'
import { scheduleRoutes } from './schedules'
import { settingsRoutes } from './settings'
import { webhookRoutes } from './webhooks'

/** Every route plugin of the control plane, listed explicitly (the engine is bundled). */
export function registerRoutes(app: ApiApp, deps: RouteDeps): void {
  healthRoutes(app, deps)
  liveRoutes(app, deps)
  inboxRoutes(app, deps)
  requestRoutes(app, deps)
  profileRoutes(app, deps)
  eventTypeRoutes(app, deps)
  webhookRoutes(app, deps)
  eventRoutes(app, deps)
  deliveryRoutes(app, deps)
  scheduleRoutes(app, deps)
  scenarioRoutes(app, deps)
  replayRoutes(app, deps)
  exportRoutes(app, deps)
  importRoutes(app, deps)
  settingsRoutes(app, deps)
}
