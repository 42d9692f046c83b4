import type { Analysis } from '../../../src-shared/api/requests'
import type { PayloadRow, RequestRow } from '../db/requests-repo'
import { verifyAgainst } from './analysis'
import type { ReceiverCore } from './core'

/**
 * The diagnosis a capture, an import or a re-analysis left pending (see analysis.ts), computed
 * when the request is read and stored once: the cost is paid once, for a request someone opens.
 * It is judged as the verdict was (same verification, same instant); when the inbox's
 * verification changed since, re-analysis will redo the whole verdict, so it is left pending.
 */
export async function completeDiagnosis(core: ReceiverCore, row: RequestRow, payload: PayloadRow): Promise<PayloadRow> {
  if (!payload.analysis.includes('"diagnosisPending":true')) return payload
  let running = inflight.get(core)
  if (!running) inflight.set(core, (running = new Map()))
  const pending = running.get(row.seq)
  if (pending) return pending
  const job = diagnose(core, row, payload).finally(() => running.delete(row.seq))
  running.set(row.seq, job)
  return job
}

const inflight = new WeakMap<ReceiverCore, Map<number, Promise<PayloadRow>>>()

async function diagnose(core: ReceiverCore, row: RequestRow, payload: PayloadRow): Promise<PayloadRow> {
  const a = JSON.parse(payload.analysis) as Analysis
  const v = core.byId.get(row.inbox_id)?.verification
  if (!a.diagnosisPending || !v || v.scheme !== a.scheme || v.profileId !== a.profileId) return payload
  let result
  try {
    result = verifyAgainst(v, { body: payload.body, headers: JSON.parse(payload.headers) as [string, string][] }, Date.parse(a.analyzedAt))
  } catch {
    return payload
  }
  if (result.verdict !== a.verdict || (result.matchedSecret ?? null) !== a.matchedSecret) return payload
  const { diagnosisPending: _, ...rest } = a
  const analysis = JSON.stringify({ ...rest, diagnosis: result.diagnosis ?? null } satisfies Analysis)
  try {
    // Only over the analysis it was computed for; the row's columns do not change.
    await core.queue.enqueue(() => core.requests.replaceAnalysis(row.seq, payload.analysis, analysis))
  } catch {
    // shutting down: the diagnosis is shown, and computed again next time
  }
  return { ...payload, analysis }
}
