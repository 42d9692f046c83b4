/** Control-plane paths shared by the engine's routes and the renderer's client. */
export const API = {
  health: '/api/health',
  info: '/api/info',
  live: '/api/live',
  docs: '/api/docs',
  profiles: '/api/profiles',
  eventTypes: '/api/event-types',
  webhooks: '/api/webhooks',
  events: '/api/events',
  deliveries: '/api/deliveries',
  schedules: '/api/schedules',
  scenarios: '/api/scenarios',
  scenarioRuns: '/api/scenario-runs',
  inboxes: '/api/inboxes',
  requests: '/api/requests',
  export: '/api/export',
} as const
