/**
 * The receiver: inboxes on the ingest plane that capture any request byte for byte, verify
 * and explain it, answer with scripted responses, forward it, and keep it searchable.
 * Routes call these functions; nothing here knows Fastify.
 */
import {
  INBOX_TOPICS,
  MAX_INBOX_SECRETS,
  type ClearInboxResult,
  type Inbox,
  type InboxDeletedEvent,
  type InboxInput,
  type InboxPatch,
  type ReanalyzeResult,
  type RotateInboxSecretInput,
} from '../../../src-shared/api/inboxes'
import type { Analysis, RequestComparison, RequestDetail, RequestList, RequestListQuery } from '../../../src-shared/api/requests'
import type { SigningOptions, SigningSchemeId } from '../../../src-shared/signing-schemes'
import type { EngineContext } from '../context'
import type { InboxRow } from '../db/inboxes-repo'
import { EngineError, badRequest, notFound } from '../errors'
import type { HeaderPair, OutboundClient } from '../http/outbound'
import { newId, randomSlug } from '../ids'
import { newSecretFor, rotateSecrets } from '../signing'
import { captureRequest, type CaptureOutcome, type IncomingRequest } from './capture'
import { compareRequests } from './compare'
import { adjustCount, cacheInbox, createCore, requestCount, uncacheInbox, type ReceiverCore } from './core'
import { codingsOf, decodeForView } from '../http/decode'
import { completeDiagnosis } from './diagnosis'
import { sweepInterruptedForwards } from './forwarder'
import { applyInput, checkSlug, compileInbox, defaultConfig, inboxView, ingestBases, type RuntimeInbox } from './inboxes'
import { presetProfileLookup, type ProfileLookup } from './profiles'
import { importRequests } from './import'
import { reanalyzeInbox } from './reanalysis'
import type { ImportedRequest } from '../export/import'
import { deleteAllRequests, emitDeleted, schedulePrune, sweepOrphans } from './retention'
import { decodeCursor, encodeCursor, toFilter } from './search'
import { listItem, requestDetail } from './views'

export type { Answer, CaptureOutcome, IncomingRequest } from './capture'
export { BodyTooLargeError, splitTarget } from './capture'
export { bodylessStatus } from './response-rules'

/** A captured request as it arrived, for sending it again. */
export interface CapturedMessage {
  method: string
  headers: HeaderPair[]
  body: Buffer
  eventId: string | null
  eventIdSource: Analysis['eventIdSource']
  /** Whether the inbox's verification signs the event id ({id} in its signed content); null when it verifies nothing. */
  signsId: boolean | null
  /** How the inbox verifies (its scheme and options, no secrets); null when it verifies nothing. */
  signing: { scheme: SigningSchemeId; options: SigningOptions } | null
}

export interface Receiver {
  createInbox(input: InboxInput): Inbox
  listInboxes(): Inbox[]
  getInbox(id: string): Inbox
  updateInbox(id: string, patch: InboxPatch): Inbox
  /** Resolves once the inbox is pruned down to its retention (at once when it is within it). */
  pruned(id: string): Promise<void>
  deleteInbox(id: string): Promise<void>
  rotateInboxSecret(id: string, input: RotateInboxSecretInput): Inbox
  reanalyzeInbox(id: string): ReanalyzeResult
  /** A profile was edited: inboxes that verify as it take its new signing, and their requests are judged again. */
  profileChanged(profileId: string): void
  /** Why the profile cannot be deleted (inboxes verify as it), or null. */
  profileInUse(profileId: string): string | null
  listRequests(inboxId: string, query: RequestListQuery): RequestList
  /** Ids of every request matching the filters, oldest first (bulk replay, exports). */
  matchingRequestIds(inboxId: string, filter: Omit<RequestListQuery, 'cursor' | 'limit'>): string[]
  /** A selection of an inbox's requests in received order, each once; a 400 naming the first id that is not in the inbox. */
  selectionInReceivedOrder(inboxId: string, ids: readonly string[], field: string): string[]
  clearInbox(inboxId: string): Promise<ClearInboxResult>
  getRequest(id: string): Promise<RequestDetail>
  /** What a replay sends again: method, headers and body as received, and the event id found. */
  getRequestAsReceived(id: string): CapturedMessage
  /** The raw body bytes, or the decoded view (`decoded`), for download. */
  getRequestBody(id: string, decoded: boolean): Promise<{ bytes: Buffer; filename: string; contentType: string | null }>
  compareRequests(a: string, b: string): Promise<RequestComparison>
  deleteRequest(id: string): void
  /** Stores requests parsed from an import file, all or none; returns their ids, oldest first. */
  importRequests(inboxId: string, requests: ImportedRequest[]): Promise<string[]>

