/**
 * The engine's error catalog. Domain code throws `EngineError`s; the API serialises them as
 * `{ error, message, field? }` with their HTTP status, and the CLI prints `message`.
 * A message always says what to fix, not only what went wrong.
 */
export class EngineError extends Error {
  constructor(
    readonly code: string,
    readonly statusCode: number,
    message: string,
    /** JSON pointer of the offending input field, e.g. `/url`. */
    readonly field?: string,
  ) {
    super(message)
    this.name = 'EngineError'
  }
}

export const badRequest = (code: string, message: string, field?: string) =>
  new EngineError(code, 400, message, field)

/** Where a valid id can be found, for the kinds that have no list of their own. */
const WHERE_IDS_ARE: Record<string, string> = {
  'bulk replay':
    'Its id is in the answer of POST /api/replays/bulk (and in the replay.bulk.progress events); the engine keeps only its recent finished ones, and none past a restart.',
  'scenario run': "A scenario's runs are listed by GET /api/scenarios/<scenario id>/runs (its lastRun is in GET /api/scenarios).",
}

export const notFound = (what: string, id: string) =>
  new EngineError('HB_ERR_NOT_FOUND', 404, `No ${what} with id "${id}". ${WHERE_IDS_ARE[what] ?? 'List them to find a valid id.'}`)

/** A database written by a newer Hookbench: refuse it and leave the file untouched. */
export class DbFromFutureError extends EngineError {
  constructor(path: string, found: number, known: number) {
    super(
      'HB_ERR_DB_FROM_FUTURE',
      500,
      `${path} was written by a newer Hookbench (schema version ${found}; this build knows up to ${known}). ` +
        'The file was left untouched: upgrade Hookbench, or start with another --data-dir.',
    )
  }
}

/** A listener could not bind its port. The CLI maps `plane` to the flag that changes it. */
export class PortInUseError extends EngineError {
  constructor(
    readonly plane: 'control' | 'ingest',
    readonly host: string,
    readonly port: number,
  ) {
    super('HB_ERR_PORT_IN_USE', 500, `port ${port} on ${host} is already in use (${plane} plane)`)
  }
}
