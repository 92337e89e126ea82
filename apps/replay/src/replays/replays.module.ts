import { Module } from '@nestjs/common';
import { ReplayBatchPreparer } from './engine/replay-batch.js';
import { ReplayMetrics } from './engine/replay-metrics.js';
import { ReplayRunner } from './engine/replay-runner.js';
import { ReplayWorker } from './engine/replay-worker.service.js';
import { ReplaySelection } from './selection/replay-selection.service.js';
import { CancelReplay } from './usecases/cancel-replay/cancel-replay.usecase.js';
import { CreateReplay } from './usecases/create-replay/create-replay.usecase.js';
import { GetReplay } from './usecases/get-replay/get-replay.usecase.js';
import { ListReplays } from './usecases/list-replays/list-replays.usecase.js';
import { ReplayJobAccess } from './usecases/replay-job.access.js';
import { ReplayJobViews } from './usecases/replay-job.view.js';
import { StartReplay } from './usecases/start-replay/start-replay.usecase.js';

const USE_CASES = [CreateReplay, StartReplay, CancelReplay, GetReplay, ListReplays];

/** Replay jobs: the use cases (HTTP, CLI) and the worker that runs them. */
@Module({
  providers: [
    ...USE_CASES,
    ReplayJobAccess,
    ReplayJobViews,
    ReplaySelection,
    ReplayBatchPreparer,
    ReplayRunner,
    ReplayMetrics,
    ReplayWorker,
  ],
  exports: USE_CASES,
})
export class ReplaysModule {}
