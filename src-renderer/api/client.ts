import type { ErrorBody } from '../../src-shared/api/errors'

/** An error answered by the engine, with its stable code and fix-it message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export type Query = Record<string, string | number | boolean | undefined | null | string[]>

export interface ApiClient {
  readonly apiBase: string
  get<T>(path: string, query?: Query): Promise<T>
  post<T>(path: string, body?: unknown): Promise<T>
  put<T>(path: string, body?: unknown): Promise<T>
  patch<T>(path: string, body?: unknown): Promise<T>
  del<T = void>(path: string): Promise<T>
  /** POSTs raw bytes as they are (a file to import), with their content type. */
  postRaw<T>(path: string, body: Blob | Uint8Array, contentType: string): Promise<T>
  /** A GET URL that carries the token, for downloads and links (the API accepts ?token= on GET). */
  urlWithToken(path: string, query?: Query): string
  liveUrl(): string
}

/** Typed fetch over the control plane. `path` is a full `/api/...` path from src-shared. */
export function createApiClient(apiBase: string, token: string): ApiClient {
  const origin = apiBase.replace(/\/api\/?$/, '')
  const buildUrl = (path: string, query?: Query) => {
    const url = new URL(origin + path)
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v === undefined || v === null || v === '') continue
      if (Array.isArray(v)) v.forEach((item) => url.searchParams.append(k, item))
      else url.searchParams.set(k, String(v))
    }
    return url
  }

  async function request<T>(method: string, path: string, body?: unknown, query?: Query, raw?: { body: Blob | Uint8Array; type: string }): Promise<T> {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` }
    if (raw) headers['Content-Type'] = raw.type
    else if (body !== undefined) headers['Content-Type'] = 'application/json'
    let res: Response
    try {
      res = await fetch(buildUrl(path, query), { method, headers, body: raw ? (raw.body as BodyInit) : body === undefined ? undefined : JSON.stringify(body) })
    } catch {
      throw new ApiError(0, 'HB_ERR_OFFLINE', 'The Hookbench engine is not reachable. Is it still running?')
    }
    if (res.status === 204) return undefined as T
    const text = await res.text()
    const json = text ? (JSON.parse(text) as unknown) : undefined
    if (!res.ok) {
      const err = (json ?? {}) as Partial<ErrorBody>
      throw new ApiError(res.status, err.error ?? `HTTP_${res.status}`, err.message ?? res.statusText, err.field)
    }
    return json as T
  }

  return {
    apiBase,
    get: (path, query) => request('GET', path, undefined, query),
    post: (path, body) => request('POST', path, body ?? {}),
    put: (path, body) => request('PUT', path, body ?? {}),
    patch: (path, body) => request('PATCH', path, body ?? {}),
    del: (path) => request('DELETE', path),
    postRaw: (path, body, type) => request('POST', path, undefined, undefined, { body, type }),
    urlWithToken: (path, query) => buildUrl(path, { ...query, token }).toString(),
    liveUrl: () => buildUrl('/api/live', { token }).toString().replace(/^http/, 'ws'),
  }
}
