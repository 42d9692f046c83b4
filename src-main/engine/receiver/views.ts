import type { Analysis, ForwardResult, RequestDetail, RequestListItem, SentResponse } from '../../../src-shared/api/requests'
import type { Verdict } from '../../../src-shared/signing-schemes'
import { withoutCredentials } from '../../../src-shared/http-url'
import type { ForwardRow, PayloadRow, RequestRow } from '../db/requests-repo'
import { sampleOf } from '../signing/bytes'
import { parseTemplate, renderTemplate } from '../signing/template'
import { codingsOf, decodeForView } from '../http/decode'

/** A slim row as the list (and the `request.captured` event) shows it. */
export function listItem(r: RequestRow): RequestListItem {
  return {
    id: r.id,
    inboxId: r.inbox_id,
    method: r.method,
    path: r.path,
    pathSuffix: r.path_suffix,
    query: r.query,
    receivedAt: new Date(r.received_at).toISOString(),
    size: r.size,
    contentType: r.content_type,
    contentEncoding: r.content_encoding,
    remoteAddress: r.remote_address,
    verdict: r.verdict as Verdict,
    timestampAgeSec: r.timestamp_age_sec,
    eventType: r.event_type,
    eventId: r.event_id,
    duplicate: r.duplicate === 1,
    outOfOrder: r.out_of_order === 1,
    allowlisted: r.allowlisted === null ? null : r.allowlisted === 1,
    problems: r.problems ? r.problems.split(',') : [],
    responseStatus: r.response_status,
    imported: r.imported === 1,
  }
}

/** The age of a stale signed timestamp, kept on the row so the list can say "future-dated" (migration 0010). */
export const staleAgeSec = (a: Pick<Analysis, 'verdict' | 'details'>): number | null => (a.verdict === 'stale_timestamp' ? (a.details?.ageSec ?? null) : null)

/**
 * The stored analysis leaves out the signed content (mostly the body again); it is rebuilt
 * on read from the template, the signed id and timestamp, and the stored body bytes.
 * Takes ownership of `a` (its details lose the signed content).
 */
export function storedAnalysis(a: Analysis): string {
  if (a.details?.signedContent !== undefined) a.details.signedContent = undefined
  return JSON.stringify(a)
}

function restoreSignedContent(a: Analysis, body: Buffer): Analysis {
  const d = a.details
  if (!d || d.signedContent !== undefined || d.signedContentBytes === undefined || !d.template) return a
  try {
    const content = renderTemplate(parseTemplate(d.template), { id: d.id, timestamp: d.timestampText, body })
    const sample = sampleOf(content)
    return { ...a, details: { ...d, signedContent: sample.text, signedContentEncoding: sample.encoding } }
  } catch {
    return a
  }
}

export async function requestDetail(r: RequestRow, p: PayloadRow, forwards: ForwardRow[]): Promise<RequestDetail> {
  const headers = JSON.parse(p.headers) as [string, string][]
  const query = new URLSearchParams(r.query)
  let decoded: RequestDetail['decoded'] = null
  const codings = codingsOf(r.content_encoding)
  if (codings && p.body.length > 0) {
    const result = await decodeForView(p.body, codings)
    decoded = result.ok
      ? { encoding: r.content_encoding!, bodyBase64: result.bytes.toString('base64'), size: result.bytes.length, truncated: result.truncated, error: null }
      : { encoding: r.content_encoding!, bodyBase64: null, size: 0, truncated: false, error: result.error }
  }
  return {
    ...listItem(r),
    headers,
    queryParams: [...query.entries()],
    bodyBase64: p.body.toString('base64'),
    remotePort: r.remote_port,
    decoded,
    analysis: restoreSignedContent(JSON.parse(p.analysis) as Analysis, p.body),
    response: p.response ? (JSON.parse(p.response) as SentResponse) : null,
    forwards: forwards.map((f) => shownForward(JSON.parse(f.result) as ForwardResult)),
  }
}

/** A forward result as shown: without the target's credentials (rows stored before they were left out have them). */
const shownForward = (f: ForwardResult): ForwardResult => ({ ...f, url: withoutCredentials(f.url), target: withoutCredentials(f.target) })
