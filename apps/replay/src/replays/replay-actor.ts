import { type ReplayJob } from '@hookline/persistence';

/** Who asks: the operator's name and the tenants it may touch (`'*'`: all). */
export interface ReplayActor {
  name: string;
  tenants: readonly string[] | '*';
}

/** The tenants a query may touch, `null` for every tenant. */
export function tenantsOf(actor: ReplayActor): readonly string[] | null {
  return actor.tenants === '*' ? null : actor.tenants;
}

/** A job is visible to whoever may touch every tenant in its scope. */
export function canSeeJob(actor: ReplayActor, job: Pick<ReplayJob, 'tenantScope'>): boolean {
  if (actor.tenants === '*') return true;
  const tenants = actor.tenants;
  return job.tenantScope !== null && job.tenantScope.every((tenant) => tenants.includes(tenant));
}
