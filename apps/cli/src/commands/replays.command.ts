import { type Command } from 'commander';
import { type CliIo } from '../cli-io.js';
import { CliExit, ExitCode } from '../exit-codes.js';
import { formatPreview, formatReplayJob, formatReplayList } from '../output/replay-output.js';
import { followReplay } from '../replays/follow-replay.js';
import { replayOutcome } from '../replays/replay-outcome.js';
import { reportJob, type RunFlags } from '../replays/submit-replay.js';
import { apiClient, emit, withApiOptions, type ApiFlags } from './api-options.js';
import {
  deadLetterFilterOf,
  withDeadLetterFilter,
  withDeadLetterIds,
  type DeadLetterFilterFlags,
} from './dead-letter-filter.js';
import { parseLimit, parseRate, parseWholeNumber } from './option-parsers.js';
import { withRunOptions } from './replay-run-options.js';

interface StartFlags extends RunFlags, DeadLetterFilterFlags {
  id?: string[];
  rate?: number;
  force?: boolean;
}

export function registerReplayCommands(program: Command, io: CliIo): void {
  const replays = program
    .command('replays')
    .description('replay jobs: re-send dead letters, follow and cancel jobs');

  withApiOptions(
    withRunOptions(
      withDeadLetterIds(
        withDeadLetterFilter(
          replays
            .command('start')
            .description(
              'replay the dead letters the filters select, or confirm a dry run by its job id',
            )
            .argument('[dryRunId]', 'a dry run to go ahead with (then no filters)'),
        ),
      ),
    ),
  ).action(async (dryRunId: string | undefined, flags: StartFlags) => {
    const client = apiClient(flags, io);
    const filter = deadLetterFilterOf(flags);
    if (dryRunId !== undefined && Object.keys(filter).length > 0) {
      throw new CliExit(ExitCode.usage, 'give a dry run id or filters, not both');
    }
    const job =
      dryRunId !== undefined
        ? await client.startReplay(dryRunId)
        : await client.createReplay({
            kind: 'dead-letters',
            filter,
            ...(flags.rate === undefined ? {} : { rate: flags.rate }),
            ...(flags.force ? { force: true } : {}),
          });
    await reportJob(client, job, flags, io);
  });

  withApiOptions(
    withDeadLetterIds(
      withDeadLetterFilter(
        replays
          .command('dry-run')
          .description(
            'what a dead-letter replay with these filters would send (nothing is sent); exit 7 when nothing',
          ),
      ),
    )
      .option('--rate <perSecond>', 'rate the job would run at when started', parseRate)
      .option('--force', 'include records the ledger says were delivered'),
  ).action(async (flags: StartFlags) => {
    const client = apiClient(flags, io);
    const job = await client.createReplay({
      kind: 'dead-letters',
      filter: deadLetterFilterOf(flags),
      dryRun: true,
      ...(flags.rate === undefined ? {} : { rate: flags.rate }),
      ...(flags.force ? { force: true } : {}),
    });
    emit(io, flags, job, (value) => formatPreview(value) || formatReplayJob(value));
    const outcome = replayOutcome(job);
    if (outcome) throw outcome;
  });

  withApiOptions(
    replays
      .command('follow')
      .description(
        'live progress of a job until it ends; exit 0 completed, 6 failed or with failures, 8 cancelled',
      )
      .argument('<id>', 'the replay job id')
      .option('--interval <ms>', 'how often to poll', parseWholeNumber, 1_000),
  ).action(async (id: string, flags: ApiFlags & { interval: number }) => {
    const job = await followReplay(apiClient(flags, io), id, io, { intervalMs: flags.interval });
    emit(io, flags, job, formatReplayJob);
    const outcome = replayOutcome(job);
    if (outcome && job.state !== 'dry-run') throw outcome;
  });

  withApiOptions(
    replays
      .command('cancel')
      .description('cancel a pending or running job')
      .argument('<id>', 'the replay job id'),
  ).action(async (id: string, flags: ApiFlags) => {
    emit(io, flags, await apiClient(flags, io).cancelReplay(id), formatReplayJob);
  });

  withApiOptions(
    replays
      .command('list')
      .description('list replay jobs, newest first')
      .option('--limit <n>', 'items per page, 1 to 200 (API default 50)', parseLimit)
      .option('--cursor <cursor>', 'the page after this cursor'),
  ).action(async (flags: ApiFlags & { limit?: number; cursor?: string }) => {
    const page = await apiClient(flags, io).listReplays({
      limit: flags.limit,
      cursor: flags.cursor,
    });
    emit(io, flags, page, formatReplayList);
  });

  withApiOptions(
    replays.command('show').description('one replay job').argument('<id>', 'the replay job id'),
  ).action(async (id: string, flags: ApiFlags) => {
    emit(io, flags, await apiClient(flags, io).replay(id), formatReplayJob);
  });
}
