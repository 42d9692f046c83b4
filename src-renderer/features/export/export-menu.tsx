import { EXPORT_FORMATS, type ExportFormat } from '../../../src-shared/api/export'
import { API } from '../../../src-shared/api/paths'
import type { Query } from '../../api/client'
import { useApp } from '../../app-context'
import { downloadUrl } from '../../desktop'

export const FORMAT_LABELS: Record<ExportFormat, string> = { ndjson: 'NDJSON', json: 'JSON', csv: 'CSV', har: 'HAR 1.2' }

/** The streamed export URL of requests or deliveries, with the screen's filters and the token (a GET link). */
export function exportUrl(urlWithToken: (path: string, query?: Query) => string, kind: 'requests' | 'deliveries', format: ExportFormat, query: Query): string {
  return urlWithToken(`${API.export}/${kind}`, { ...query, format })
}

/**
 * "Export…": picks a format and downloads the engine's streamed file, filtered like the screen.
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
        const format = e.target.value as ExportFormat
        if (format) downloadUrl(exportUrl(api.urlWithToken, kind, format, query))
      }}
    >
      <option value="">Export…</option>
      {EXPORT_FORMATS.map((f) => (
        <option key={f} value={f}>
          {FORMAT_LABELS[f]}
        </option>
      ))}
    </select>
  )
}
