import { EmptyState } from '../../components/empty-state'
import { Screen } from '../../components/screen'

export function WebhooksScreen() {
  return (
    <Screen title="Webhooks" subtitle="Endpoints Hookbench delivers your events to" testId="screen-webhooks">
      <EmptyState title="No webhooks yet">
        <p>
          Each webhook is a URL with a provider profile (envelope, signing scheme, retry schedule), the events it
          subscribes to and a signing secret. This list will show every webhook with its status, last delivery and
          success rate, and let you create, pause, test and rotate secrets.
        </p>
      </EmptyState>
    </Screen>
  )
}
