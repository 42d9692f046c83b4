import { EmptyState } from '../../components/empty-state'
import { Screen } from '../../components/screen'

export function EventsScreen() {
  return (
    <Screen title="Events" subtitle="The event catalog of each provider profile, and firing events" testId="screen-events">
      <EmptyState title="The event catalog">
        <p>
          Event types by profile and category, with their JSON schema and example payload; fire any of them to your
          webhooks with generated or edited data, on a schedule, or as a scripted scenario.
        </p>
      </EmptyState>
    </Screen>
  )
}
