import { Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@hookline/observability';

/** The executor's own series, beside the consumer runtime's. */
@Injectable()
export class ExecutorMetrics {
  readonly attempts;
  readonly skipped;
  readonly deferred;
  readonly circuit;
  readonly duration;
  readonly parked;
  readonly stale;

  constructor(metrics: ServiceMetrics) {
    this.attempts = metrics.counter(
      'hookline_executor_delivery_attempts_total',
      'Delivery attempts by destination and outcome (delivered, transient, permanent)',
      ['destination', 'outcome'],
    );
    this.skipped = metrics.counter(
      'hookline_executor_deliveries_skipped_total',
      'Deliveries not made because the ledger says their effect happened already',
      ['destination'],
    );
    this.deferred = metrics.counter(
      'hookline_executor_deliveries_deferred_total',
      'Deliveries sent to a retry tier without an attempt (circuit open, over a limit, claim held elsewhere)',
      ['destination', 'reason'],
    );
    this.circuit = metrics.gauge(
      'hookline_executor_circuit_open',
      "1 while a destination's circuit is open or half-open in this executor",
      ['destination'],
    );
    this.stale = metrics.counter(
      'hookline_executor_deliveries_stale_total',
      'Deliveries skipped as older than the last delivered for their subject (state-sync destinations)',
      ['destination'],
    );
    this.parked = metrics.counter(
      'hookline_executor_deliveries_parked_total',
      'Deliveries parked because their destination is disabled',
      ['destination'],
    );
    this.duration = metrics.histogram(
      'hookline_executor_attempt_duration_seconds',
      'Duration of delivery attempts by destination',
      ['destination'],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    );
  }
}
