import { InboxView } from '../requests/inbox-view'
import { InboxList } from './inbox-list'

/**
 * `#/inboxes` lists the inboxes; `#/inboxes/<id>` is one inbox with its live request list,
 * `.../requests/<reqId>` opens a request beside the list, `.../compare/<a>/<b>` compares two.
 */
export function InboxesScreen({ params }: { params: string[] }) {
  const [inboxId, sub, a, b] = params
  if (!inboxId) return <InboxList />
  return <InboxView inboxId={inboxId} requestId={sub === 'requests' ? (a ?? null) : null} compare={sub === 'compare' && a && b ? [a, b] : null} />
}
