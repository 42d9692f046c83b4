import { Command, CommanderError } from 'commander'
import { VERSION } from '../engine/version'
import { registerCheck } from './commands/check'
import { registerExport } from './commands/export'
import { registerListen } from './commands/listen'
import { registerImport, registerReplay } from './commands/replay'
import { registerServe } from './commands/serve'
import { registerSign } from './commands/sign'
import { registerTrigger } from './commands/trigger'
import { registerVerify } from './commands/verify'
import { endQuietlyWhenStdoutCloses, isClosedPipe } from './stdout'

/** The `hookbench` command: argv → command. Exit codes: 0 ok, 1 failure, 2 usage error. */
export function buildProgram(): Command {
  const program = new Command('hookbench')
    .description('Hookbench: an offline workbench for webhooks (sender, receiver, inspector)')
    .version(VERSION, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
  registerServe(program)
  registerTrigger(program)
  registerCheck(program)
  registerListen(program)
  registerReplay(program)
  registerExport(program)
  registerImport(program)
  registerSign(program)
  registerVerify(program)
  return program
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram()
  endQuietlyWhenStdoutCloses()
  try {
    await program.parseAsync(argv)
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit 0; any usage mistake exits 2 (commander already printed it).
      process.exitCode = err.exitCode === 0 ? 0 : 2
      return
    }
    // The reader of stdout went away (`| head`): not a failure of the command.
    if (isClosedPipe(err) && process.stdout.destroyed) return
    process.stderr.write(`hookbench: ${(err as Error).stack ?? String(err)}\n`)
    process.exitCode = 1
  }
}

void main(process.argv)
