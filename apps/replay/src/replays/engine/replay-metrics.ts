import { Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@hookline/observability';

/** The replay's own series. */
@Injectable()
export class ReplayMetrics {
  readonly records;
  readonly jobs;
  readonly progress;

  constructor(metrics: ServiceMetrics) {
    this.records = metrics.counter(
      'hookline_replay_records_total',
      'Records replay jobs handled, by job kind and outcome (sent, skipped, already-delivered, failed)',
      ['kind', 'outcome'],
    );
    this.jobs = metrics.gauge(
      'hookline_replay_jobs',
      'Replay jobs by state (dry-run, pending, running, completed, cancelled, failed), as stored',
      ['state'],
    );
    this.progress = metrics.gauge(
      'hookline_replay_job_progress_ratio',
      'Share of a running job’s records handled so far (0 to 1), for the jobs this instance runs',
      ['job', 'kind'],
    );
  }
}
