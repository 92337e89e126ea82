import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { REPLAY_JOBS, type ReplayJob, type ReplayJobRepository } from '@hookline/persistence';
import { type OperatorPrincipal } from '../../api/auth/operator-principal.js';

/** A job the caller may see, or 404 (also for a job touching tenants outside the caller's). */
@Injectable()
export class ReplayJobAccess {
  constructor(@Inject(REPLAY_JOBS) private readonly jobs: ReplayJobRepository) {}

  async find(principal: OperatorPrincipal, id: string): Promise<ReplayJob> {
    const job = await this.jobs.find(id);
    if (!job || !canSeeJob(principal, job)) throw new NotFoundException(`no replay job "${id}"`);
    return job;
  }
}

/** A job is visible to whoever may see every tenant of its scope (all tenants: only `*`). */
export function canSeeJob(
  principal: OperatorPrincipal,
  job: Pick<ReplayJob, 'tenantScope'>,
): boolean {
  if (job.tenantScope === null) return principal.tenants === '*';
  return job.tenantScope.every((tenant) => principal.canSee(tenant));
}
