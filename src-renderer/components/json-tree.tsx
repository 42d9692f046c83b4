import { useMemo, useState } from 'react'
import { pointerToken } from '../../src-shared/api/errors'
import { countNodes, type JsonNode } from '../lib/content'
import { CutText } from './cut-text'
import { SafeText } from './safe-text'
import './payload.css'

/** Children shown per container before "show more" (a 50 000-item array must not freeze the UI). */
const PAGE = 100

/**
 * A JSON value as a collapsible tree (disclosure buttons with aria-expanded, so Tab and
 * Enter work without a custom keyboard model). Values are React text (never HTML): a payload full of
 * `<script>` shows as characters. Numbers are shown as they were sent; duplicate keys are
 * kept and marked.
 */
export function JsonTree({ root, label = 'JSON body', testId }: { root: JsonNode; label?: string; testId?: string }) {
  const size = useMemo(() => countNodes(root, 2001), [root])
  // Small documents open fully; large ones open two levels.
  const initialDepth = size <= 2000 ? Infinity : 2
  const [mode, setMode] = useState<{ depth: number; version: number }>({ depth: initialDepth, version: 0 })
  const container = root.type === 'object' || root.type === 'array'
  return (
    <div className="json-tree" data-testid={testId}>
      {container && (
        <div className="json-tree-actions">
          <button type="button" className="btn btn-small" onClick={() => setMode((m) => ({ depth: Infinity, version: m.version + 1 }))}>
            Expand all
          </button>
          <button type="button" className="btn btn-small" onClick={() => setMode((m) => ({ depth: 1, version: m.version + 1 }))}>
            Collapse
          </button>
        </div>
      )}
      <ul aria-label={label} className="jt-root" key={mode.version}>
        <JsonNodeView node={root} name={null} path="" depth={0} expandDepth={mode.depth} duplicate={false} />
      </ul>
    </div>
  )
}

function summary(node: JsonNode): string {
  if (node.type === 'object') return node.entries.length === 0 ? '{}' : `{…} ${node.entries.length} ${node.entries.length === 1 ? 'key' : 'keys'}`
  if (node.type === 'array') return node.items.length === 0 ? '[]' : `[…] ${node.items.length} ${node.items.length === 1 ? 'item' : 'items'}`
  return ''
}

function Leaf({ node }: { node: JsonNode }) {
  switch (node.type) {
    case 'string':
      // Strings longer than LONG_TEXT are cut with a "show all" toggle.
      return <CutText text={JSON.stringify(node.value)} chars={node.value.length} className="jt-string" />
    case 'number':
      return <span className="jt-number">{node.raw}</span>
    case 'boolean':
      return <span className="jt-bool">{String(node.value)}</span>
    case 'null':
      return <span className="jt-null">null</span>
    default:
      return null
  }
}

function JsonNodeView({ node, name, path, depth, expandDepth, duplicate }: {
  node: JsonNode
  name: string | number | null
  path: string
  depth: number
  expandDepth: number
  duplicate: boolean
}) {
  const container = node.type === 'object' || node.type === 'array'
  const childCount = node.type === 'object' ? node.entries.length : node.type === 'array' ? node.items.length : 0
  const [open, setOpen] = useState(depth < expandDepth)
  const [shown, setShown] = useState(PAGE)
  const key =
    name === null ? null : (
      <span className={typeof name === 'number' ? 'jt-index' : 'jt-key'} title={path || '/'}>
        {typeof name === 'number' ? name : <SafeText text={JSON.stringify(name)} />}
        <span className="jt-colon">: </span>
      </span>
    )
  const dupMark = duplicate && (
    <span className="jt-dup" title="This key appears more than once in its object; parsers keep either the first or the last">
      duplicate key
    </span>
  )
  if (!container || childCount === 0) {
    return (
      <li className="jt-item">
        <span className="jt-line">
          <span className="jt-toggle-space" aria-hidden="true" />
          <span className="jt-content">
            {key}
            {container ? <span className="jt-punct">{node.type === 'object' ? '{}' : '[]'}</span> : <Leaf node={node} />}
            {dupMark}
          </span>
        </span>
      </li>
    )
  }
  const seen = new Set<string>()
  const children =
    node.type === 'object'
      ? node.entries.slice(0, shown).map(([k, v], i) => {
          const dup = seen.has(k)
          seen.add(k)
          return <JsonNodeView key={i} node={v} name={k} path={`${path}/${pointerToken(k)}`} depth={depth + 1} expandDepth={expandDepth} duplicate={dup} />
        })
      : node.type === 'array'
        ? node.items.slice(0, shown).map((v, i) => <JsonNodeView key={i} node={v} name={i} path={`${path}/${i}`} depth={depth + 1} expandDepth={expandDepth} duplicate={false} />)
        : null
  return (
    <li className="jt-item">
      <span className="jt-line">
        <button type="button" className="jt-toggle" aria-expanded={open} aria-label={open ? `Collapse ${path || 'root'}` : `Expand ${path || 'root'}`} onClick={() => setOpen(!open)}>
          {open ? '▾' : '▸'}
        </button>
        <span className="jt-content">
          {key}
          {open ? <span className="jt-punct">{node.type === 'object' ? '{' : '['}</span> : <button type="button" className="jt-summary" onClick={() => setOpen(true)}>{summary(node)}</button>}
          {dupMark}
        </span>
      </span>
      {open && (
        <>
          <ul className="jt-children">
            {children}
            {childCount > shown && (
              <li className="jt-more">
                <button type="button" className="link-button" onClick={() => setShown(shown + PAGE * 5)}>
                  Show {Math.min(PAGE * 5, childCount - shown)} more ({(childCount - shown).toLocaleString()} not shown)
                </button>
              </li>
            )}
          </ul>
          <span className="jt-line jt-close">
            <span className="jt-toggle-space" aria-hidden="true" />
            <span className="jt-punct">{node.type === 'object' ? '}' : ']'}</span>
          </span>
        </>
      )}
    </li>
  )
}
