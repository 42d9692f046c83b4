import { useRef, useState } from 'react'
import type { ImportResult } from '../../../src-shared/api/export'
import { useApp } from '../../app-context'
import { importContentType } from '../replay/replay-model'

/**
 * "Import…": loads a HAR 1.2 file or a Hookbench export (NDJSON or JSON) into an inbox. The file goes to
 * the engine as it is; a corrupt or foreign file is refused whole, and the engine's message
 * (with the line or entry number) is shown as is.
 */
export function ImportButton({ inboxId, onImported, onError }: { inboxId: string; onImported: (result: ImportResult, fileName: string) => void; onError: (message: string, fileName: string) => void }) {
  const { api } = useApp()
  const input = useRef<HTMLInputElement>(null)
  const [busy, setBusy] = useState(false)
  return (
    <>
      <button type="button" className="btn" disabled={busy} onClick={() => input.current?.click()} title="Load a HAR 1.2 file or a Hookbench export (NDJSON or JSON) into this inbox">
        {busy ? 'Importing…' : 'Import…'}
      </button>
      <input
        ref={input}
        type="file"
        className="sr-only"
        tabIndex={-1}
        aria-label="File to import"
        accept=".har,.json,.ndjson,.jsonl,application/json,application/x-ndjson"
        onChange={async (e) => {
          const file = e.target.files?.[0]
          e.target.value = '' // the same file can be picked again
          if (!file) return
          setBusy(true)
          try {
            const head = await file.slice(0, 64).text()
            const result = await api.postRaw<ImportResult>(`/api/inboxes/${encodeURIComponent(inboxId)}/import`, file, importContentType(file.name, head))
            onImported(result, file.name)
          } catch (err) {
            onError((err as Error).message, file.name)
          } finally {
            setBusy(false)
          }
        }}
      />
    </>
  )
}
