import { EXPORT_FORMATS, type ExportFormat } from '../../../src-shared/api/export'
import { API } from '../../../src-shared/api/paths'
import type { Query } from '../../api/client'
import { useApp } from '../../app-context'
import { downloadUrl } from '../../desktop'

export const FORMAT_LABELS: Record<ExportFormat, string> = { ndjson: 'NDJSON', json: 'JSON', csv: 'CSV', har: 'HAR 1.2' }

/** The streamed export URL of requests or deliveries, with the screen's filters and the token (a GET link). */
export function exportUrl(urlWithToken: (path: string, query?: Query) => string, kind: 'requests' | 'deliveries', format: ExportFormat, query: Query, redact = false): string {
  return urlWithToken(`${API.export}/${kind}`, { ...query, format, redact: redact || undefined })
}

/**
 * "Export…": picks a format and downloads the engine's streamed file, filtered like the screen.
 * The first group hides credential values (a file to share: Chrome's "sanitized" HAR), the
 * second keeps every header as sent (to replay or import with its Authorization).
 * The file never passes through the renderer's memory: a browser downloads the link, and
 * Electron's window turns the download into a save dialog.
 */
export function ExportMenu({ kind, query, disabled }: { kind: 'requests' | 'deliveries'; query: Query; disabled?: boolean }) {
  const { api } = useApp()
  return (
    <select
      className="input export-select"
      aria-label="Export"
      title={`Export the ${kind} shown (current filters applied)`}
      value=""
      disabled={disabled}
      onChange={(e) => {
        const [format, as] = e.target.value.split(':') as [ExportFormat, string]
        if (format) downloadUrl(exportUrl(api.urlWithToken, kind, format, query, as === 'share'))
      }}
    >
      <option value="">Export…</option>
      <optgroup label="To share: credentials hidden">
        {EXPORT_FORMATS.map((f) => (
          <option key={f} value={`${f}:share`}>
            {FORMAT_LABELS[f]}
          </option>
        ))}
      </optgroup>
      <optgroup label="As sent: Authorization, cookies and keys included">
        {EXPORT_FORMATS.map((f) => (
          <option key={f} value={`${f}:as-sent`}>
            {FORMAT_LABELS[f]} (as sent)
          </option>
        ))}
      </optgroup>
    </select>
  )
}
