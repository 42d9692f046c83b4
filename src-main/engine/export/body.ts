/** How a body is written into a text format: as UTF-8 text when it is valid UTF-8, else base64. */
export function bodyAsText(bytes: Buffer): { text: string; encoding: 'utf8' | 'base64' } {
  if (bytes.length === 0) return { text: '', encoding: 'utf8' }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf8' }
  } catch {
    return { text: bytes.toString('base64'), encoding: 'base64' }
  }
}

export const fromBase64 = (b64: string | null | undefined): Buffer => Buffer.from(b64 ?? '', 'base64')

export const headerValue = (headers: [string, string][], name: string): string | undefined =>
  headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1]

/** The bytes of a sender wire body (`{ body, bodyEncoding }`, see src-shared/api/sender-common.ts). */
export const wireBytes = (w: { body: string; bodyEncoding: 'utf8' | 'base64' } | null | undefined): Buffer =>
  w ? Buffer.from(w.body, w.bodyEncoding === 'base64' ? 'base64' : 'utf8') : Buffer.alloc(0)

/** Standard base64 with its padding, nothing else (Buffer.from would skip what is not, silently). */
export const isBase64 = (text: string): boolean => /^[A-Za-z0-9+/]*={0,2}$/.test(text)
