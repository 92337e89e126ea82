import { type Command } from 'commander';
import { type CliIo } from '../cli-io.js';
import { renderFields } from '../output/table.js';
import { apiClient, emit, withApiOptions, type ApiFlags } from './api-options.js';

export function registerWhoamiCommand(program: Command, io: CliIo): void {
  withApiOptions(
    program.command('whoami').description("the token's name, role and tenants (checks a token)"),
  ).action(async (flags: ApiFlags) => {
    emit(io, flags, await apiClient(flags, io).whoami(), (who) =>
      renderFields([
        ['name', who.name],
        ['role', who.role],
        ['tenants', who.tenants === '*' ? '*' : who.tenants.join(', ')],
      ]),
    );
  });
}
