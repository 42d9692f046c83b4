import { useApp, useStoreOf } from '../app-context'

const LABELS = { connected: 'Connected', connecting: 'Connecting…', disconnected: 'Disconnected — retrying' } as const

/** Live-feed state, driven by the /api/live WebSocket (which reconnects by itself); and a scaled engine clock, said. */
export function ConnectionIndicator() {
  const { stores } = useApp()
  const state = useStoreOf(stores.connection, (s) => s.state)
  const scale = useStoreOf(stores.info, (s) => s.info?.clock.scale ?? 1)
  return (
    <>
      {scale !== 1 && (
        <div
          className="time-scale"
          data-testid="time-scale"
          title={`The engine runs with --time-scale ${scale}: its clock runs ${scale} times faster than this machine's. Times shown (deliveries, captures, schedules) are on the engine's clock, not this machine's; "ago", countdowns and time filters count from the engine's now, so a retry's countdown reaches zero when the engine retries.`}
        >
          Time ×{scale}
        </div>
      )}
      <div className={`connection connection-${state}`} data-testid="connection-indicator" data-state={state} role="status" aria-live="polite">
        <span className="connection-dot" aria-hidden="true" />
        {LABELS[state]}
      </div>
    </>
  )
}
