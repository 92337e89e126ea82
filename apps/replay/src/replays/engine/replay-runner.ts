import { Inject, Injectable } from '@nestjs/common';
import { Headers } from '@hookline/contracts';
import { KafkaConnection } from '@hookline/kafka';
import { inSpan, SpanKind } from '@hookline/observability';
import {
  REPLAY_JOBS,
  type ReplayItemResult,
  type ReplayJob,
  type ReplayJobRepository,
  ReplaySources,
} from '@hookline/persistence';
import { TokenBucket } from 'limiter';
import { type OutgoingReplay, ReplayBatchPreparer } from './replay-batch.js';
import { ReplayMetrics } from './replay-metrics.js';
import { replayHeadersOf } from './replay-record.js';

/** Items per checkpoint: about a second of sending, never more than this. */
const MAX_BATCH = 500;
const MIN_BATCH = 10;

export interface RunControl {
  /** Set when the job must stop at its next batch (cancelled, lease lost, shutting down). */
  stopped: boolean;
}

/**
 * Runs one claimed job batch by batch: each batch's records are read, checked against
 * the ledger, sent to their stage's replay lane at the job's rate (a token bucket), and
 * only then are their outcomes and the job's counts written, fenced by the lease. A
 * crash loses at most the batch under way, which is sent again on resume: the ledger
 * turns a re-sent delivery into a no-op (and a forced one forces once per record).
 */
@Injectable()
export class ReplayRunner {
  constructor(
    @Inject(REPLAY_JOBS) private readonly jobs: ReplayJobRepository,
    private readonly preparer: ReplayBatchPreparer,
    private readonly sources: ReplaySources,
    private readonly kafka: KafkaConnection,
    private readonly metrics: ReplayMetrics,
  ) {}

  async run(job: ReplayJob, owner: string, control: RunControl): Promise<'completed' | 'stopped'> {
    // A burst of a tenth of a second at most: the rate holds over any second.
    const bucket = new TokenBucket({
      bucketSize: Math.max(1, Math.ceil(job.rate / 10)),
      tokensPerInterval: job.rate,
      interval: 'second',
    });
    const batchSize = Math.min(MAX_BATCH, Math.max(MIN_BATCH, job.rate));
    let handled = job.sent + job.skipped + job.alreadyDelivered + job.failed;
    for (;;) {
      if (control.stopped) return 'stopped';
      const items = await this.jobs.pendingItems(job.id, batchSize);
      if (items.length === 0) {
        await this.jobs.finish(job.id, owner, 'completed');
        return 'completed';
      }
      const { decided, outgoing } = await this.preparer.prepare(job, items);
      const sent = await this.send(job, outgoing, bucket, control);
      const results = [...decided, ...sent];
      if (!(await this.jobs.recordOutcomes(job.id, owner, results))) return 'stopped';
      if (job.kind === 'dead-letters')
        await this.sources.markDeadLettersReplayed(
          outgoing
            .filter((_, index) => sent[index]?.outcome === 'sent')
            .map((candidate) => candidate.item.ref ?? ''),
        );
      for (const result of results)
        this.metrics.records.inc({ kind: job.kind, outcome: result.outcome });
      handled += results.length;
      this.metrics.progress.set(
        { job: job.id, kind: job.kind },
        job.total ? handled / job.total : 1,
      );
    }
  }

  /** Sends at the job's rate; resolves once the broker acknowledged or refused each. */
  private async send(
    job: ReplayJob,
    outgoing: readonly OutgoingReplay[],
    bucket: TokenBucket,
    control: RunControl,
  ): Promise<ReplayItemResult[]> {
    const sends: Promise<ReplayItemResult>[] = [];
    for (const record of outgoing) {
      if (control.stopped) break;
      await bucket.removeTokens(1);
      sends.push(this.sendOne(job, record));
    }
    return Promise.all(sends);
  }

  private sendOne(job: ReplayJob, record: OutgoingReplay): Promise<ReplayItemResult> {
    const original = record.headers;
    const link = original[Headers.traceparent]
      ? [{ traceparent: original[Headers.traceparent], tracestate: original[Headers.tracestate] }]
      : [];
    return inSpan(
      `replay ${record.lane}`,
      {
        kind: SpanKind.PRODUCER,
        links: link,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'send',
          'messaging.destination.name': record.lane,
          'hookline.replay.job': job.id,
        },
      },
      async (_span, trace) => {
        const headers = replayHeadersOf(original, job, record.item);
        // The replay's own trace, linked to the original; without an SDK the original's.
        if (trace.traceparent) {
          headers[Headers.traceparent] = trace.traceparent;
          if (trace.tracestate) headers[Headers.tracestate] = trace.tracestate;
          else delete headers[Headers.tracestate];
        }
        await this.kafka.producer.sendRaw({
          topic: record.lane,
          key: record.key,
          value: record.value,
          headers,
        });
        return { seq: record.item.seq, outcome: 'sent' as const };
      },
    ).catch((error: unknown) => ({
      seq: record.item.seq,
      outcome: 'failed' as const,
      detail: `not sent: ${error instanceof Error ? error.message : String(error)}`,
    }));
  }
}
