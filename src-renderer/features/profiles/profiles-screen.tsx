import { EmptyState } from '../../components/empty-state'
import { Screen } from '../../components/screen'

export function ProfilesScreen() {
  return (
    <Screen title="Profiles" subtitle="Provider webhook styles: envelope, signing, headers, retries, disable rule" testId="screen-profiles">
      <EmptyState title="Provider profiles">
        <p>
          Built-in presets reproduce Workestra, ConnectGain, WorkFlows, TaskHub, Standard Webhooks, Stripe and GitHub
          exactly; clone one to design your own product's webhook offering.
        </p>
      </EmptyState>
    </Screen>
  )
}
