import { Inject, Injectable } from '@nestjs/common';
import { REPLAY_JOBS, type ReplayJob, type ReplayJobRepository } from '@hookline/persistence';

/** How many records a dry run shows. */
const SAMPLE_SIZE = 20;

/** A job as the API answers it. */
export interface ReplayJobView {
  id: string;
  kind: ReplayJob['kind'];
  state: ReplayJob['state'];
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  total: number;
  sent: number;
  skipped: number;
  alreadyDelivered: number;
  failed: number;
  rate: number;
  force: boolean;
  request: Record<string, unknown>;
  error: string | null;
  /** A dry run's records: how many, by reason, and the first few. */
  preview?: {
    total: number;
    byReason: { key: string; count: number }[];
    sample: {
      seq: number;
      topic: string | null;
      partition: number | null;
      offset: string | null;
      deadLetterId: string | null;
      rawEventId: string | null;
      tenantId: string | null;
      reason: string;
    }[];
  };
}

@Injectable()
export class ReplayJobViews {
  constructor(@Inject(REPLAY_JOBS) private readonly jobs: ReplayJobRepository) {}

  async of(job: ReplayJob): Promise<ReplayJobView> {
    const view = viewOf(job);
    if (job.state !== 'dry-run') return view;
    const preview = await this.jobs.preview(job.id, SAMPLE_SIZE);
    return {
      ...view,
      preview: {
        total: preview.total,
        byReason: preview.byReason,
        sample: preview.sample.map((item) => ({
          seq: item.seq,
          topic: item.topic || null,
          partition: item.topic ? item.partition : null,
          offset: item.topic ? item.offset : null,
          deadLetterId: job.kind === 'dead-letters' ? item.ref : null,
          rawEventId: job.kind === 'raw-redrive' ? item.ref : null,
          tenantId: item.tenantId,
          reason: item.reason,
        })),
      },
    };
  }
}

export function viewOf(job: ReplayJob): ReplayJobView {
  return {
    id: job.id,
    kind: job.kind,
    state: job.state,
    createdBy: job.createdBy,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    total: job.total,
    sent: job.sent,
    skipped: job.skipped,
    alreadyDelivered: job.alreadyDelivered,
    failed: job.failed,
    rate: job.rate,
    force: job.force,
    request: job.request,
    error: job.error,
  };
}
