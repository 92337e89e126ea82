import { TERMINAL_REPLAY_STATES, type ReplayJob } from '../api/api-types.js';
import { CliExit, ExitCode } from '../exit-codes.js';
import { progressOf } from '../output/replay-output.js';

export const isTerminal = (job: ReplayJob) => TERMINAL_REPLAY_STATES.includes(job.state);

/** Records the job has dealt with, whichever way. */
export const doneCount = (job: ReplayJob) =>
  job.sent + job.skipped + job.alreadyDelivered + job.failed;

/**
 * The exit of a finished job: nothing for a clean completion, exit 6 when it failed or
 * records failed, exit 8 when cancelled, exit 7 for a dry run with nothing to replay.
 */
export function replayOutcome(job: ReplayJob): CliExit | undefined {
  switch (job.state) {
    case 'failed':
      return new CliExit(
        ExitCode.replayFailed,
        `replay ${job.id} failed: ${job.error ?? 'no reason given'} (${progressOf(job)})`,
      );
    case 'cancelled':
      return new CliExit(
        ExitCode.replayCancelled,
        `replay ${job.id} was cancelled (${progressOf(job)})`,
      );
    case 'completed':
      return job.failed > 0
        ? new CliExit(
            ExitCode.replayFailed,
            `replay ${job.id} completed with ${job.failed} failed (${progressOf(job)})`,
          )
        : undefined;
    case 'dry-run':
      return (job.preview?.total ?? job.total ?? 0) === 0
        ? new CliExit(ExitCode.nothingToReplay, `dry run ${job.id}: nothing to replay`)
        : undefined;
    default:
      return undefined;
  }
}
