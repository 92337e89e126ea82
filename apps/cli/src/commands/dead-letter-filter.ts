import { type Command } from 'commander';
import { type DeadLetterFilter } from '../api/api-types.js';
import { collect, parseTime } from './option-parsers.js';

export interface DeadLetterFilterFlags {
  tenant?: string;
  stage?: string;
  errorClass?: string;
  destination?: string;
  topic?: string;
  from?: string;
  to?: string;
}

/** The dead-letter filters shared by `dead-letters list|summary` and `replays start|dry-run`. */
export function withDeadLetterFilter(command: Command): Command {
  return command
    .option('--tenant <id>', 'only this tenant')
    .option(
      '--stage <stage>',
      'only dead-lettered at this stage (normalizer, router, executor, ...)',
    )
    .option('--error-class <class>', 'only with this error class')
    .option('--destination <id>', 'only for this destination')
    .option('--topic <topic>', 'only from this dead-letter topic')
    .option('--from <time>', 'failed at or after (ISO 8601, or a duration ago: 2h)', (v) =>
      parseTime(v),
    )
    .option('--to <time>', 'failed before (ISO 8601, or a duration ago)', (v) => parseTime(v));
}

export function withDeadLetterIds(command: Command): Command {
  return command.option('--id <id>', 'only this dead letter (repeatable)', collect);
}

export function deadLetterFilterOf(
  flags: DeadLetterFilterFlags & { id?: string[] },
): DeadLetterFilter {
  const filter: DeadLetterFilter = {
    tenant: flags.tenant,
    stage: flags.stage,
    errorClass: flags.errorClass,
    destination: flags.destination,
    topic: flags.topic,
    from: flags.from,
    to: flags.to,
    ids: flags.id,
  };
  return Object.fromEntries(
    Object.entries(filter).filter(([, value]) => value !== undefined),
  ) as DeadLetterFilter;
}

/** The filters as query parameters of `GET /dead-letters` and its summary. */
export function deadLetterQueryOf(flags: DeadLetterFilterFlags): Omit<DeadLetterFilter, 'ids'> {
  const { ids: _ids, ...query } = deadLetterFilterOf(flags);
  return query;
}
