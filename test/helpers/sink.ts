import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface ReceivedRequest {
  method: string
  url: string
  /** Raw headers in received order, duplicates kept. */
  headers: [string, string][]
  body: Buffer
}

export interface Sink {
  url: string
  received: ReceivedRequest[]
  /** Resolves when `n` requests have arrived in total. */
  waitFor(n: number): Promise<ReceivedRequest[]>
  close(): Promise<void>
}

export type SinkHandler = (req: ReceivedRequest, res: ServerResponse, index: number) => void

/** A real local HTTP server on 127.0.0.1:0 that records every request byte for byte. */
export async function startSink(handler: SinkHandler = (_r, res) => res.end('ok')): Promise<Sink> {
  const received: ReceivedRequest[] = []
  const waiters: Array<{ n: number; resolve: (r: ReceivedRequest[]) => void }> = []
  const sockets = new Set<Socket>()
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const headers: [string, string][] = []
      for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!])
      const record = { method: req.method!, url: req.url!, headers, body: Buffer.concat(chunks) }
      received.push(record)
      handler(record, res, received.length - 1)
      for (const w of waiters.filter((w) => received.length >= w.n)) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve(received.slice())
      }
    })
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    waitFor: (n) => (received.length >= n ? Promise.resolve(received.slice()) : new Promise((resolve) => waiters.push({ n, resolve }))),
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy()
        server.close(() => r())
      }),
  }
}

/** A port with nothing listening on it (bound then released). */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((r) => server.close(() => r()))
  return port
}
