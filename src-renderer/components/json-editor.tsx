import { json } from '@codemirror/lang-json'
import { EditorView } from '@codemirror/view'
import CodeMirror from '@uiw/react-codemirror'
import { useMemo, useSyncExternalStore, type ReactNode } from 'react'
import './json-editor.css'

/** One problem in the JSON: a JSON pointer (`/amount`, '' for the whole value) and what is expected. */
export interface JsonMessage {
  path: string
  message: string
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; error: string }

/** Parses JSON and, on failure, says where (line and column) in words a person can act on. */
export function parseJson(text: string): JsonParse {
  if (!text.trim()) return { ok: false, error: 'Empty: type a JSON value, e.g. {}' }
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch (err) {
    const raw = (err as Error).message
    const pos = /position (\d+)/.exec(raw)
    let where = ''
    if (pos && !/line \d+/.test(raw)) {
      const before = text.slice(0, Number(pos[1]))
      const line = before.split('\n').length
      where = ` (line ${line}, column ${before.length - before.lastIndexOf('\n')})`
    }
    return { ok: false, error: `Not valid JSON: ${raw.replace(/^JSON\.parse: /, '')}${where}` }
  }
}

export const prettyJson = (value: unknown) => JSON.stringify(value, null, 2) ?? ''

const darkQuery = typeof window !== 'undefined' ? window.matchMedia('(prefers-color-scheme: dark)') : null
const subscribeDark = (cb: () => void) => {
  darkQuery?.addEventListener('change', cb)
  return () => darkQuery?.removeEventListener('change', cb)
}
const useDark = () => useSyncExternalStore(subscribeDark, () => darkQuery?.matches ?? true)

/** Blends CodeMirror into the app's palette (the one-dark/light themes bring the token colours). */
const chrome = EditorView.theme({
  '&': { backgroundColor: 'var(--bg-sunken)', fontSize: '12.5px' },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.5' },
  '.cm-gutters': { backgroundColor: 'var(--bg-sunken)', borderRight: '1px solid var(--border)', color: 'var(--text-dim)' },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'color-mix(in srgb, var(--accent) 7%, transparent)' },
})

/**
 * A JSON editor (CodeMirror 6) with its problems listed underneath: the parse error first, then
 * the schema messages the caller got from the engine. Text only: nothing here renders HTML.
 */
export function JsonEditor({
  value,
  onChange,
  readOnly = false,
  messages,
  status,
  minHeight = '160px',
  maxHeight = '420px',
  label,
  testId,
  toolbar,
  allowEmpty = false,
}: {
  value: string
  onChange?: (value: string) => void
  readOnly?: boolean
  /** Schema problems, e.g. from `POST /api/event-types/validate`. */
  messages?: JsonMessage[]
  /** A line shown when there is no problem to show (e.g. "Valid against contact.created"). */
  status?: { tone: 'ok' | 'warn' | 'err' | 'muted'; text: ReactNode }
  minHeight?: string
  maxHeight?: string
  label: string
  testId?: string
  toolbar?: ReactNode
  /** An empty editor is a valid "nothing" (e.g. "generate the data"), not a parse error. */
  allowEmpty?: boolean
}) {
  const dark = useDark()
  const parsed = useMemo(() => (readOnly || (allowEmpty && !value.trim()) ? null : parseJson(value)), [value, readOnly, allowEmpty])
  const extensions = useMemo(() => [json(), chrome, EditorView.lineWrapping, EditorView.contentAttributes.of({ 'aria-label': label })], [label])
  const problems = parsed && !parsed.ok ? [{ path: '', message: parsed.error }] : (messages ?? [])
  return (
    <div className={problems.length ? 'json-editor json-editor-invalid' : 'json-editor'} data-testid={testId}>
      {toolbar && <div className="json-editor-toolbar">{toolbar}</div>}
      <CodeMirror
        value={value}
        onChange={onChange}
        readOnly={readOnly}
        editable={!readOnly}
        theme={dark ? 'dark' : 'light'}
        extensions={extensions}
        minHeight={minHeight}
        maxHeight={maxHeight}
        basicSetup={{ foldGutter: true, highlightActiveLine: !readOnly, highlightActiveLineGutter: !readOnly, autocompletion: false, searchKeymap: true }}
      />
      {!readOnly && (
        <div className="json-editor-messages" data-testid={testId ? `${testId}-messages` : undefined} aria-live="polite">
          {problems.length > 0 ? (
            <ul>
              {problems.map((m, i) => (
                <li key={i} className="json-editor-problem">
                  {m.path && <code className="json-editor-path">{m.path}</code>}
                  <span>{m.message}</span>
                </li>
              ))}
            </ul>
          ) : (
            status && <div className={`json-editor-status tone-${status.tone}`}>{status.text}</div>
          )}
        </div>
      )}
    </div>
  )
}
