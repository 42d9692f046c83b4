import { spawn, spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeUtf8Strict, toCurl, toFetch, toHttpie } from '../../../src-shared/snippets'
import { startSink, type Sink } from '../../helpers/sink'

const hasCurl = spawnSync('curl', ['--version']).status === 0

describe('copy-as snippets reproduce the request exactly', () => {
  let sink: Sink
  beforeAll(async () => {
    sink = await startSink()
  })
  afterAll(() => sink.close())

  const bodies: Array<[string, Buffer]> = [
    ['JSON with quotes, unicode and a newline', Buffer.from(`{"msg":"it's \\"fine\\" — ok","n":1}\n`)],
    ['binary bytes (NUL, 0xff, %, backslash, quote)', Buffer.from([0x00, 0xff, 0x25, 0x5c, 0x27, 0x0a, 0x80, 0x41])],
    ['a shell trap: $(touch /tmp/pwned) `id`', Buffer.from('$(touch /tmp/hookbench-pwned) `id` $HOME')],
  ]

  for (const [label, body] of bodies) {
    it.skipIf(!hasCurl)(`cURL sends ${label} byte for byte`, async () => {
      const before = sink.received.length
      const cmd = toCurl({
        method: 'POST',
        url: `${sink.url}/hook?a=1&b=it's`,
        headers: [['Content-Type', 'application/json'], ['X-Sig', "v1,a'b"], ['Host', 'ignored.example'], ['Content-Length', '999']],
        body,
      })
      // async spawn: the sink answering curl lives in this process's event loop
      const status = await new Promise<number | null>((resolve) => spawn('bash', ['-c', `${cmd} -s -o /dev/null`], { stdio: 'ignore' }).on('exit', resolve))
      expect(status).toBe(0)
      const [got] = (await sink.waitFor(before + 1)).slice(before)
      expect(got!.body.equals(body)).toBe(true)
      expect(got!.url).toBe("/hook?a=1&b=it's")
      expect(got!.headers).toContainEqual(['X-Sig', "v1,a'b"])
    })

    it(`fetch sends ${label} byte for byte`, async () => {
      const before = sink.received.length
      const code = toFetch({ method: 'PUT', url: `${sink.url}/f`, headers: [['X-A', '1'], ['X-A', '2']], body })
      const run = new Function(`return (async () => { ${code} })()`) as () => Promise<void>
      await run()
      const [got] = (await sink.waitFor(before + 1)).slice(before)
      expect(got!.method).toBe('PUT')
      expect(got!.body.equals(body)).toBe(true)
    })
  }

  it('HTTPie feeds the exact bytes on stdin and keeps duplicate headers', () => {
    const snippet = toHttpie({ method: 'POST', url: 'http://x/y', headers: [['X-A', '1'], ['X-A', '2']], body: Buffer.from([0, 255]) })
    expect(snippet).toBe("printf '\\000\\377' | http POST 'http://x/y' \\\n  'X-A:1' \\\n  'X-A:2'")
    const empty = toHttpie({ method: 'GET', url: 'http://x/y', headers: [], body: new Uint8Array() })
    expect(empty).toBe("http --ignore-stdin GET 'http://x/y'")
  })

  it('strict UTF-8 decoding refuses overlong forms, surrogates and truncated sequences', () => {
    expect(decodeUtf8Strict(Buffer.from('héllo €𝄞'))).toBe('héllo €𝄞')
    expect(decodeUtf8Strict(Buffer.from([0xc0, 0xaf]))).toBeNull()
    expect(decodeUtf8Strict(Buffer.from([0xed, 0xa0, 0x80]))).toBeNull()
    expect(decodeUtf8Strict(Buffer.from([0xe2, 0x82]))).toBeNull()
  })
})
