import { EmptyState } from '../../components/empty-state'
import { Screen } from '../../components/screen'
import { useApp, useStoreOf } from '../../app-context'

export function InboxesScreen() {
  const { stores } = useApp()
  const ingest = useStoreOf(stores.info, (s) => s.info?.urls.ingest)
  return (
    <Screen title="Inboxes" subtitle="Local URLs that capture, verify and explain the webhooks sent to them" testId="screen-inboxes">
      <EmptyState title="No inboxes yet">
        <p>
          An inbox is a URL such as <code>{ingest ?? 'http://127.0.0.1:4320'}/&lt;slug&gt;</code> that captures every
          request byte for byte, verifies its signature and says why it fails, answers with scripted responses and
          forwards to your local app. Captured requests will be listed here live.
        </p>
      </EmptyState>
    </Screen>
  )
}
