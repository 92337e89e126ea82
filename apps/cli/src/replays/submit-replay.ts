import { type OperatorApiClient } from '../api/api-client.js';
import { type ReplayJob } from '../api/api-types.js';
import { type CliIo } from '../cli-io.js';
import { emit, type ApiFlags } from '../commands/api-options.js';
import { formatReplayJob } from '../output/replay-output.js';
import { followReplay } from './follow-replay.js';
import { replayOutcome } from './replay-outcome.js';

export interface RunFlags extends ApiFlags {
  follow?: boolean;
  interval?: number;
}

/**
 * After a job is created or started: print it, or follow it to its end when asked, and
 * end with the exit its outcome calls for (a dry run's is known at once).
 */
export async function reportJob(
  client: OperatorApiClient,
  created: ReplayJob,
  flags: RunFlags,
  io: CliIo,
): Promise<void> {
  const job =
    flags.follow && created.state !== 'dry-run'
      ? await followReplay(client, created.id, io, { intervalMs: flags.interval ?? 1_000 })
      : created;
  emit(io, flags, job, formatReplayJob);
  const outcome = flags.follow || job.state === 'dry-run' ? replayOutcome(job) : undefined;
  if (outcome) throw outcome;
}
