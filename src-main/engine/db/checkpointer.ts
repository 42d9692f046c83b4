import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/**
 * Background WAL checkpoints. A checkpoint copies the pages committed to the WAL back into the
 * database file; run by the connection that writes (SQLite's auto-checkpoint), it stalls every
 * capture and delivery behind it while it copies tens of MiB. This worker thread opens its own
 * connection and runs PASSIVE checkpoints every `intervalMs` (less often while nothing is
 * written): they never take the write lock, so writers keep committing while the copy runs on
 * another core. The writing connection keeps its own auto-checkpoint as a backstop (it then
 * finds most frames already copied, and lets the WAL restart from the beginning).
 *
 * The worker is eval'd source rather than a file of its own so that the engine needs no
 * second build entry; it loads the same better-sqlite3 (and native binding) as the engine.
 */
export interface Checkpointer {
  /** Frames in the WAL and frames copied to the database file, after the latest checkpoint. */
  latest(): { log: number; checkpointed: number } | null
  /** Stops the worker and closes its connection (before the engine closes its own). */
  close(): Promise<void>
}

export interface CheckpointerOptions {
  nativeBinding?: string
  intervalMs?: number
  /** Told when the worker fails (it then stops; the writer's own auto-checkpoint remains). */
  onError?: (err: Error) => void
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.module)
const db = new Database(workerData.path, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {})
// Never wait for a lock: a checkpoint that finds one busy is simply tried again next time.
db.pragma('busy_timeout = 0')
// Every intervalMs while the WAL grows; backing off to 2 s while nothing is written, so an idle
// app does not wake ten times a second for nothing.
let last = null
let delay = workerData.intervalMs
let timer = null
const run = () => {
  let grew = false
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)')
    if (r && (!last || r.log !== last.log || r.checkpointed !== last.checkpointed)) {
      grew = true
      last = r
      parentPort.postMessage({ log: r.log, checkpointed: r.checkpointed })
    }
  } catch (err) {
    // SQLITE_BUSY (another checkpoint is running) or the file went away at shutdown: try again later.
  }
  delay = grew ? workerData.intervalMs : Math.min(delay * 2, 2000)
  timer = setTimeout(run, delay)
}
timer = setTimeout(run, delay)
parentPort.on('message', (m) => {
  if (m !== 'close') return
  clearTimeout(timer)
  db.close()
  parentPort.close()
})
`

export function startCheckpointer(dbPath: string, options: CheckpointerOptions = {}): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      path: dbPath,
      module: createRequire(import.meta.url).resolve('better-sqlite3'),
      nativeBinding: options.nativeBinding,
      intervalMs: options.intervalMs ?? 100,
    },
  })
  let latest: { log: number; checkpointed: number } | null = null
  worker.on('message', (m: { log: number; checkpointed: number }) => (latest = m))
  // A checkpointer that fails only costs speed: the writer's own auto-checkpoint remains.
  worker.on('error', (err) => options.onError?.(err))
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
  let closing: Promise<void> | undefined
  return {
    latest: () => latest,
    close: () =>
      (closing ??= (async () => {
        worker.postMessage('close')
        const timeout = setTimeout(() => void worker.terminate(), 2_000)
        await exited
        clearTimeout(timeout)
      })()),
  }
}
