import type { Bench } from './run'
import { callApi, report, runLoad, startEngineProcess } from './lib'

/** The control plane's cheapest route: a floor for what every API call costs. */
const bench: Bench = {
  name: 'health',
  description: 'GET /api/health on the control plane, 10 connections (baseline of the API stack)',
  async run() {
    const engine = await startEngineProcess()
    try {
      await callApi(engine.info, 'GET', '/api/info')
      const origin = engine.info.api.replace(/\/api$/, '')
      const result = await runLoad({
        origin,
        connections: 10,
        maxRequests: 20_000,
        maxSeconds: 5,
        warmup: 200,
        request: () => ({ method: 'GET', path: '/api/health', headers: { host: new URL(origin).host } }),
      })
      report('GET /api/health', [{ ...result, peakRssMiB: engine.peakRssMiB() }])
    } finally {
      await engine.stop()
    }
  },
}
export default bench
