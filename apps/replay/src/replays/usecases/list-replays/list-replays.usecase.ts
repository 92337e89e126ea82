import { Inject, Injectable } from '@nestjs/common';
import { REPLAY_JOBS, type ReplayJobRepository } from '@hookline/persistence';
import { tenantsOf } from '../../replay-actor.js';
import { InvalidReplayRequest } from '../../replay-request.js';
import { type ReplayJobView, viewOf } from '../replay-job.view.js';
import { type ListReplaysCommand } from './list-replays.command.js';

/** The caller's visible jobs, newest first, a page at a time. */
@Injectable()
export class ListReplays {
  constructor(@Inject(REPLAY_JOBS) private readonly jobs: ReplayJobRepository) {}

  async execute({
    actor,
    limit,
    cursor,
  }: ListReplaysCommand): Promise<{ items: ReplayJobView[]; nextCursor: string | null }> {
    const jobs = await this.jobs.list({
      visibleTo: tenantsOf(actor),
      ...(cursor ? { before: decodeCursor(cursor) } : {}),
      limit: limit + 1,
    });
    const page = jobs.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(viewOf),
      nextCursor:
        jobs.length > limit && last
          ? Buffer.from(JSON.stringify([last.createdAt.toISOString(), last.id])).toString(
              'base64url',
            )
          : null,
    };
  }
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [
      string,
      string,
    ];
    if (typeof id !== 'string' || Number.isNaN(Date.parse(createdAt))) throw new Error('shape');
    return { createdAt: new Date(createdAt), id };
  } catch {
    throw new InvalidReplayRequest('cursor: not a cursor this API gave out');
  }
}
