/**
 * A reader may close stdout before a command is done (`hookbench export … | head -c 700`). Node
 * then fails the next write with EPIPE: an 'error' event on process.stdout, or a rejected
 * pipeline. That is the reader saying "enough", not a failure, so the command ends quietly with
 * the exit code it has set (0 unless it already found a failure) and no stack on stderr.
 * Commands that keep running (serve, listen) register how to stop cleanly first.
 */

/** True for the error of a write to a pipe whose reader has gone. */
export function isClosedPipe(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED'
}

let stopWhenClosed: (() => void) | null = null

/** What to do when stdout closes, instead of exiting at once (an engine to close first). */
export function onStdoutClosed(stop: () => void): void {
  stopWhenClosed = stop
}

/** Installs the handler once, before any command writes. */
export function endQuietlyWhenStdoutCloses(stdout: NodeJS.WriteStream = process.stdout): void {
  let closed = false
  stdout.on('error', (err) => {
    if (!isClosedPipe(err)) throw err // anything else is a real failure: let it surface as before
    if (closed) return
    closed = true
    if (stopWhenClosed) stopWhenClosed()
    else process.exit() // with process.exitCode as the command set it
  })
}
