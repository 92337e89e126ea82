import { Command } from 'commander';
import { type CliIo } from './cli-io.js';
import { registerConfigCommands } from './commands/config.command.js';
import { registerDeadLetterCommands } from './commands/dead-letters.command.js';
import { registerDemoCommand } from './commands/demo.command.js';
import { registerEventCommands } from './commands/events.command.js';
import { registerRangeCommands } from './commands/ranges.command.js';
import { registerReplayCommands } from './commands/replays.command.js';
import { registerWhoamiCommand } from './commands/whoami.command.js';

/** The `hookline` command tree. Errors surface from parseAsync (exitOverride). */
export function buildProgram(io: CliIo): Command {
  const program = new Command('hookline')
    .description("Hookline's operator CLI: events, dead letters, replays, configuration, demo")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text.replace(/\n$/, '')),
      writeErr: (text) => io.err(text.replace(/\n$/, '')),
    })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 failure, 2 usage, 3 auth (401/403 or no token), 4 not found,\n' +
        '5 API unreachable, 6 replay failed or had failures, 7 nothing to replay, 8 replay cancelled.\n' +
        'See docs/cli.md.',
    );
  registerEventCommands(program, io);
  registerDeadLetterCommands(program, io);
  registerReplayCommands(program, io);
  registerRangeCommands(program, io);
  registerConfigCommands(program, io);
  registerDemoCommand(program, io);
  registerWhoamiCommand(program, io);
  return program;
}
