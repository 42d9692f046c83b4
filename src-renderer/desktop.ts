import type { DesktopBridge } from '../src-shared/bridge'

declare global {
  interface Window {
    hookbench?: DesktopBridge
  }
}

/** The Electron bridge when present; undefined in a plain browser. */
export const bridge: DesktopBridge | undefined = typeof window !== 'undefined' ? window.hookbench : undefined

export const isDesktop = () => !!bridge?.token

/**
 * Saves a file: the native save dialog in Electron, a download in a browser.
 * Resolves to the path (desktop), 'downloaded' (browser) or null (cancelled).
 */
export async function saveFile(name: string, contents: string | Uint8Array, type = 'application/octet-stream'): Promise<string | null> {
  if (bridge?.saveFile) return bridge.saveFile(name, contents)
  const blob = new Blob([contents as BlobPart], { type })
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
  return 'downloaded'
}

/** Downloads a URL (e.g. a streaming export) without loading it into memory first. */
export function downloadUrl(url: string): void {
  const a = document.createElement('a')
  a.href = url
  a.rel = 'noopener'
  a.click()
}
