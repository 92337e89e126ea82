import { Inject, Injectable } from '@nestjs/common';
import { REPLAY_JOBS, type ReplayJob, type ReplayJobRepository } from '@hookline/persistence';
import { canSeeJob, type ReplayActor } from '../replay-actor.js';
import { ReplayNotFound } from '../replay-errors.js';

/** A job the caller may see, or ReplayNotFound (also for another tenant's job). */
@Injectable()
export class ReplayJobAccess {
  constructor(@Inject(REPLAY_JOBS) private readonly jobs: ReplayJobRepository) {}

  async find(actor: ReplayActor, id: string): Promise<ReplayJob> {
    const job = await this.jobs.find(id);
    if (!job || !canSeeJob(actor, job)) throw new ReplayNotFound(`no replay job ${id}`);
    return job;
  }
}
