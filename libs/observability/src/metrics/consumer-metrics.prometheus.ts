import { type ServiceMetrics } from './service-metrics.js';

const LATENCY_BUCKETS_SECONDS = [
  0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];

/** Publishes the Kafka consumer runtime's hooks (its ConsumerMetrics interface) to Prometheus. */
export class PrometheusConsumerMetrics {
  private readonly handledTotal;
  private readonly failedTotal;
  private readonly retriedTotal;
  private readonly deadLetteredTotal;
  private readonly latency;
  private readonly lagGauge;
  private readonly oldestGauge;

  constructor(metrics: ServiceMetrics) {
    this.handledTotal = metrics.counter(
      'hookline_consumer_records_handled_total',
      'Records handled successfully',
      ['topic', 'group'],
    );
    this.failedTotal = metrics.counter(
      'hookline_consumer_records_failed_total',
      'Handler failures',
      ['topic', 'group', 'error_class'],
    );
    this.retriedTotal = metrics.counter(
      'hookline_consumer_records_retried_total',
      'Records sent to a retry tier',
      ['topic', 'group', 'tier'],
    );
    this.deadLetteredTotal = metrics.counter(
      'hookline_consumer_records_dead_lettered_total',
      'Records sent to the dead-letter topic',
      ['topic', 'group', 'error_class'],
    );
    this.latency = metrics.histogram(
      'hookline_consumer_handler_seconds',
      'Handler latency',
      ['topic', 'group'],
      LATENCY_BUCKETS_SECONDS,
    );
    this.lagGauge = metrics.gauge(
      'hookline_consumer_lag_records',
      'Log-end offset minus the committed offset, read from the broker',
      ['topic', 'partition', 'group'],
    );
    this.oldestGauge = metrics.gauge(
      'hookline_consumer_oldest_uncommitted_seconds',
      'How long the oldest fetched record not yet committed has waited since it was written',
      ['topic', 'partition', 'group'],
    );
  }

  handled(topic: string, group: string, latencyMs: number): void {
    this.handledTotal.inc({ topic, group });
    this.latency.observe({ topic, group }, latencyMs / 1_000);
  }
  failed(topic: string, group: string, errorClass: string): void {
    this.failedTotal.inc({ topic, group, error_class: errorClass });
  }
  retried(topic: string, group: string, tier: string): void {
    this.retriedTotal.inc({ topic, group, tier });
  }
  deadLettered(topic: string, group: string, errorClass: string): void {
    this.deadLetteredTotal.inc({ topic, group, error_class: errorClass });
  }
  lag(topic: string, partition: number, group: string, lag: number): void {
    this.lagGauge.set({ topic, partition: String(partition), group }, lag);
  }
  oldestUncommitted(topic: string, partition: number, group: string, ageMs: number): void {
    this.oldestGauge.set({ topic, partition: String(partition), group }, ageMs / 1_000);
  }
}
