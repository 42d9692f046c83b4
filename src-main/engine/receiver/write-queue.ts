import type { Db } from '../db/open'

/**
 * Group commit for captures. A capture must be durable before its answer, but one transaction
 * per request caps throughput at the cost of a commit each. Writes queued while the event loop
 * is busy are run together in one transaction on the next turn of the loop (setImmediate; not
 * a timer, no time involved), or at once when `maxBatch` are waiting; each caller's promise
 * settles only after the transaction that holds its write has committed.
 *
 * If a batch fails, it is rolled back and its writes are retried one transaction each, so one
 * bad write (a constraint, a bug) fails alone instead of taking its neighbours with it.
 */
export interface WriteQueue {
  /** Runs `write` inside a transaction shared with other queued writes; resolves after commit. */
  enqueue<T>(write: () => T): Promise<T>
  /** Called inside every batch transaction after its writes (e.g. persist counters). */
  onBatch(hook: () => void): void
  /** Called after every commit with the number of writes it held, outside the transaction. */
  afterCommit(hook: (batchSize: number) => void): void
  /** Commits whatever is waiting now. */
  flush(): void
  /** Flushes, then refuses new writes. */
  close(): void
}

interface Item {
  write: () => unknown
  resolve: (v: unknown) => void
  reject: (e: unknown) => void
}

export function createWriteQueue(db: Db, options: { maxBatch?: number } = {}): WriteQueue {
  const maxBatch = options.maxBatch ?? 256
  let items: Item[] = []
  let scheduled: NodeJS.Immediate | null = null
  let closed = false
  const batchHooks: Array<() => void> = []
  const commitHooks: Array<(batchSize: number) => void> = []

  const runBatch = db.transaction((batch: Item[], results: unknown[]) => {
    for (const item of batch) results.push(item.write())
    for (const hook of batchHooks) hook()
  })
  const runOne = db.transaction((item: Item) => {
    const result = item.write()
    for (const hook of batchHooks) hook()
    return result
  })

  function flush(): void {
    if (scheduled) {
      clearImmediate(scheduled)
      scheduled = null
    }
    if (items.length === 0) return
    const batch = items
    items = []
    const results: unknown[] = []
    try {
      runBatch(batch, results)
      batch.forEach((item, i) => item.resolve(results[i]))
    } catch {
      for (const item of batch) {
        try {
          item.resolve(runOne(item))
        } catch (err) {
          item.reject(err)
        }
      }
    }
    for (const hook of commitHooks) {
      try {
        hook(batch.length)
      } catch {
        // an observer's failure must not undo or hide a commit
      }
    }
  }

  return {
    enqueue<T>(write: () => T): Promise<T> {
      if (closed) return Promise.reject(new Error('the write queue is closed (engine shutting down)'))
      return new Promise<T>((resolve, reject) => {
        items.push({ write, resolve: resolve as (v: unknown) => void, reject })
        if (items.length >= maxBatch) flush()
        else scheduled ??= setImmediate(flush)
      })
    },
    onBatch: (hook) => void batchHooks.push(hook),
    afterCommit: (hook) => void commitHooks.push(hook),
    flush,
    close() {
      flush()
      closed = true
    },
  }
}
