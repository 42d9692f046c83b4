import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import { EXPORT_FORMATS, type ExportFormat } from '../../../src-shared/api/export'
import { API } from '../../../src-shared/api/paths'
import type { Query } from '../../api/client'
import { useApp } from '../../app-context'
import { downloadUrl } from '../../desktop'
import './export-menu.css'

export const FORMAT_LABELS: Record<ExportFormat, string> = { ndjson: 'NDJSON', json: 'JSON', csv: 'CSV', har: 'HAR 1.2' }

/** The streamed export URL of requests or deliveries, with the screen's filters and the token (a GET link). */
export function exportUrl(urlWithToken: (path: string, query?: Query) => string, kind: 'requests' | 'deliveries', format: ExportFormat, query: Query, redact = false): string {
  return urlWithToken(`${API.export}/${kind}`, { ...query, format, redact: redact || undefined })
}

/** The menu's choices: each format, first redacted (to share), then as sent. */
const GROUPS: { label: string; redact: boolean; suffix: string }[] = [
  { label: 'To share: credentials hidden', redact: true, suffix: '' },
  { label: 'As sent: Authorization, cookies and keys included', redact: false, suffix: ' (as sent)' },
]

/**
 * "Export…": picks a format and downloads the engine's streamed file, filtered like the screen.
 * The first group hides credential values (a file to share: Chrome's "sanitized" HAR), the
 * second keeps every header as sent (to replay or import with its Authorization).
 * The file never passes through the renderer's memory: a browser downloads the link, and
 * Electron's window turns the download into a save dialog.
 *
 * A menu button (WAI-ARIA menu pattern), not a <select>: a select downloads on every arrow key
 * that changes its value. Arrows, Home and End move; Enter, Space or a click chooses; Escape or
 * Tab closes, and the focus goes back to the button.
 */
export function ExportMenu({ kind, query, disabled }: { kind: 'requests' | 'deliveries'; query: Query; disabled?: boolean }) {
  const { api } = useApp()
  const [open, setOpen] = useState(false)
  const button = useRef<HTMLButtonElement>(null)
  const menu = useRef<HTMLDivElement>(null)
  const menuId = useId()
  const items = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role=menuitem]') ?? [])]
  const close = (refocus: boolean) => {
    setOpen(false)
    if (refocus) button.current?.focus()
  }
  const choose = (format: ExportFormat, redact: boolean) => {
    close(true)
    downloadUrl(exportUrl(api.urlWithToken, kind, format, query, redact))
  }
  // Opened: the first choice takes the focus; a click elsewhere closes it.
  useEffect(() => {
    if (!open) return
    items()[0]?.focus()
    const outside = (e: PointerEvent) => {
      if (!menu.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false)
    }
    document.addEventListener('pointerdown', outside)
    return () => document.removeEventListener('pointerdown', outside)
  }, [open])

  const menuKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const all = items()
    const at = all.indexOf(document.activeElement as HTMLElement)
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: all.length - 1 }[e.key]
    if (to !== undefined) {
      e.preventDefault()
      all[(to + all.length) % all.length]?.focus()
    } else if (e.key === 'Escape') {
      e.preventDefault()
      e.stopPropagation() // inside a dialog, Escape closes the menu only
      close(true)
    } else if (e.key === 'Tab') {
      close(false)
    }
  }

  return (
    <span className="export-menu">
      <button
        ref={button}
        type="button"
        className="btn export-menu-button"
        title={`Export the ${kind} shown (current filters applied)`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        disabled={disabled}
        onClick={() => setOpen(!open)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault()
            setOpen(true)
          }
        }}
      >
        Export…
      </button>
      {open && (
        <div ref={menu} id={menuId} className="export-menu-list" role="menu" aria-label="Export" onKeyDown={menuKey}>
          {GROUPS.map((g) => (
            <div key={g.label} role="group" aria-label={g.label}>
              <div className="export-menu-group" aria-hidden>
                {g.label}
              </div>
              {EXPORT_FORMATS.map((f) => (
                <button key={f} type="button" role="menuitem" tabIndex={-1} className="export-menu-item" onClick={() => choose(f, g.redact)}>
                  {FORMAT_LABELS[f]}
                  {g.suffix}
                </button>
              ))}
            </div>
          ))}
        </div>
      )}
    </span>
  )
}
