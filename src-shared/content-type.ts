/** Content-Type parsing shared by the engine (search indexing) and the renderer (body views). */

export interface ParsedContentType {
  /** Lower-cased `type/subtype`, '' when absent. */
  mime: string
  params: Record<string, string>
}

export function parseContentType(value: string | null | undefined): ParsedContentType {
  if (!value) return { mime: '', params: {} }
  const semi = value.indexOf(';')
  const mime = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase()
  const params: Record<string, string> = {}
  // parameters may be quoted strings holding ';' (RFC 9110 §5.6.6)
  const re = /;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g
  for (const m of (semi < 0 ? '' : value.slice(semi)).matchAll(re)) {
    const key = m[1]!.toLowerCase()
    const val = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!.trim()
    if (!(key in params)) params[key] = val
  }
  return { mime, params }
}
