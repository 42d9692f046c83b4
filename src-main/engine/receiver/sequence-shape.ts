import { badRequest } from '../errors'

/**
 * A `response.sequence` sent in another shape than `{ steps: [{ status }…], repeat? }`, refused
 * with that shape built from what was sent. "500,500,200" (the README's words, the form's field)
 * is as often sent as a list or a string as in steps, and the schema's own words ("must be
 * object") do not show the shape. Nothing is converted: the stored shape stays the one the API
 * documents, and the client learns it.
 */
export function checkSequenceShape(response: unknown): void {
  if (!isObject(response) || response.sequence === undefined) return
  const sequence = response.sequence
  const statusToo = response.status === undefined ? ' The response needs "status" too: what it answers once the steps are used up (e.g. 200).' : ''
  if (!isObject(sequence)) {
    const sent = Array.isArray(sequence) ? 'a list' : typeof sequence === 'string' ? 'text' : quoted(sequence)
    const entries = Array.isArray(sequence) ? sequence : typeof sequence === 'string' || typeof sequence === 'number' ? String(sequence).split(/[\s,]+/).filter(Boolean) : []
    throw badRequest(
      'HB_ERR_VALIDATION',
      `body/response/sequence must be an object such as ${example(entries)}, not ${sent}: each step is an object with its status (and optionally headers, body, delayMs, hang); add "repeat": true to start over after the last step.${statusToo}`,
      '/response/sequence',
    )
  }
  const steps: unknown[] = Array.isArray(sequence.steps) ? sequence.steps : []
  const bad = steps.findIndex((s) => !isObject(s))
  if (bad >= 0) {
    throw badRequest(
      'HB_ERR_VALIDATION',
      `body/response/sequence/steps/${bad} must be an object such as {"status":${statusOf(steps, bad) ?? 500}}, not ${quoted(steps[bad])}: write the steps as ${example(steps, sequence.repeat)}.${statusToo}`,
      `/response/sequence/steps/${bad}`,
    )
  }
}

/** Shown steps: more would make the message a wall; the shape is the point. */
const SHOWN_STEPS = 10
/** The README's own example, when what was sent holds no status to build one from. */
const FALLBACK = [500, 500, 200]

/** `{"steps":[{"status":500},…]}` from the entries sent (statuses, or steps already). */
function example(entries: unknown[], repeat?: unknown): string {
  const steps = entries.map((e, i) => (isObject(e) ? e : statusOf(entries, i) === undefined ? undefined : { status: statusOf(entries, i) }))
  const usable = steps.length > 0 && steps.every((s) => s !== undefined) ? steps : FALLBACK.map((status) => ({ status }))
  const shown = usable.slice(0, SHOWN_STEPS).map((s) => JSON.stringify(s))
  if (usable.length > SHOWN_STEPS) shown.push('…')
  return `{"steps":[${shown.join(',')}]${typeof repeat === 'boolean' ? `,"repeat":${repeat}` : ''}}`
}

/** An entry that reads as an HTTP status: 500 or "500". */
function statusOf(entries: unknown[], i: number): number | undefined {
  const e = entries[i]
  const n = typeof e === 'number' ? e : typeof e === 'string' && /^\d{3}$/.test(e.trim()) ? Number(e) : NaN
  return Number.isInteger(n) && n >= 100 && n <= 999 ? n : undefined
}

/** A sent value in a sentence, cut short: it may be anything. */
const quoted = (v: unknown) => {
  const text = JSON.stringify(v) ?? String(v)
  return text.length > 40 ? `${text.slice(0, 39)}…` : text
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)
