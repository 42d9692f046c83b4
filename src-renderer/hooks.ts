import { useEffect, useRef } from 'react'
import type { LiveEvent } from '../src-shared/live'
import { useApp } from './app-context'

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
