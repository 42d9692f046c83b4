import { useSyncExternalStore } from 'react'

/**
 * Hash routing (`#/inboxes/abc`): the UI is a single file served by the engine or loaded by
 * Electron, so the path part of the URL never changes and deep links survive reloads.
 */
export function currentPath(): string {
  const hash = window.location.hash.replace(/^#/, '')
  return hash.startsWith('/') ? hash : '/'
}

const subscribe = (cb: () => void) => {
  window.addEventListener('hashchange', cb)
  return () => window.removeEventListener('hashchange', cb)
}

export function useRoute(): string[] {
  const path = useSyncExternalStore(subscribe, currentPath)
  return path.split('?')[0]!.split('/').filter(Boolean).map(decodeURIComponent)
}

export function navigate(path: string): void {
  window.location.hash = path
}

export const href = (path: string) => `#${path}`
