/// <reference types="vite/client" />
/**
 * `npm run bench`: runs every `bench/*.bench.ts` (or those named on the command line, e.g.
 * `npm run bench -- ingest`) and prints its figures. Each bench exports
 * `default { name, run(): Promise<void> }` and bounds its own loops in count and time.
 */
export interface Bench {
  name: string
  description: string
  run(): Promise<void>
}

const modules = import.meta.glob<{ default: Bench }>('./*.bench.ts')

async function main() {
  const only = process.argv.slice(2)
  const names = Object.keys(modules).sort()
  if (names.length === 0) console.log('No benchmarks yet.')
  console.log(`Hookbench benchmarks on ${process.platform}-${process.arch}, Node ${process.versions.node}, ${new Date().toISOString()}`)
  for (const file of names) {
    const bench = (await modules[file]!()).default
    if (only.length && !only.includes(bench.name)) continue
    console.log(`\n# ${bench.name}: ${bench.description}`)
    await bench.run()
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err)
    process.exit(1)
  },
)
