import { CommanderError } from 'commander';
import { type CliIo } from './cli-io.js';
import { exitCodeFor, type ExitCode } from './exit-codes.js';
import { buildProgram } from './program.js';

/** Runs one command line (without `node` and the script) and returns its exit code. */
export async function runCli(args: readonly string[], io: CliIo): Promise<ExitCode> {
  try {
    await buildProgram(io).parseAsync([...args], { from: 'user' });
    return 0;
  } catch (error) {
    // Commander has already printed its own message (usage, help).
    if (!(error instanceof CommanderError)) io.err(`hookline: ${(error as Error).message}`);
    return exitCodeFor(error);
  }
}
