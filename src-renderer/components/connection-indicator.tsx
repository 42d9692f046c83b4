import { useApp, useStoreOf } from '../app-context'

const LABELS = { connected: 'Connected', connecting: 'Connecting…', disconnected: 'Disconnected — retrying' } as const

/** Live-feed state, driven by the /api/live WebSocket (which reconnects by itself). */
export function ConnectionIndicator() {
  const { stores } = useApp()
  const state = useStoreOf(stores.connection, (s) => s.state)
  return (
    <div className={`connection connection-${state}`} data-testid="connection-indicator" data-state={state} role="status" aria-live="polite">
      <span className="connection-dot" aria-hidden="true" />
      {LABELS[state]}
    </div>
  )
}
