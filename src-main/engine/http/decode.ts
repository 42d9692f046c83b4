import { isUtf8 } from 'node:buffer'
import type { Transform } from 'node:stream'
import {
  brotliDecompressSync,
  createBrotliDecompress,
  createGunzip,
  createInflate,
  createInflateRaw,
  gunzipSync,
  inflateRawSync,
  inflateSync,
} from 'node:zlib'

/**
 * Decoding of compressed bodies for display and analysis. The raw bytes are what is stored
 * and verified (signatures cover the bytes on the wire); the decoded view is bounded so a
 * small zip bomb cannot make the engine allocate gigabytes.
 */
export const DECODED_LIMIT = 16 * 1024 * 1024

const CODINGS = new Set(['gzip', 'x-gzip', 'br', 'deflate'])

/** The codings to undo, last applied first; null when the body is not (known to be) encoded. */
export function codingsOf(contentEncoding: string | null): string[] | null {
  if (!contentEncoding) return null
  const list = contentEncoding
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s && s !== 'identity')
  if (list.length === 0) return null
  return list.reverse()
}

export type DecodeResult = { ok: true; bytes: Buffer; truncated: boolean } | { ok: false; error: string; tooLarge: boolean }

/** Synchronous, bounded decoding (analysis): too large is an error, not a truncation. */
export function decodeSync(body: Buffer, codings: string[], limit = DECODED_LIMIT): DecodeResult {
  let bytes = body
  for (const coding of codings) {
    if (!CODINGS.has(coding)) return { ok: false, error: `unsupported Content-Encoding "${coding}"`, tooLarge: false }
    try {
      const opts = { maxOutputLength: limit }
      if (coding === 'br') bytes = brotliDecompressSync(bytes, opts)
      else if (coding === 'deflate') bytes = inflateDeflate(bytes, opts)
      else bytes = gunzipSync(bytes, opts)
    } catch (err) {
      const e = err as NodeJS.ErrnoException
      if (e.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
        return { ok: false, error: `decodes to more than ${limit} bytes`, tooLarge: true }
      }
      return { ok: false, error: `${coding} data does not decode: ${e.message}`, tooLarge: false }
    }
  }
  return { ok: true, bytes, truncated: false }
}

/** "deflate" is zlib-wrapped by the spec, raw deflate by some senders: accept both. */
function inflateDeflate(bytes: Buffer, opts: { maxOutputLength: number }): Buffer {
  try {
    return inflateSync(bytes, opts)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw err
    return inflateRawSync(bytes, opts)
  }
}

/** Streaming decoding for the view: keeps the first `limit` bytes and says it cut the rest. */
export async function decodeForView(body: Buffer, codings: string[], limit = DECODED_LIMIT): Promise<DecodeResult> {
  const full = decodeSync(body, codings, limit)
  if (full.ok || !full.tooLarge) return full
  // Too large: stream through the chain and stop at the limit.
  return new Promise((resolve) => {
    const chain: Transform[] = codings.map((c) =>
      c === 'br' ? createBrotliDecompress() : c === 'deflate' ? (looksZlib(body) ? createInflate() : createInflateRaw()) : createGunzip(),
    )
    for (let i = 0; i + 1 < chain.length; i++) chain[i]!.pipe(chain[i + 1]!)
    const last = chain[chain.length - 1]!
    const parts: Buffer[] = []
    let kept = 0
    let done = false
    const finish = (result: DecodeResult) => {
      if (done) return
      done = true
      for (const t of chain) t.destroy()
      resolve(result)
    }
    last.on('data', (chunk: Buffer) => {
      const room = limit - kept
      parts.push(chunk.subarray(0, room))
      kept += Math.min(room, chunk.length)
      if (kept >= limit) finish({ ok: true, bytes: Buffer.concat(parts), truncated: true })
    })
    last.on('end', () => finish({ ok: true, bytes: Buffer.concat(parts), truncated: false }))
    for (const t of chain) t.on('error', (err: Error) => finish({ ok: false, error: err.message, tooLarge: false }))
    chain[0]!.end(body)
  })
}

function looksZlib(bytes: Buffer): boolean {
  return bytes.length >= 2 && (bytes[0]! & 0x0f) === 8 && ((bytes[0]! << 8) | bytes[1]!) % 31 === 0
}

export { isUtf8 }
