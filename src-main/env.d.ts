// SQL migrations are bundled as strings (`?raw`), which both Vite and vitest resolve.
declare module '*.sql?raw' {
  const sql: string
  export default sql
}
