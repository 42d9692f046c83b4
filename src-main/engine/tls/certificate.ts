import { X509Certificate } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { join } from 'node:path'

/** The ingest plane's self-signed certificate, kept in `<dataDir>/tls/`. */
export interface IngestCertificate {
  cert: string
  key: string
  /** SHA-256 fingerprint, colon-separated hex, as browsers and `openssl x509 -fingerprint -sha256` show it. */
  fingerprint256: string
  notAfter: string
  /** Host names and IP addresses the certificate is valid for. */
  hosts: string[]
  certPath: string
}

const RENEW_BEFORE_MS = 30 * 86_400_000
const VALID_FOR_DAYS = 825 // the longest validity macOS and iOS accept for a TLS server certificate

export const tlsDir = (dataDir: string) => join(dataDir, 'tls')

/**
 * Returns the ingest certificate, generating it (EC P-256, SHA-256) when there is none, when
 * it does not cover every host a sender will use (e.g. a new LAN address), or when it expires
 * within 30 days. The private key file is readable by its owner only.
 */
export async function ensureIngestCertificate(dataDir: string, wantedHosts: string[], now = Date.now()): Promise<IngestCertificate> {
  const dir = tlsDir(dataDir)
  const certPath = join(dir, 'ingest-cert.pem')
  const keyPath = join(dir, 'ingest-key.pem')
  const hosts = [...new Set(['localhost', '127.0.0.1', '::1', ...wantedHosts].map(canonicalHost))]
  if (existsSync(certPath) && existsSync(keyPath)) {
    const existing = describe(readFileSync(certPath, 'utf8'), readFileSync(keyPath, 'utf8'), certPath)
    const covered = hosts.every((h) => existing.hosts.includes(h))
    if (covered && new Date(existing.notAfter).getTime() - now > RENEW_BEFORE_MS) return existing
  }
  const notBefore = new Date(now - 60_000)
  const notAfter = new Date(now + VALID_FOR_DAYS * 86_400_000)
  // Loaded only to generate: the library and its X.509 stack add ~250 ms to every start-up.
  const { default: selfsigned } = await import('selfsigned')
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'Hookbench local inboxes' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: hosts.map((h) => (isIP(h) ? { type: 7, ip: h } : { type: 2, value: h })) },
    ],
  } as never)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  writeFileSync(keyPath, pems.private, { mode: 0o600 })
  chmodSync(keyPath, 0o600)
  writeFileSync(certPath, pems.cert)
  return describe(pems.cert, pems.private, certPath)
}

function describe(cert: string, key: string, certPath: string): IngestCertificate {
  const x509 = new X509Certificate(cert)
  const hosts = (x509.subjectAltName ?? '')
    .split(', ')
    .map((entry) => canonicalHost(entry.replace(/^(DNS|IP Address):/, '')))
    .filter(Boolean)
  return { cert, key, fingerprint256: x509.fingerprint256, notAfter: new Date(x509.validTo).toISOString(), hosts, certPath }
}

/** IPv6 addresses in their compressed form (the certificate spells out `0:0:0:0:0:0:0:1`). */
function canonicalHost(host: string): string {
  return isIP(host) === 6 ? new URL(`http://[${host}]`).hostname.slice(1, -1) : host
}
