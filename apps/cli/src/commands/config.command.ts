import { type Command } from 'commander';
import { validateConfigFile } from '@hookline/config';
import { type CliIo } from '../cli-io.js';
import { CliExit, ExitCode } from '../exit-codes.js';
import { renderJson } from '../output/table.js';

export function registerConfigCommands(program: Command, io: CliIo): void {
  const config = program.command('config').description('the hookline.yaml the services read');

  config
    .command('validate')
    .description(
      'check a configuration file offline as the services would load it (exit 0 valid, 1 invalid)',
    )
    .argument('<file>', 'path of the YAML file')
    .option('--json', 'print { valid, summary } or { valid, errors } as JSON')
    .action((file: string, flags: { json?: boolean }) => {
      // `env:NAME` secrets resolve from this shell's environment, as the services would.
      const result = validateConfigFile(file, io.env);
      if (flags.json) {
        io.out(
          renderJson(
            result.ok
              ? { valid: true, summary: result.summary }
              : { valid: false, errors: result.errors },
          ),
        );
      } else if (result.ok) {
        io.out(result.summary);
      } else {
        for (const error of result.errors) io.err(error);
      }
      if (!result.ok) {
        throw new CliExit(
          ExitCode.failure,
          `${file} is invalid: ${result.errors.length} issue${result.errors.length === 1 ? '' : 's'}`,
        );
      }
    });
}
