import { type Command } from 'commander';
import { parseRate, parseWholeNumber } from './option-parsers.js';

/** `--rate`, `--follow`, `--interval` (and `--force` where the kind has it) of commands that start a replay. */
export function withRunOptions(command: Command, { force = true } = {}): Command {
  command
    .option(
      '--rate <perSecond>',
      'records per second at most (default: the API default)',
      parseRate,
    )
    .option('--follow', 'show live progress until the job ends; exit with its outcome')
    .option('--interval <ms>', 'how often --follow polls', parseWholeNumber, 1_000);
  if (force) {
    command.option('--force', 'send records again even when the ledger says they were delivered');
  }
  return command;
}
