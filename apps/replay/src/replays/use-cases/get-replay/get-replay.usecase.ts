import { Injectable } from '@nestjs/common';
import { ReplayJobAccess } from '../replay-job.access.js';
import { ReplayJobViews, type ReplayJobView } from '../replay-job.view.js';
import { type GetReplayCommand } from './get-replay.command.js';

/** One job with its progress (and a dry run's preview). */
@Injectable()
export class GetReplay {
  constructor(
    private readonly access: ReplayJobAccess,
    private readonly views: ReplayJobViews,
  ) {}

  async execute({ principal, jobId }: GetReplayCommand): Promise<ReplayJobView> {
    return this.views.of(await this.access.find(principal, jobId));
  }
}
