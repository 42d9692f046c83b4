import { fileURLToPath } from 'node:url'

/** The built renderer sits next to the bundled CLI: out/main/cli.js → out/renderer. */
export const builtUiDir = (): string => fileURLToPath(new URL('../renderer', import.meta.url))
