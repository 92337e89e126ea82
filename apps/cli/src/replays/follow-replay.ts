import cliProgress from 'cli-progress';
import { type OperatorApiClient } from '../api/api-client.js';
import { type ReplayJob } from '../api/api-types.js';
import { type CliIo } from '../cli-io.js';
import { progressOf } from '../output/replay-output.js';
import { doneCount, isTerminal } from './replay-outcome.js';

export interface FollowOptions {
  intervalMs: number;
}

/**
 * Polls a replay job until it reaches a terminal state and returns it. On a terminal
 * the progress is a live bar on stderr; otherwise one line per change, so logs of a
 * script show the progress without control characters.
 */
export async function followReplay(
  client: OperatorApiClient,
  id: string,
  io: CliIo,
  { intervalMs }: FollowOptions,
): Promise<ReplayJob> {
  const view = io.interactive ? barView() : lineView(io);
  try {
    for (;;) {
      const job = await client.replay(id);
      view.update(job);
      if (isTerminal(job)) return job;
      await io.sleep(intervalMs);
    }
  } finally {
    view.stop();
  }
}

interface ProgressView {
  update(job: ReplayJob): void;
  stop(): void;
}

function barView(): ProgressView {
  const bar = new cliProgress.SingleBar(
    {
      format: 'replay {id} |{bar}| {percentage}% {value}/{total} | {state} | {progress}',
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(job) {
      const payload = { id: job.id, state: job.state, progress: progressOf(job) };
      const total = Math.max(job.total ?? 0, doneCount(job));
      if (!started) {
        bar.start(total, doneCount(job), payload);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(doneCount(job), payload);
      }
    },
    stop: () => bar.stop(),
  };
}

function lineView(io: CliIo): ProgressView {
  let last = '';
  return {
    update(job) {
      const line = `replay ${job.id} ${job.state}: ${progressOf(job)}`;
      if (line !== last) io.err(line);
      last = line;
    },
    stop: () => undefined,
  };
}
