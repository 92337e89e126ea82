import { type Command, Option } from 'commander';
import { type CliIo } from '../cli-io.js';
import {
  formatDeadLetterDetail,
  formatDeadLetterList,
  formatGroups,
} from '../output/dead-letter-output.js';
import { apiClient, emit, withApiOptions, type ApiFlags } from './api-options.js';
import {
  deadLetterQueryOf,
  withDeadLetterFilter,
  type DeadLetterFilterFlags,
} from './dead-letter-filter.js';
import { parseLimit } from './option-parsers.js';

interface ListFlags extends ApiFlags, DeadLetterFilterFlags {
  cursor?: string;
  limit?: number;
}

export function registerDeadLetterCommands(program: Command, io: CliIo): void {
  const deadLetters = program
    .command('dead-letters')
    .description('records that failed for good, with the reason, and their grouping');

  withApiOptions(
    withDeadLetterFilter(deadLetters.command('list').description('list dead letters, newest first'))
      .option('--limit <n>', 'items per page, 1 to 200 (API default 50)', parseLimit)
      .option('--cursor <cursor>', 'the page after this cursor (printed below a full page)'),
  ).action(async (flags: ListFlags) => {
    const page = await apiClient(flags, io).listDeadLetters({
      ...deadLetterQueryOf(flags),
      cursor: flags.cursor,
      limit: flags.limit,
    });
    emit(io, flags, page, formatDeadLetterList);
  });

  withApiOptions(
    deadLetters
      .command('show')
      .description('one dead letter with its headers and value')
      .argument('<id>', 'the dead letter id'),
  ).action(async (id: string, flags: ApiFlags) => {
    emit(io, flags, await apiClient(flags, io).deadLetter(id), formatDeadLetterDetail);
  });

  withApiOptions(
    withDeadLetterFilter(
      deadLetters
        .command('summary')
        .description('count dead letters by reason, stage or destination'),
    ).addOption(
      new Option('--by <grouping>', 'what to group by')
        .choices(['reason', 'stage', 'destination'])
        .default('reason'),
    ),
  ).action(async (flags: ListFlags & { by: string }) => {
    const summary = await apiClient(flags, io).deadLetterSummary({
      ...deadLetterQueryOf(flags),
      by: flags.by,
    });
    emit(io, flags, summary, (value) => formatGroups(value, flags.by));
  });
}
