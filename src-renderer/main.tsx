import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createApiClient } from './api/client'
import { createLiveFeed } from './api/live'
import { App } from './app'
import { AppContext, type AppServices } from './app-context'
import { bootstrapConnection } from './bootstrap'
import { createConnectionStore } from './stores/connection'
import { createDeliveriesStore } from './stores/deliveries'
import { createEventTypesStore } from './stores/event-types'
import { createInboxesStore } from './stores/inboxes'
import { createInfoStore } from './stores/info'
import { createProfilesStore } from './stores/profiles'
import { createReplayStore } from './stores/replay'
import { createRequestsStore } from './stores/requests'
import { createSettingsStore } from './stores/settings'
import { createTriggersStore } from './stores/triggers'
import { createWebhooksStore } from './stores/webhooks'
import './styles.css'

/** Composition root: find the engine, build the API client, live feed and stores, render. */
function start() {
  const root = document.getElementById('root')!
  const connection = bootstrapConnection()
  if (!connection) {
    root.setAttribute('data-app-state', 'no-token')
    createRoot(root).render(
      <div className="empty-state standalone">
        <h1>Hookbench needs its access token</h1>
        <p>
          Open the URL printed by <code>hookbench serve</code> (it ends with <code>?token=…</code>), or run{' '}
          <code>npm start</code> again.
        </p>
      </div>,
    )
    return
  }
  const api = createApiClient(connection.apiBase, connection.token)
  const live = createLiveFeed(() => api.liveUrl())
  const info = createInfoStore(api, live)
  const inboxes = createInboxesStore(api, live)
  const services: AppServices = {
    api,
    live,
    stores: {
      connection: createConnectionStore(live),
      info,
      profiles: createProfilesStore(api, live),
      eventTypes: createEventTypesStore(api, live),
      webhooks: createWebhooksStore(api, live),
      deliveries: createDeliveriesStore(api, live),
      triggers: createTriggersStore(api, live),
      inboxes,
      requests: createRequestsStore(api, live),
      replay: createReplayStore(api, live),
      // inbox URLs and the engine's ingest URL follow the ingest plane when it moves
      settings: createSettingsStore(api, live, () => {
        const s = inboxes.getState()
        if (s.loaded) void s.load()
        else for (const i of s.items) void s.fetch(i.id).catch(() => undefined)
        void info.getState().load()
      }),
    },
  }
  live.start()
  void services.stores.info.getState().load()
  createRoot(root).render(
    <StrictMode>
      <AppContext.Provider value={services}>
        <App />
      </AppContext.Provider>
    </StrictMode>,
  )
}

start()
