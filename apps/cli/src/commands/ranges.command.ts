import { type Command } from 'commander';
import { type CliIo } from '../cli-io.js';
import { reportJob, type RunFlags } from '../replays/submit-replay.js';
import { apiClient, withApiOptions } from './api-options.js';
import { parseOffset, parseTime, parseWholeNumber } from './option-parsers.js';
import { withRunOptions } from './replay-run-options.js';

interface OffsetRangeFlags extends RunFlags {
  topic: string;
  partition: number;
  from: string;
  to: string;
  dryRun?: boolean;
  rate?: number;
  force?: boolean;
}

interface RedriveFlags extends RunFlags {
  source: string;
  from: string;
  to: string;
  dryRun?: boolean;
  rate?: number;
}

/** `replay offset-range` and `redrive`: replays of a stretch of a topic or of raw webhooks. */
export function registerRangeCommands(program: Command, io: CliIo): void {
  const replay = program.command('replay').description('replay records of a topic');

  withApiOptions(
    withRunOptions(
      replay
        .command('offset-range')
        .description('re-send the records of one topic partition between two offsets (inclusive)')
        .requiredOption('--topic <topic>', 'the topic')
        .requiredOption('--partition <n>', 'the partition', parseWholeNumber)
        .requiredOption('--from <offset>', 'first offset', parseOffset)
        .requiredOption('--to <offset>', 'last offset', parseOffset)
        .option('--dry-run', 'only say what would be sent; exit 7 when nothing'),
    ),
  ).action(async (flags: OffsetRangeFlags) => {
    const client = apiClient(flags, io);
    const job = await client.createReplay({
      kind: 'offset-range',
      topic: flags.topic,
      partition: flags.partition,
      fromOffset: flags.from,
      toOffset: flags.to,
      ...runFields(flags),
      ...(flags.force ? { force: true } : {}),
    });
    await reportJob(client, job, flags, io);
  });

  withApiOptions(
    withRunOptions(
      program
        .command('redrive')
        .description(
          "send a source's stored raw webhooks through the pipeline again, as if just received",
        )
        .requiredOption('--source <id>', 'the source id')
        .requiredOption(
          '--from <time>',
          'received at or after (ISO 8601, or a duration ago: 2h)',
          (v) => parseTime(v),
        )
        .requiredOption('--to <time>', 'received before (ISO 8601, or a duration ago)', (v) =>
          parseTime(v),
        )
        .option('--dry-run', 'only say what would be sent; exit 7 when nothing'),
      { force: false },
    ),
  ).action(async (flags: RedriveFlags) => {
    const client = apiClient(flags, io);
    const job = await client.createReplay({
      kind: 'raw-redrive',
      sourceId: flags.source,
      from: flags.from,
      to: flags.to,
      ...runFields(flags),
    });
    await reportJob(client, job, flags, io);
  });
}

function runFields(flags: { dryRun?: boolean; rate?: number }) {
  return {
    ...(flags.dryRun ? { dryRun: true } : {}),
    ...(flags.rate === undefined ? {} : { rate: flags.rate }),
  };
}
