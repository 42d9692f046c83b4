import { Screen } from '../../components/screen'
import { Tabs } from '../../components/tabs'
import { navigate } from '../../router'
import '../sender-kit/sender.css'
import { CatalogView } from './catalog-view'
import './events.css'
import { HistoryView } from './history-view'
import { ScenariosView } from './scenarios-view'
import { SchedulesView } from './schedules-view'

type Tab = 'catalog' | 'schedules' | 'scenarios' | 'history'
const TABS: Tab[] = ['catalog', 'schedules', 'scenarios', 'history']

/**
 * `#/events/catalog/<profile>/<type>`, `#/events/schedules`, `#/events/scenarios`,
 * `#/events/history`: the catalog and every way to fire events.
 */
export function EventsScreen({ params }: { params: string[] }) {
  const tab: Tab = TABS.includes(params[0] as Tab) ? (params[0] as Tab) : 'catalog'
  return (
    <Screen title="Events" subtitle="The event catalog of each provider profile, and every way to fire events" testId="screen-events">
      <Tabs<Tab>
        label="Events"
        active={tab}
        onChange={(t) => navigate(`/events/${t}`)}
        tabs={[
          { key: 'catalog', label: 'Catalog' },
          { key: 'schedules', label: 'Schedules' },
          { key: 'scenarios', label: 'Scenarios' },
          { key: 'history', label: 'Fired events' },
        ]}
      />
      {tab === 'catalog' && <CatalogView profileId={params[1]} typeName={params[2]} />}
      {tab === 'schedules' && <SchedulesView />}
      {tab === 'scenarios' && <ScenariosView />}
      {tab === 'history' && <HistoryView />}
    </Screen>
  )
}
