import { Module } from '@nestjs/common';
import { OperatorApiModule } from '../api/operator-api.module.js';
import { ReplayBatchPreparer } from './engine/replay-batch.js';
import { ReplayMetrics } from './engine/replay-metrics.js';
import { ReplayRunner } from './engine/replay-runner.js';
import { ReplayWorker } from './engine/replay-worker.service.js';
import { ReplaySelection } from './selection/replay-selection.service.js';
import { CancelReplay } from './use-cases/cancel-replay/cancel-replay.usecase.js';
import { CreateReplay } from './use-cases/create-replay/create-replay.usecase.js';
import { GetReplay } from './use-cases/get-replay/get-replay.usecase.js';
import { ListReplays } from './use-cases/list-replays/list-replays.usecase.js';
import { ReplayJobAccess } from './use-cases/replay-job.access.js';
import { ReplayJobViews } from './use-cases/replay-job.view.js';
import { ReplaysController } from './replays.controller.js';
import { StartReplay } from './use-cases/start-replay/start-replay.usecase.js';

const USE_CASES = [CreateReplay, StartReplay, CancelReplay, GetReplay, ListReplays];

/** Replay jobs: the use cases (HTTP, CLI) and the worker that runs them. */
@Module({
  imports: [OperatorApiModule],
  controllers: [ReplaysController],
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
