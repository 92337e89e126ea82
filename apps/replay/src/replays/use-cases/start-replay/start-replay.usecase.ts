import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { REPLAY_JOBS, type ReplayJobRepository } from '@hookline/persistence';
import { AuditLog } from '../../../api/audit/audit-log.service.js';
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
    private readonly audit: AuditLog,
  ) {}

  async execute({ principal, jobId }: StartReplayCommand): Promise<ReplayJobView> {
    const job = await this.access.find(principal, jobId);
    const started = await this.jobs.start(job.id);
    if (!started)
      throw new ConflictException(
        `replay job ${job.id} is ${job.state}; only a dry run can be started`,
      );
    await this.audit.record({
      principal,
      action: 'replays.start',
      target: job.id,
      outcome: 'succeeded',
      detail: { total: started.total },
    });
    return this.views.of(started);
  }
}
