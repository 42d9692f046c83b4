import { EmptyState } from '../../components/empty-state'
import { Screen } from '../../components/screen'

export function DeliveriesScreen() {
  return (
    <Screen title="Deliveries" subtitle="Every delivery and each of its attempts" testId="screen-deliveries">
      <EmptyState title="No deliveries yet">
        <p>
          When an event is fired, each subscribed webhook gets a delivery. This log will list them with their status,
          and each will open to its attempt timeline: scheduled and actual time, the exact request sent and the
          response received, with a retry button.
        </p>
      </EmptyState>
    </Screen>
  )
}
