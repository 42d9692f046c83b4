import { describe, expect, it } from 'vitest'
import type { IngestSettings } from '../../../src-shared/api/settings'
import type { LiveEvent } from '../../../src-shared/live'
import type { ApiClient } from '../../../src-renderer/api/client'
import type { LiveFeed } from '../../../src-renderer/api/live'
import { createSettingsStore, INGEST_TOPIC } from '../../../src-renderer/stores/settings'

const ingest = (patch: Partial<IngestSettings> = {}): IngestSettings => ({
  host: '127.0.0.1',
  port: 8787,
  tls: false,
  urls: [{ url: 'http://127.0.0.1:8787', scope: 'loopback' }],
  lanAddresses: [],
  exposed: false,
  certificate: null,
  ...patch,
})

function fakeLive() {
  const listeners = new Set<(batch: LiveEvent[]) => void>()
  const live = {
    subscribe(listener: (batch: LiveEvent[]) => void) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  } as unknown as LiveFeed
  const emit = (data: IngestSettings) => listeners.forEach((l) => l([{ type: 'event', topic: INGEST_TOPIC, time: new Date().toISOString(), data }]))
  return { live, emit }
}

describe('settings store', () => {
  it('reacts once to its own save, whose live event repeats the same settings', async () => {
    const saved = ingest({ host: '0.0.0.0', exposed: true })
    const api = { put: async () => structuredClone(saved) } as unknown as ApiClient
    const { live, emit } = fakeLive()
    const changed: IngestSettings[] = []
    const store = createSettingsStore(api, live, (s) => changed.push(s))

    await store.getState().saveIngest({ host: '0.0.0.0', tls: false })
    emit(structuredClone(saved))
    expect(changed).toHaveLength(1)
    expect(store.getState().ingest).toEqual(saved)

    // a change made elsewhere still arrives
    const elsewhere = ingest({ port: 9000 })
    emit(elsewhere)
    expect(changed).toHaveLength(2)
    expect(store.getState().ingest).toEqual(elsewhere)
  })

  it('reacts once when the live event of its save arrives before the answer', async () => {
    const saved = ingest({ tls: true })
    const { live, emit } = fakeLive()
    const api = {
      put: async () => {
        emit(structuredClone(saved))
        return structuredClone(saved)
      },
    } as unknown as ApiClient
    const changed: IngestSettings[] = []
    const store = createSettingsStore(api, live, (s) => changed.push(s))

    expect(await store.getState().saveIngest({ host: '127.0.0.1', tls: true })).toEqual(saved)
    expect(changed).toHaveLength(1)
    expect(store.getState().ingest).toEqual(saved)
  })
})
