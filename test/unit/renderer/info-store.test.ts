import { describe, expect, it, vi } from 'vitest'
import type { Info } from '../../../src-shared/api/info'
import type { ApiClient } from '../../../src-renderer/api/client'
import type { LiveFeed, LiveState } from '../../../src-renderer/api/live'
import { engineNow, MACHINE_CLOCK } from '../../../src-renderer/lib/engine-clock'
import { createInfoStore } from '../../../src-renderer/stores/info'

/** An engine's /api/info answer; only its clock matters here. */
const infoWith = (clock: Info['clock']) => ({ name: 'hookbench', version: '0.0.0', clock }) as unknown as Info

function fakeLive() {
  const listeners = new Set<(state: LiveState) => void>()
  const live = {
    onState(listener: (state: LiveState) => void) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  } as unknown as LiveFeed
  return { live, setState: (state: LiveState) => listeners.forEach((l) => l(state)) }
}

describe('info store', () => {
  it("keeps the engine's clock from /api/info, the machine's until it answers", async () => {
    const wallMs = Date.parse('2026-12-07T12:00:00Z')
    const api = { get: async () => infoWith({ scale: 100, leadMs: 600_000, wallMs }) } as unknown as ApiClient
    const store = createInfoStore(api, fakeLive().live)
    expect(store.getState().clock).toEqual(MACHINE_CLOCK)

    await store.getState().load()
    const { clock } = store.getState()
    // the lead holds at the machine time the engine read it, not when the answer arrived
    expect(clock).toEqual({ scale: 100, leadMs: 600_000, readAt: wallMs })
    expect(engineNow(clock, wallMs + 1_000)).toBe(wallMs + 600_000 + 100_000)
  })

  it('reads the clock again when the live feed comes back, from an engine that may run at another scale', async () => {
    const answers = [infoWith({ scale: 100, leadMs: 600_000, wallMs: 0 }), infoWith({ scale: 1, leadMs: 0, wallMs: 0 })]
    let calls = 0
    const api = { get: async () => answers[Math.min(calls++, answers.length - 1)] } as unknown as ApiClient
    const { live, setState } = fakeLive()
    const store = createInfoStore(api, live)
    await store.getState().load()

    setState('connected') // the first connection: nothing to read again
    expect(calls).toBe(1)

    setState('disconnected')
    setState('connecting')
    setState('connected')
    await vi.waitFor(() => expect(store.getState().clock).toMatchObject({ scale: 1, leadMs: 0 }))
    expect(calls).toBe(2)
  })
})
