import { Inject, Injectable } from '@nestjs/common';
import { REPLAY_JOBS, type ReplayJobRepository } from '@hookline/persistence';
import { decodeCursor, type Page, toPage } from '../../../api/http/pagination.js';
import { type ReplayJobView, viewOf } from '../replay-job.view.js';
import { type ListReplaysCommand } from './list-replays.command.js';

/** The caller's visible jobs, newest first, a page at a time. */
@Injectable()
export class ListReplays {
  constructor(@Inject(REPLAY_JOBS) private readonly jobs: ReplayJobRepository) {}

  async execute({ principal, input }: ListReplaysCommand): Promise<Page<ReplayJobView>> {
    const position = decodeCursor(input.cursor);
    const rows = await this.jobs.list({
      visibleTo: principal.tenants === '*' ? null : principal.tenants,
      ...(position ? { before: { createdAt: position.at, id: position.id } } : {}),
      limit: input.limit + 1,
    });
    return toPage(rows, input.limit, (job) => ({ at: job.createdAt, id: job.id }), viewOf);
  }
}
