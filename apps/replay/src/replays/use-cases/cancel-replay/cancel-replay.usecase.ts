import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { REPLAY_JOBS, type ReplayJobRepository } from '@hookline/persistence';
import { AuditLog } from '../../../api/audit/audit-log.service.js';
import { ReplayJobAccess } from '../replay-job.access.js';
import { ReplayJobViews, type ReplayJobView } from '../replay-job.view.js';
import { type CancelReplayCommand } from './cancel-replay.command.js';

/**
 * Cancels a dry run, a pending or a running job. A running job's worker sees it when it
 * next checkpoints (its writes are fenced on the state) and stops there.
 */
@Injectable()
export class CancelReplay {
  constructor(
    private readonly access: ReplayJobAccess,
    @Inject(REPLAY_JOBS) private readonly jobs: ReplayJobRepository,
    private readonly views: ReplayJobViews,
    private readonly audit: AuditLog,
  ) {}

  async execute({ principal, jobId }: CancelReplayCommand): Promise<ReplayJobView> {
    const job = await this.access.find(principal, jobId);
    const cancelled = await this.jobs.cancel(job.id);
    if (!cancelled) throw new ConflictException(`replay job ${job.id} has ended (${job.state})`);
    await this.audit.record({
      principal,
      action: 'replays.cancel',
      target: job.id,
      outcome: 'succeeded',
      detail: { was: job.state, sent: cancelled.sent },
    });
    return this.views.of(cancelled);
  }
}
