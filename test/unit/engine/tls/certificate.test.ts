import { statSync } from 'node:fs'
import { createServer, request } from 'node:https'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ingestBaseUrls } from '../../../../src-main/engine/network'
import { ensureIngestCertificate } from '../../../../src-main/engine/tls/certificate'
import { tempDir } from '../../../helpers/tmp'

describe('ingest TLS certificate', () => {
  it('is generated once, kept in the data folder with a private key only its owner can read, and reused', async () => {
    const tmp = tempDir()
    const first = await ensureIngestCertificate(tmp.dir, [])
    expect(first.hosts).toEqual(expect.arrayContaining(['localhost', '127.0.0.1', '::1']))
    expect(first.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
    expect(statSync(join(tmp.dir, 'tls', 'ingest-key.pem')).mode & 0o777).toBe(0o600)
    const again = await ensureIngestCertificate(tmp.dir, ['127.0.0.1'])
    expect(again.fingerprint256).toBe(first.fingerprint256)
    tmp.cleanup()
  })

  it('is regenerated when a new address must be covered', async () => {
    const tmp = tempDir()
    const first = await ensureIngestCertificate(tmp.dir, [])
    const widened = await ensureIngestCertificate(tmp.dir, ['192.0.2.10'])
    expect(widened.fingerprint256).not.toBe(first.fingerprint256)
    expect(widened.hosts).toContain('192.0.2.10')
    tmp.cleanup()
  })

  it('is regenerated when it expires within 30 days', async () => {
    const tmp = tempDir()
    const first = await ensureIngestCertificate(tmp.dir, [])
    const later = await ensureIngestCertificate(tmp.dir, [], new Date(first.notAfter).getTime() - 10 * 86_400_000)
    expect(later.fingerprint256).not.toBe(first.fingerprint256)
    tmp.cleanup()
  })

  it('a Node client that trusts only this certificate completes a TLS handshake with it', async () => {
    const tmp = tempDir()
    const cert = await ensureIngestCertificate(tmp.dir, [])
    const server = createServer({ cert: cert.cert, key: cert.key }, (_req, res) => res.end('secure'))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const port = (server.address() as AddressInfo).port
    const get = (ca?: string) =>
      new Promise<string>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/', ca, agent: false }, (res) => {
          let body = ''
          res.on('data', (d) => (body += d))
          res.on('end', () => resolve(body))
        })
        req.on('error', reject)
        req.end()
      })
    expect(await get(cert.cert)).toBe('secure')
    await expect(get(undefined)).rejects.toThrow(/self-signed|certificate/i)
    server.close()
    tmp.cleanup()
  })
})

describe('ingest base URLs', () => {
  it('loopback binds answer on loopback only', () => {
    expect(ingestBaseUrls('127.0.0.1', 4320)).toEqual([{ url: 'http://127.0.0.1:4320', scope: 'loopback' }])
  })
  it('a specific LAN address is the only URL, with the chosen scheme', () => {
    expect(ingestBaseUrls('192.0.2.10', 4320, 'https')).toEqual([{ url: 'https://192.0.2.10:4320', scope: 'lan' }])
    expect(ingestBaseUrls('fd00::1', 4320)).toEqual([{ url: 'http://[fd00::1]:4320', scope: 'lan' }])
  })
  it('the wildcard answers on loopback first, then every LAN address', () => {
    const urls = ingestBaseUrls('0.0.0.0', 4320)
    expect(urls[0]).toEqual({ url: 'http://127.0.0.1:4320', scope: 'loopback' })
    expect(urls.slice(1).every((u) => u.scope === 'lan' && !u.url.includes('127.0.0.1'))).toBe(true)
  })
})
