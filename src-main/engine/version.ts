import pkg from '../../package.json'

/** Hookbench's version, from package.json at build time. */
export const VERSION: string = pkg.version
