import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { REPLAY_JOBS, type ReplayJobRepository } from '@hookline/persistence';
import { SERVICE_CONFIG, type ServiceConfig } from '@hookline/runtime';
import { type ReplayActor, tenantsOf } from '../../replay-actor.js';
import { ReplayForbidden } from '../../replay-errors.js';
import { InvalidReplayRequest, type ReplayRequest } from '../../replay-request.js';
import { ReplaySelection } from '../../selection/replay-selection.service.js';
import { ReplayJobViews, type ReplayJobView } from '../replay-job.view.js';
import { type CreateReplayCommand } from './create-replay.command.js';

/**
 * Resolves the request into the records to replay (fixed from now on), stores the job
 * with them and answers it: a dry run with its preview (nothing sent), or a pending job
 * that a replay worker picks up.
 */
@Injectable()
export class CreateReplay {
  constructor(
    private readonly selection: ReplaySelection,
    @Inject(REPLAY_JOBS) private readonly jobs: ReplayJobRepository,
    private readonly views: ReplayJobViews,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async execute({ actor, request }: CreateReplayCommand): Promise<ReplayJobView> {
    const rate = request.rate ?? this.config.replay.defaultRate;
    if (rate > this.config.replay.maxRate)
      throw new InvalidReplayRequest(
        `rate: at most ${this.config.replay.maxRate} records per second`,
      );
    const tenantScope = scopeOf(actor, request);
    const items = await this.selection.itemsFor(request, tenantScope);
    const job = await this.jobs.create(
      {
        id: `rpl_${randomUUID().replaceAll('-', '')}`,
        kind: request.kind,
        state: request.dryRun ? 'dry-run' : 'pending',
        request: { ...request },
        tenantScope: tenantScope ? [...tenantScope] : null,
        createdBy: actor.name,
        rate,
        force: 'force' in request ? (request.force ?? false) : false,
      },
      items,
    );
    return this.views.of(job);
  }
}

/** The tenants the job may touch: the one its filter names, else the caller's. */
function scopeOf(actor: ReplayActor, request: ReplayRequest): readonly string[] | null {
  const tenants = tenantsOf(actor);
  const named = request.kind === 'dead-letters' ? request.filter.tenant : undefined;
  if (named === undefined) return tenants;
  if (tenants !== null && !tenants.includes(named))
    throw new ReplayForbidden(`tenant ${named} is outside this token's tenants`);
  return [named];
}
