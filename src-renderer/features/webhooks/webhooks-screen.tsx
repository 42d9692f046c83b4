import { useEffect, useState } from 'react'
import type { Webhook } from '../../../src-shared/api/webhooks'
import { useApp, useStoreOf } from '../../app-context'
import { EmptyState } from '../../components/empty-state'
import { Screen } from '../../components/screen'
import { navigate } from '../../router'
import '../sender-kit/sender.css'
import { SendTestDialog } from './send-test-dialog'
import { WebhookDetail } from './webhook-detail'
import { WebhookFormDialog } from './webhook-form'
import { WebhookList } from './webhook-list'
import './webhooks.css'

/** `#/webhooks` lists them; `#/webhooks/<id>` opens one. */
export function WebhooksScreen({ params }: { params: string[] }) {
  const { stores } = useApp()
  const loaded = useStoreOf(stores.webhooks, (s) => s.loaded)
  const error = useStoreOf(stores.webhooks, (s) => s.error)
  const items = useStoreOf(stores.webhooks, (s) => s.items)
  const profiles = useStoreOf(stores.profiles, (s) => s.items)
  const [formOpen, setFormOpen] = useState(false)
  const [editing, setEditing] = useState<Webhook | undefined>()
  const [testing, setTesting] = useState<Webhook | null>(null)
  const id = params[0]
  const selected = id ? items.find((w) => w.id === id) : undefined

  useEffect(() => {
    void stores.webhooks.getState().load()
    if (!stores.profiles.getState().loaded) void stores.profiles.getState().load()
  }, [stores.webhooks, stores.profiles])
  useEffect(() => {
    if (id && loaded && !selected) void stores.webhooks.getState().fetchOne(id)
  }, [id, loaded, selected, stores.webhooks])
  useEffect(() => {
    if (selected) void stores.eventTypes.getState().load(selected.profileId)
  }, [selected, stores.eventTypes])

  const openCreate = () => {
    setEditing(undefined)
    setFormOpen(true)
  }
  const dialogs = (
    <>
      <WebhookFormDialog
        open={formOpen}
        webhook={editing}
        onClose={() => setFormOpen(false)}
        onSaved={(w) => {
          setFormOpen(false)
          navigate(`/webhooks/${encodeURIComponent(w.id)}`)
        }}
      />
      {testing && <SendTestDialog open onClose={() => setTesting(null)} webhook={items.find((w) => w.id === testing.id) ?? testing} />}
    </>
  )

  if (id) {
    return (
      <section className="screen" data-testid="screen-webhooks" aria-labelledby="screen-title">
        <div className="screen-body">
          {selected ? (
            <WebhookDetail
              webhook={selected}
              profile={profiles.find((p) => p.id === selected.profileId)}
              onEdit={() => {
                setEditing(selected)
                setFormOpen(true)
              }}
              onTest={() => setTesting(selected)}
            />
          ) : (
            <EmptyState title={loaded ? 'No such webhook' : 'Loading…'}>{loaded && <p>It may have been deleted.</p>}</EmptyState>
          )}
        </div>
        {dialogs}
      </section>
    )
  }

  return (
    <Screen
      title="Webhooks"
      subtitle="Endpoints Hookbench delivers your events to"
      testId="screen-webhooks"
      actions={
        <button type="button" className="btn btn-primary" onClick={openCreate}>
          New webhook
        </button>
      }
    >
      {error && <p className="error-banner">{error}</p>}
      {loaded && items.length === 0 ? (
        <EmptyState
          title="No webhooks yet"
          action={
            <button type="button" className="btn btn-primary" onClick={openCreate}>
              Create a webhook
            </button>
          }
        >
          <p>
            A webhook is a URL with a provider profile (envelope, signing scheme, retry schedule), the events it subscribes to and a
            signing secret. Point one at a local app, or at one of Hookbench’s inboxes, and fire events to it.
          </p>
        </EmptyState>
      ) : (
        <WebhookList onTest={setTesting} />
      )}
      {dialogs}
    </Screen>
  )
}
