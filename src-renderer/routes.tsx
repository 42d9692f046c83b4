import type { ComponentType } from 'react'
import { DeliveriesScreen } from './features/deliveries/deliveries-screen'
import { EventsScreen } from './features/events/events-screen'
import { InboxesScreen } from './features/inboxes/inboxes-screen'
import { ProfilesScreen } from './features/profiles/profiles-screen'
import { SettingsScreen } from './features/settings/settings-screen'
import { WebhooksScreen } from './features/webhooks/webhooks-screen'

export interface RouteDef {
  /** First path segment: `#/webhooks/...` */
  key: string
  label: string
  section: 'Sender' | 'Receiver' | 'Workbench'
  /** Gets the rest of the path (e.g. an id) as `params`. */
  component: ComponentType<{ params: string[] }>
}

export const ROUTES: RouteDef[] = [
  { key: 'webhooks', label: 'Webhooks', section: 'Sender', component: WebhooksScreen },
  { key: 'events', label: 'Events', section: 'Sender', component: EventsScreen },
  { key: 'deliveries', label: 'Deliveries', section: 'Sender', component: DeliveriesScreen },
  { key: 'inboxes', label: 'Inboxes', section: 'Receiver', component: InboxesScreen },
  { key: 'profiles', label: 'Profiles', section: 'Workbench', component: ProfilesScreen },
  { key: 'settings', label: 'Settings', section: 'Workbench', component: SettingsScreen },
]

export const DEFAULT_ROUTE = 'inboxes'