  /** The inbox a slug names, for the ingest plane (limits checked before reading the body). */
  findInbox(slug: string): { slug: string; maxBodyBytes: number } | undefined
  /** Captures a request to an existing inbox; throws BodyTooLargeError (413) or EngineError. */
  capture(slug: string, req: IncomingRequest): Promise<CaptureOutcome>
  /** URLs of the existing inboxes, for the loopback-only 404 page. */
  inboxUrls(): string[]
  /** Commits queued writes and stops background work (engine shutdown). */
  stop(): Promise<void>
}

export interface ReceiverOptions {
  http: OutboundClient
  /** Profile lookup for "verify as profile X"; built-in presets by default. */
  profiles?: ProfileLookup
}

const DEFAULT_ROTATION_GRACE_SEC = 86_400

/** Builds the receiver on the engine's database, clock and event bus. */
export function createReceiver(ctx: EngineContext, options: ReceiverOptions): Receiver {
  const core = createCore(ctx, options.http, options.profiles ?? presetProfileLookup)
  sweepInterruptedForwards(core)
  sweepOrphans(core)
  for (const inbox of core.byId.values()) schedulePrune(core, inbox.id)

  const urls = () => ({ ingest: ctx.urls().ingest, ingestHost: ctx.ingestHost })
  const mustGet = (id: string): RuntimeInbox => {
    const inbox = core.byId.get(id)
    if (!inbox) throw notFound('inbox', id)
    return inbox
  }
  const view = (inbox: RuntimeInbox): Inbox => {
    const last = core.requests.last(inbox.id)
    return inboxView(
      inbox,
      {
        requestCount: requestCount(core, inbox.id),
        lastRequest: last
          ? {
              id: last.id,
              method: last.method,
              path: last.path,
              receivedAt: new Date(last.received_at).toISOString(),
              verdict: listItem(last).verdict,
              responseStatus: last.response_status,
            }
          : null,
      },
      urls(),
      core.lookup,
      ctx.clock.wallNow(), // secrets expire in wall time: signatures are judged in wall time (capture.ts)
    )
  }
  const slugTaken = (slug: string) =>
    new EngineError('HB_ERR_INBOX_SLUG_TAKEN', 409, `The slug "${slug}" is taken by another inbox; choose another or leave slug out for a random one.`, '/slug')

  function save(row: InboxRow, isNew: boolean): RuntimeInbox {
    try {
      if (isNew) core.inboxes.insert(row)
      else core.inboxes.update(row)
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw slugTaken(row.slug)
      throw err
    }
    const inbox = compileInbox(row, core.lookup)
    cacheInbox(core, inbox)
    return inbox
  }

  const forwardsOf = (slug: string) => core.bySlug.get(slug)?.config.forwardTo
  const verifyingAs = (profileId: string) => [...core.byId.values()].filter((inbox) => inbox.config.verification?.profileId === profileId)

  const receiver: Receiver = {
    createInbox(input) {
      let slug: string
      if (input.slug !== undefined) {
        slug = checkSlug(input.slug)
        if (core.bySlug.has(slug)) throw slugTaken(slug)
      } else {
        do slug = randomSlug(10)
        while (core.bySlug.has(slug))
      }
      const { config } = applyInput(defaultConfig(), input, { lookup: core.lookup, ingest: ctx.urls().ingest, slug, forwardsOf })
      const now = ctx.clock.now()
      const row: InboxRow = { id: newId('inb', now), slug, name: input.name, config: JSON.stringify(config), response_counter: 0, created_at: now, updated_at: now }
      const inbox = save(row, true)
      core.counts.set(inbox.id, 0)
      const out = view(inbox)
      ctx.events.emit(INBOX_TOPICS.created, out)
      return out
    },

    listInboxes: () => [...core.byId.values()].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1)).map(view),

    getInbox: (id) => view(mustGet(id)),

    updateInbox(id, patch) {
      const current = mustGet(id)
      let slug = current.slug
      if (patch.slug !== undefined && patch.slug !== current.slug) {
        slug = checkSlug(patch.slug)
        if (core.bySlug.has(slug)) throw slugTaken(slug)
      }
      const { config, responseChanged, verificationChanged, allowlistChanged } = applyInput(current.config, patch, {
        lookup: core.lookup,
        ingest: ctx.urls().ingest,
        slug,
        slugChanged: slug !== current.slug,
        // Under its old slug this inbox is gone once saved: a forward to that slug leads nowhere.
        forwardsOf: (s) => (s === current.slug ? undefined : forwardsOf(s)),
      })
      const row: InboxRow = {
        id,
        slug,
        name: patch.name ?? current.name,
        config: JSON.stringify(config),
        response_counter: responseChanged ? 0 : current.counter,
        created_at: current.createdAt,
        updated_at: ctx.clock.now(),
      }
      const inbox = save(row, false)
      if (verificationChanged || allowlistChanged) reanalyzeInbox(core, id)
      if (patch.limits?.retention !== undefined) schedulePrune(core, id)
      const out = view(inbox)
      ctx.events.emit(INBOX_TOPICS.updated, out)
      return out
    },

    async pruned(id) {
      // The job running now prunes down to the retention read at each step; later ones (captures
      // still coming) are not waited for, or a busy inbox would hold the answer as long as it is busy.
      await core.pruning.get(id)
    },

    async deleteInbox(id) {
      mustGet(id)
      core.inboxes.delete(id)
      uncacheInbox(core, id)
      const event: InboxDeletedEvent = { id }
      ctx.events.emit(INBOX_TOPICS.deleted, event)
      // Captures already queued for this inbox commit first, so the sweep below removes them too.
      await core.queue.enqueue(() => undefined)
      await deleteAllRequests(core, id, false)
    },

    rotateInboxSecret(id, input) {
      const current = mustGet(id)
      const v = current.config.verification
      if (!v) {
        throw new EngineError('HB_ERR_INBOX_VERIFICATION', 400, 'This inbox verifies nothing, so it has no secret to rotate: set its verification first.', '/verification')
      }
      // Wall time, as the signatures it will judge (under --time-scale engine time runs ahead).
      const now = ctx.clock.wallNow()
      // None given: one in the shape the inbox's profile, or else its scheme, hands out. (With no
      // resolved verification, its profile is gone, the update below refuses the rotation.)
      const resolved = current.verification
      const next =
        input.secret ?? (resolved ? newSecretFor(resolved.scheme, resolved.options, resolved.profileId === null ? undefined : core.lookup(resolved.profileId)?.secretShape) : undefined)
      const rotated = rotateSecrets(v.secrets, {
        now,
        graceMs: (input.graceSec ?? DEFAULT_ROTATION_GRACE_SEC) * 1000,
        ...(next !== undefined ? { next } : {}),
        ...(input.label !== undefined ? { label: input.label } : {}),
      })
      if (rotated.length > MAX_INBOX_SECRETS) {
        throw badRequest(
          'HB_ERR_INBOX_SECRETS',
          `This rotation would leave ${rotated.length} secrets, and an inbox keeps at most ${MAX_INBOX_SECRETS}: rotate with graceSec 0 to stop accepting the previous ones now, or remove some from the verification.`,
          '/graceSec',
        )
      }
      // Goes through the same validation as an edit (the new secret must suit the scheme).
      return receiver.updateInbox(id, {
        verification: {
          ...(v.profileId !== null ? { profileId: v.profileId } : { scheme: v.scheme! }),
          options: v.options,
          secrets: rotated.map((s) => ({
            value: s.value,
            ...(s.label !== undefined ? { label: s.label } : {}),
            ...(s.expiresAt !== undefined ? { expiresAt: new Date(s.expiresAt).toISOString() } : {}),
          })),
        },
      })
    },

    profileChanged(profileId) {
      for (const inbox of verifyingAs(profileId)) {
        const row = core.inboxes.get(inbox.id)
        if (!row) continue
        // The live counter, not the row's: it is saved with the next batch of captures.
        const next = compileInbox({ ...row, response_counter: inbox.counter }, core.lookup)
        if (JSON.stringify(next.verification) === JSON.stringify(inbox.verification) && next.verificationProblem === inbox.verificationProblem) continue
        cacheInbox(core, next)
        reanalyzeInbox(core, inbox.id)
        ctx.events.emit(INBOX_TOPICS.updated, view(next))
      }
    },

    profileInUse(profileId) {
      const users = verifyingAs(profileId)
      if (users.length === 0) return null
      const names = users.map((inbox) => `"${inbox.name}"`).join(', ')
      return `${users.length === 1 ? 'The inbox' : `${users.length} inboxes,`} ${names}${users.length === 1 ? ' verifies' : ', verify'} as the profile "${profileId}": change ${users.length === 1 ? 'its' : 'their'} verification first.`
    },

    reanalyzeInbox(id) {
      mustGet(id)
      return { queued: reanalyzeInbox(core, id) }
    },

    listRequests(inboxId, query) {
      mustGet(inboxId)
      const filter = toFilter(query)
      const searchPending = filter.match !== undefined ? core.search.catchUp() : 0
      const limit = query.limit ?? 50
      const after = query.cursor !== undefined ? decodeCursor(query.cursor) : undefined
      const rows = core.requests.list(inboxId, filter, after, limit + 1, query.order)
      const page = rows.slice(0, limit)
      const hasFilter = Object.keys(filter).length > 0
      return {
        items: page.map(listItem),
        nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.seq) : null,
        total: hasFilter ? core.requests.countMatching(inboxId, filter) : requestCount(core, inboxId),
        ...(searchPending > 0 ? { searchPending } : {}),
      }
    },

    async clearInbox(inboxId) {
      mustGet(inboxId)
      return { deleted: await deleteAllRequests(core, inboxId, true) }
    },

    async getRequest(id) {
      const row = core.requests.get(id)
      const payload = row && core.requests.payload(row.seq)
      if (!row || !payload) throw notFound('captured request', id)
      return requestDetail(row, await completeDiagnosis(core, row, payload), core.requests.forwards(row.seq))
    },

    getRequestAsReceived(id) {
      const row = core.requests.get(id)
      const payload = row && core.requests.payload(row.seq)
      if (!row || !payload) throw notFound('captured request', id)
      const analysis = JSON.parse(payload.analysis) as Pick<Analysis, 'eventIdSource' | 'details'>
      const template = analysis.details?.template
      const verification = core.byId.get(row.inbox_id)?.verification
      return {
        method: row.method,
        headers: JSON.parse(payload.headers) as HeaderPair[],
        body: payload.body,
        eventId: row.event_id,
        eventIdSource: analysis.eventIdSource,
        signsId: typeof template === 'string' ? template.includes('{id}') : null,
        signing: verification ? { scheme: verification.scheme, options: verification.options } : null,
      }
    },

    async getRequestBody(id, decoded) {
      const row = core.requests.get(id)
      const body = row && core.requests.body(row.seq)
      if (!row || !body) throw notFound('captured request', id)
      if (decoded) {
        const codings = codingsOf(row.content_encoding)
        if (!codings) return { bytes: body, filename: `${id}.bin`, contentType: row.content_type }
        const result = await decodeForView(body, codings)
        if (!result.ok) {
          throw new EngineError('HB_ERR_REQUEST_DECODE', 422, `The body does not decode as ${row.content_encoding}: ${result.error}. Download it without decoded=true.`)
        }
        return { bytes: result.bytes, filename: `${id}.decoded.bin`, contentType: row.content_type }
      }
      return { bytes: body, filename: `${id}.bin`, contentType: row.content_type }
    },

    async compareRequests(a, b) {
      const [ra, rb] = await Promise.all([receiver.getRequest(a), receiver.getRequest(b)])
      return compareRequests(ra, rb)
    },

    deleteRequest(id) {
      const row = core.requests.get(id)
      if (!row) throw notFound('captured request', id)
      ctx.db.transaction(() => core.requests.deleteOne(row.seq))()
      adjustCount(core, row.inbox_id, -1)
      emitDeleted(core, { inboxId: row.inbox_id, reason: 'deleted', ids: [id], all: false, count: 1 })
    },

    matchingRequestIds(inboxId, filter) {
      const ids: string[] = []
      let cursor: string | undefined
      do {
        const page = receiver.listRequests(inboxId, { ...filter, cursor, limit: 500 })
        for (const item of page.items) ids.push(item.id)
        cursor = page.nextCursor ?? undefined
      } while (cursor)
      return ids.reverse()
    },

    selectionInReceivedOrder(inboxId, ids, field) {
      const seqs = new Map<string, number>()
      ids.forEach((id, i) => {
        const row = core.requests.get(id)
        if (!row || row.inbox_id !== inboxId) {
          throw badRequest('HB_ERR_REQUEST_NOT_IN_INBOX', `${id} is not a request of this inbox${row ? '' : ' (it does not exist, or was deleted)'}: select requests from the inbox being replayed.`, `${field}/${i}`)
        }
        seqs.set(id, row.seq)
      })
      return [...seqs.keys()].sort((a, b) => seqs.get(a)! - seqs.get(b)!)
    },

    importRequests(inboxId, requests) {
      return importRequests(core, mustGet(inboxId), requests)
    },

    findInbox(slug) {
      const inbox = core.bySlug.get(slug)
      return inbox && { slug: inbox.slug, maxBodyBytes: inbox.config.limits.maxBodyBytes }
    },

    capture(slug, req) {
      const inbox = core.bySlug.get(slug)
      if (!inbox) return Promise.reject(new EngineError('HB_ERR_INGEST_NO_INBOX', 404, `No inbox "${slug}".`))
      return captureRequest(core, inbox, req)
    },

    inboxUrls() {
      const bases = ingestBases(urls().ingest, urls().ingestHost)
      const base = bases[0]?.url ?? urls().ingest
      return [...core.bySlug.keys()].sort().map((slug) => `${base}/${slug}`)
    },

    async stop() {
      core.shutdown.abort()
      // Forwards see the abort and record their result through the queue; wait for them.
      while (core.background.size > 0) await Promise.allSettled([...core.background])
      core.queue.close()
    },
  }
  return receiver
}

