import { type ServiceMetrics } from './service-metrics.js';

const SEND_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

/** Publishes the Kafka producer's hooks (its ProducerMetrics interface) to Prometheus. */
export class PrometheusProducerMetrics {
  private readonly batches;
  private readonly records;
  private readonly bytes;
  private readonly sendSeconds;
  private readonly failedBatches;
  private readonly failedRecords;

  constructor(metrics: ServiceMetrics) {
    this.batches = metrics.counter(
      'hookline_producer_batches_total',
      'Batches the broker acknowledged',
      [],
    );
    this.records = metrics.counter(
      'hookline_producer_records_total',
      'Records in acknowledged batches',
      [],
    );
    this.bytes = metrics.counter(
      'hookline_producer_bytes_total',
      'Approximate uncompressed bytes in acknowledged batches',
      [],
    );
    this.sendSeconds = metrics.histogram(
      'hookline_producer_send_seconds',
      'Round trip of one acknowledged batch',
      [],
      SEND_BUCKETS_SECONDS,
    );
    this.failedBatches = metrics.counter(
      'hookline_producer_send_failures_total',
      'Batches that failed after their retries, by error class',
      ['error_class'],
    );
    this.failedRecords = metrics.counter(
      'hookline_producer_failed_records_total',
      'Records whose senders were told the send failed',
      [],
    );
  }

  batchSent(records: number, bytes: number, ms: number): void {
    this.batches.inc();
    this.records.inc(records);
    this.bytes.inc(bytes);
    this.sendSeconds.observe(ms / 1_000);
  }

  sendFailed(records: number, error: unknown): void {
    // The class name, never the message: a bounded label.
    this.failedBatches.inc({ error_class: error instanceof Error ? error.name : 'unknown' });
    this.failedRecords.inc(records);
  }
}
