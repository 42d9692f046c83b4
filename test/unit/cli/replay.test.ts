import { describe, expect, it } from 'vitest'
import { formatReplay } from '../../../src-main/cli/commands/replay'
import type { Replay } from '../../../src-shared/api/replay'

describe('hookbench replay output', () => {
  const replay: Replay = {
    id: 'rpl_1',
    sourceKind: 'request',
    sourceId: 'req_1',
    bulkId: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    request: { method: 'POST', url: 'http://127.0.0.1:3000/hooks', headers: [], body: '{}', bodyEncoding: 'utf8', size: 2, truncated: false },
    response: { status: 200, headers: [], body: '', bodyEncoding: 'utf8', size: 0, truncated: false },
    error: null,
    durationMs: 4,
    resigned: true,
    eventId: null,
    warnings: [],
  }

  it('says "a fresh timestamp" only when the re-signing scheme signs one', () => {
    expect(formatReplay(replay, true)).toContain('\n  re-signed with a fresh timestamp\n')
    expect(formatReplay(replay, false)).toContain('\n  re-signed\n')
    expect(formatReplay(replay, false)).not.toContain('timestamp')
    expect(formatReplay({ ...replay, resigned: false }, true)).not.toContain('re-signed')
  })
})
