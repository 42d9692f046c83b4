import { readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readOrCreateToken, tokenMatches, TOKEN_FILE } from '../../../src-main/engine/token'
import { tempDir } from '../../helpers/tmp'

describe('the control-plane token', () => {
  it('is created once with mode 0600 and reused on the next start', () => {
    const { dir, cleanup } = tempDir()
    const token = readOrCreateToken(dir)
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(statSync(join(dir, TOKEN_FILE)).mode & 0o777).toBe(0o600)
    expect(readOrCreateToken(dir)).toBe(token)
    cleanup()
  })

  it('tightens a token file that others could read', () => {
    const { dir, cleanup } = tempDir()
    const token = readOrCreateToken(dir)
    chmodSync(join(dir, TOKEN_FILE), 0o644)
    expect(readOrCreateToken(dir)).toBe(token)
    expect(statSync(join(dir, TOKEN_FILE)).mode & 0o777).toBe(0o600)
    cleanup()
  })

  it('replaces a truncated token file with a new random token', () => {
    const { dir, cleanup } = tempDir()
    writeFileSync(join(dir, TOKEN_FILE), 'short', { mode: 0o600 })
    const token = readOrCreateToken(dir)
    expect(token).not.toBe('short')
    expect(readFileSync(join(dir, TOKEN_FILE), 'utf8').trim()).toBe(token)
    cleanup()
  })

  it('matches only the exact token', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true)
    expect(tokenMatches('abd', 'abc')).toBe(false)
    expect(tokenMatches('abcd', 'abc')).toBe(false)
    expect(tokenMatches(undefined, 'abc')).toBe(false)
  })
})
