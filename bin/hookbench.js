#!/usr/bin/env node
// The `hookbench` command runs the bundled CLI that `npm run build` writes to out/.
import { existsSync } from 'node:fs'

const cli = new URL('../out/main/cli.js', import.meta.url)
if (!existsSync(cli)) {
  process.stderr.write('hookbench: the CLI is not built in this checkout; run `npm run build` first.\n')
  process.exit(1)
}
await import(cli.href)
