import { useCallback, useEffect, useRef, useState, type RefObject } from 'react'
import type { LiveEvent } from '../src-shared/live'
import { useApp, useStoreOf } from './app-context'
import { engineNow, tickMs } from './lib/engine-clock'

/**
 * Calls `handler` with each batch of live events whose topic matches one of `topics`
 * (exact names or prefixes ending with '.', e.g. 'delivery.').
 */
export function useLiveEvents(topics: string[], handler: (events: LiveEvent[]) => void): void {
  const { live } = useApp()
  const handlerRef = useRef(handler)
  handlerRef.current = handler
  const key = topics.join('|')
  useEffect(() => {
    const wanted = key.split('|')
    const matches = (topic: string) => wanted.some((t) => (t.endsWith('.') ? topic.startsWith(t) : topic === t))
    return live.subscribe((batch) => {
      const mine = batch.filter((e) => matches(e.topic))
      if (mine.length) handlerRef.current(mine)
    })
  }, [live, key])
}

/**
 * The engine's now (its clock runs ahead under `--time-scale`), for countdowns and "3 s ago" against
 * the times it records: read at each render, and re-rendered about every `ms` of engine time. Read at
 * render, a row that just arrived is never ahead of it (a now kept from the last tick would lag by
 * a tick times the scale, and a delivery just made would read "in 20 s").
 */
export function useEngineNow(ms = 5000): number {
  const { stores } = useApp()
  const clock = useStoreOf(stores.info, (s) => s.clock)
  const [, setTick] = useState(0)
  const every = tickMs(clock, ms)
  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), every)
    return () => clearInterval(t)
  }, [every])
  return engineNow(clock)
}

/**
 * An async action started by a button or a form: `busy` while it runs, then the message of its
 * failure; or `onError` takes the error instead (e.g. to place it under the field it names).
 */
export function useAction(onError?: (err: unknown) => void) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const onErrorRef = useRef(onError)
  onErrorRef.current = onError
  const run = useCallback(async (fn: () => Promise<unknown>): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      await fn()
    } catch (err) {
      if (onErrorRef.current) onErrorRef.current(err)
      else setError(err instanceof Error ? err.message : String(err))
    } finally {
      setBusy(false)
    }
  }, [])
  return { busy, error, setError, run }
}

/**
 * Whether an ellipsized element (`.truncate`, `text-overflow: ellipsis`) is cutting its text now;
 * re-checked when the element or its text changes size. `deps` re-reads it when the text changes.
 */
export function useTruncated<T extends HTMLElement>(deps: unknown[] = []): [RefObject<T | null>, boolean] {
  const ref = useRef<T>(null)
  const [cut, setCut] = useState(false)
  useEffect(() => {
    const el = ref.current
    if (!el) return
    const check = () => setCut(el.scrollWidth > el.clientWidth + 1)
    check()
    const observer = new ResizeObserver(check)
    observer.observe(el)
    return () => observer.disconnect()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps)
  return [ref, cut]
}
