import type { Delivery } from '../../../src-shared/api/deliveries'
import type { EngineEvent } from '../../../src-main/engine/events'
import { afterAll, beforeAll } from 'vitest'
import { startTestEngine, type TestEngine } from '../../helpers/engine'
import { startSink, type Sink } from '../../helpers/sink'

/**
 * A test engine and a sink that answers 200, started before the file's tests and stopped after
 * them: read `env.t` and `env.sink` inside tests and hooks (they are set in beforeAll).
 */
export function engineAndSink(): { t: TestEngine; sink: Sink } {
  const env = {} as { t: TestEngine; sink: Sink }
  beforeAll(async () => {
    env.t = await startTestEngine()
    env.sink = await startSink()
  })
  afterAll(async () => {
    await env.t?.stop()
    await env.sink?.close()
  })
  return env
}

/**
 * Resolves when `check` returns a value, re-checking on every engine event (attempts, status
 * changes): waits for outcomes, never for time. Rejects after `limitMs` real ms with the last state.
 */
export function until<T>(t: TestEngine, check: () => T | undefined | null | false | Promise<T | undefined | null | false>, limitMs = 10_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false
    let checking = false
    let again = false
    const finish = (fn: () => void) => {
      if (done) return
      done = true
      unsubscribe()
      clearTimeout(timer)
      fn()
    }
    const run = async () => {
      if (checking) {
        again = true
        return
      }
      checking = true
      try {
        do {
          again = false
          const v = await check()
          if (v) return finish(() => resolve(v as T))
        } while (again && !done)
      } catch (err) {
        finish(() => reject(err))
      } finally {
        checking = false
      }
    }
    const unsubscribe = t.engine.ctx.events.subscribe(() => void run())
    const timer = setTimeout(() => finish(() => reject(new Error('condition not met in time'))), limitMs)
    void run()
  })
}

export const getDelivery = async (t: TestEngine, id: string): Promise<Delivery> => (await t.api('GET', `/api/deliveries/${id}`)).body

/** Waits until the delivery has `n` finished attempts (and is not in flight). */
export function attemptsDone(t: TestEngine, id: string, n: number): Promise<Delivery> {
  return until(t, async () => {
    const d = await getDelivery(t, id)
    return d.attempts.filter((a) => a.outcome !== 'in_flight').length >= n && d.attempts.every((a) => a.outcome !== 'in_flight') ? d : null
  })
}

export function deliveryStatus(t: TestEngine, id: string, status: Delivery['status']): Promise<Delivery> {
  return until(t, async () => {
    const d = await getDelivery(t, id)
    return d.status === status && d.attempts.every((a) => a.outcome !== 'in_flight') ? d : null
  })
}

/** Collects engine events of some topics. */
export function recordEvents(t: TestEngine, prefix = ''): EngineEvent[] {
  const seen: EngineEvent[] = []
  t.engine.ctx.events.subscribe((e) => {
    if (e.topic.startsWith(prefix)) seen.push(e)
  })
  return seen
}

export const header = (headers: [string, string][], name: string): string | undefined => headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1]
