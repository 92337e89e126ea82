import { randomUUID } from 'node:crypto';
import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { REPLAY_JOBS, type ReplayJobRepository } from '@hookline/persistence';
import { SERVICE_CONFIG, type ServiceConfig } from '@hookline/runtime';
import { AuditLog } from '../../../api/audit/audit-log.service.js';
import { type OperatorPrincipal } from '../../../api/auth/operator-principal.js';
import { type ReplayRequest } from '../../replay-request.js';
import { ReplaySelection } from '../../selection/replay-selection.service.js';
import { ReplayJobViews, type ReplayJobView } from '../replay-job.view.js';
import { type CreateReplayCommand } from './create-replay.command.js';

/**
 * Resolves the request into the records to replay (fixed from now on), stores the job
 * with them and answers it: a dry run with its preview (nothing sent), or a pending job
 * that a replay worker picks up. Audited as `replays.create`.
 */
@Injectable()
export class CreateReplay {
  constructor(
    private readonly selection: ReplaySelection,
    @Inject(REPLAY_JOBS) private readonly jobs: ReplayJobRepository,
    private readonly views: ReplayJobViews,
    private readonly audit: AuditLog,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async execute({ principal, request }: CreateReplayCommand): Promise<ReplayJobView> {
    const rate = request.rate ?? this.config.replay.defaultRate;
    if (rate > this.config.replay.maxRate)
      throw new BadRequestException(
        `rate: at most ${this.config.replay.maxRate} records per second`,
      );
    const tenantScope = scopeOf(principal, request);
    const items = await this.selection.itemsFor(request, tenantScope);
    const job = await this.jobs.create(
      {
        id: `rpl_${randomUUID().replaceAll('-', '')}`,
        kind: request.kind,
        state: request.dryRun ? 'dry-run' : 'pending',
        request: { ...request },
        tenantScope: tenantScope ? [...tenantScope] : null,
        createdBy: principal.name,
        rate,
        force: 'force' in request ? (request.force ?? false) : false,
      },
      items,
    );
    await this.audit.record({
      principal,
      action: 'replays.create',
      target: job.id,
      outcome: 'succeeded',
      detail: { kind: job.kind, state: job.state, total: job.total, rate, force: job.force },
    });
    return this.views.of(job);
  }
}

/** The tenants the job may touch (`null`: all): the one its filter names, else the caller's. */
function scopeOf(principal: OperatorPrincipal, request: ReplayRequest): readonly string[] | null {
  const scope = principal.scope(
    request.kind === 'dead-letters' ? request.filter.tenant : undefined,
  );
  return scope === '*' ? null : scope;
}
