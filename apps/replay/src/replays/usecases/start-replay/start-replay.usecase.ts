import { Inject, Injectable } from '@nestjs/common';
import { REPLAY_JOBS, type ReplayJobRepository } from '@hookline/persistence';
import { ReplayConflict } from '../../replay-errors.js';
import { ReplayJobAccess } from '../replay-job.access.js';
import { ReplayJobViews, type ReplayJobView } from '../replay-job.view.js';
import { type StartReplayCommand } from './start-replay.command.js';

/** A dry run becomes pending; a worker sends exactly the records its preview counted. */
@Injectable()
export class StartReplay {
  constructor(
    private readonly access: ReplayJobAccess,
    @Inject(REPLAY_JOBS) private readonly jobs: ReplayJobRepository,
    private readonly views: ReplayJobViews,
  ) {}

  async execute({ actor, jobId }: StartReplayCommand): Promise<ReplayJobView> {
    const job = await this.access.find(actor, jobId);
    const started = await this.jobs.start(job.id);
    if (!started)
      throw new ReplayConflict(
        `replay job ${job.id} is ${job.state}; only a dry run can be started`,
      );
    return this.views.of(started);
  }
}
