import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterAll, describe, expect, it } from 'vitest'
import { LOCK_FILE, lockDataDir } from '../../../src-main/engine/data-dir-lock'
import { tempDir } from '../../helpers/tmp'

describe('data folder lock', () => {
  const dir = tempDir()
  afterAll(() => dir.cleanup())
  const folder = (name: string) => {
    const path = join(dir.dir, name)
    mkdirSync(path)
    return path
  }

  it('is held while its engine runs, even when nothing references the lock object but the engine', async () => {
    const gcFolder = folder('gc')
    // Dropped on purpose: the garbage collector closing its handle would drop the lock with it.
    lockDataDir(gcFolder)
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    for (let i = 0; i < 3; i++) {
      gc()
      await new Promise((resolve) => setImmediate(resolve))
    }
    expect(lockDataDir(gcFolder)).toBeNull()
  })

  it('is taken again once released', () => {
    const path = folder('release')
    const first = lockDataDir(path)!
    expect(lockDataDir(path)).toBeNull()
    first.release()
    const second = lockDataDir(path)
    expect(second).not.toBeNull()
    second!.release()
  })

  it('says what to fix when the lock file cannot be used', () => {
    const blocked = folder('blocked')
    mkdirSync(join(blocked, LOCK_FILE)) // a folder where the lock file goes: SQLite cannot open it
    expect(() => lockDataDir(blocked)).toThrow(
      `Make sure ${blocked} is a folder this user can write to and ${join(blocked, LOCK_FILE)} a file it can open, or give another --data-dir.`,
    )
    const junk = folder('junk')
    writeFileSync(join(junk, LOCK_FILE), 'not a database, and long enough to be read as a header '.repeat(20))
    expect(() => lockDataDir(junk)).toThrow(`If no Hookbench engine runs on this folder, delete ${join(junk, LOCK_FILE)} and start again.`)
  })
})
