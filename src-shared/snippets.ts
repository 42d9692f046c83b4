/**
 * Copy-as snippets (cURL, HTTPie, fetch) that reproduce a request exactly, binary bodies
 * included. Pure: the engine's CLI and the UI both use it.
 */
export interface SnippetRequest {
  method: string
  url: string
  headers: [string, string][]
  body: Uint8Array
}

export type SnippetKind = 'curl' | 'httpie' | 'fetch'

/** Headers that the client sets itself from the URL and body; copying them would break the request. */
const SKIP = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'keep-alive', 'accept-encoding'])

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`

/** A body is safe to paste as shell/JS text when it is UTF-8 without NUL or other control bytes (tab/newline/CR aside). */
function asText(body: Uint8Array): string | null {
  const text = decodeUtf8Strict(body)
  if (text === null) return null
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) ? null : text
}

/** `printf` with octal escapes: POSIX, so it reproduces any byte in sh, bash and zsh. */
function printfBytes(body: Uint8Array): string {
  let out = ''
  for (const b of body) {
    const c = String.fromCharCode(b)
    out += b >= 0x20 && b < 0x7f && c !== "'" && c !== '\\' && c !== '%' ? c : `\\${b.toString(8).padStart(3, '0')}`
  }
  return `printf '${out}'`
}

export function toCurl(r: SnippetRequest): string {
  const parts = [`curl -X ${r.method} ${shellQuote(r.url)}`]
  for (const [name, value] of r.headers) if (!SKIP.has(name.toLowerCase())) parts.push(`-H ${shellQuote(`${name}: ${value}`)}`)
  if (r.body.length === 0) return parts.join(' \\\n  ')
  const text = asText(r.body)
  if (text !== null) return [...parts, `--data-binary ${shellQuote(text)}`].join(' \\\n  ')
  return `${printfBytes(r.body)} | ${[...parts, '--data-binary @-'].join(' \\\n  ')}`
}

export function toHttpie(r: SnippetRequest): string {
  const parts = [`http --ignore-stdin ${r.method} ${shellQuote(r.url)}`]
  for (const [name, value] of r.headers) if (!SKIP.has(name.toLowerCase())) parts.push(shellQuote(`${name}:${value}`))
  if (r.body.length === 0) return parts.join(' \\\n  ')
  parts[0] = `http ${r.method} ${shellQuote(r.url)}` // the body comes from stdin
  const text = asText(r.body)
  const feed = text !== null ? `printf '%s' ${shellQuote(text)}` : printfBytes(r.body)
  return `${feed} | ${parts.join(' \\\n  ')}`
}

export function toFetch(r: SnippetRequest): string {
  const headers = r.headers.filter(([n]) => !SKIP.has(n.toLowerCase()))
  const lines = [`await fetch(${JSON.stringify(r.url)}, {`, `  method: ${JSON.stringify(r.method)},`]
  lines.push(`  headers: [${headers.map(([n, v]) => `[${JSON.stringify(n)}, ${JSON.stringify(v)}]`).join(', ')}],`)
  if (r.body.length) {
    const text = asText(r.body)
    lines.push(text !== null ? `  body: ${JSON.stringify(text)},` : `  body: new Uint8Array([${Array.from(r.body).join(', ')}]),`)
  }
  lines.push('})')
  return lines.join('\n')
}

export function snippet(kind: SnippetKind, r: SnippetRequest): string {
  return kind === 'curl' ? toCurl(r) : kind === 'httpie' ? toHttpie(r) : toFetch(r)
}

/**
 * Strict UTF-8 decoding (no replacement characters): null when the bytes are not UTF-8.
 * Hand-written because src-shared has neither DOM nor Node types (no TextDecoder).
 */
export function decodeUtf8Strict(bytes: Uint8Array): string | null {
  let out = ''
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!
    let cp: number
    let n: number
    if (b < 0x80) (cp = b), (n = 1)
    else if (b >= 0xc2 && b <= 0xdf) (cp = b & 0x1f), (n = 2)
    else if (b >= 0xe0 && b <= 0xef) (cp = b & 0x0f), (n = 3)
    else if (b >= 0xf0 && b <= 0xf4) (cp = b & 0x07), (n = 4)
    else return null
    if (i + n > bytes.length) return null
    for (let k = 1; k < n; k++) {
      const c = bytes[i + k]!
      if ((c & 0xc0) !== 0x80) return null
      cp = (cp << 6) | (c & 0x3f)
    }
    // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
    if ((n === 3 && cp < 0x800) || (n === 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff)) return null
    out += String.fromCodePoint(cp)
    i += n
  }
  return out
}
