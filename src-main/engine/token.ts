import { randomBytes, timingSafeEqual } from 'node:crypto'
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const TOKEN_FILE = 'token'

/**
 * Reads the control-plane bearer token from the data folder, creating it on first run.
 * The file is readable by its owner only (0600): anyone who can read it can drive the API.
 */
export function readOrCreateToken(dataDir: string): string {
  const file = join(dataDir, TOKEN_FILE)
  if (existsSync(file)) {
    if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600)
    const token = readFileSync(file, 'utf8').trim()
    if (token.length >= 32) return token
  }
  const token = randomBytes(32).toString('base64url')
  writeFileSync(file, token + '\n', { mode: 0o600 })
  chmodSync(file, 0o600) // the umask may have widened the mode given above
  return token
}

/** Constant-time comparison of a presented token with the real one. */
export function tokenMatches(presented: string | undefined, token: string): boolean {
  if (!presented) return false
  const a = Buffer.from(presented)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}
