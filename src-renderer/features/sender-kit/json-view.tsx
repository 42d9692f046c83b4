import { useMemo } from 'react'
import { JsonTree } from '../../components/json-tree'
import { parseJson } from '../../lib/content'

/** A JSON value read-only, as a foldable tree (schemas, examples, envelopes, payloads). */
export function JsonView({ value, label, testId }: { value: unknown; label: string; testId?: string }) {
  const root = useMemo(() => parseJson(JSON.stringify(value ?? null)), [value])
  return (
    <div className="json-view" data-testid={testId}>
      <JsonTree root={root} label={label} />
    </div>
  )
}
