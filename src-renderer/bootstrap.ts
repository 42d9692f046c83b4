import { bridge } from './desktop'

const TOKEN_KEY = 'hookbench.token'

export interface Connection {
  apiBase: string
  token: string
}

/**
 * Where the engine is and how to talk to it. In Electron the preload hands both over; in a
 * browser the token arrives once in the URL (`/?token=…`, like Jupyter), moves to session
 * storage and is removed from the address bar so it does not linger in history or screenshots.
 */
export function bootstrapConnection(): Connection | null {
  if (bridge?.token && bridge.apiBase) return { apiBase: bridge.apiBase, token: bridge.token }
  const url = new URL(window.location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl)
    url.searchParams.delete('token')
    window.history.replaceState(null, '', url.pathname + url.search + url.hash)
  }
  const token = fromUrl ?? sessionStorage.getItem(TOKEN_KEY)
  if (!token) return null
  return { apiBase: `${window.location.origin}/api`, token }
}

export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY)
}
