import { describe, expect, it } from '@jest/globals';
import { PrometheusConsumerMetrics } from './consumer-metrics.prometheus.js';
import { PrometheusProducerMetrics } from './producer-metrics.prometheus.js';
import { ServiceMetrics } from './service-metrics.js';

describe('ServiceMetrics', () => {
  it('renders consumer series with the service label', async () => {
    const metrics = new ServiceMetrics('router');
    const consumer = new PrometheusConsumerMetrics(metrics);
    consumer.handled('hookline.events.v1', 'g', 12);
    consumer.retried('hookline.events.v1', 'g', '1m');
    consumer.deadLettered('hookline.events.v1', 'g', 'SchemaViolation');
    consumer.lag('hookline.events.v1', 2, 'g', 40);
    consumer.oldestUncommitted('hookline.events.v1', 2, 'g', 1_500);
    const text = await metrics.render();
    expect(text).toContain(
      'hookline_consumer_records_handled_total{topic="hookline.events.v1",group="g",service="router"} 1',
    );
    expect(text).toContain(
      'hookline_consumer_records_retried_total{topic="hookline.events.v1",group="g",tier="1m",service="router"} 1',
    );
    expect(text).toContain('error_class="SchemaViolation"');
    expect(text).toContain(
      'hookline_consumer_lag_records{topic="hookline.events.v1",partition="2",group="g",service="router"} 40',
    );
    expect(text).toContain(
      'hookline_consumer_oldest_uncommitted_seconds{topic="hookline.events.v1",partition="2",group="g",service="router"} 1.5',
    );
    expect(text).toContain('hookline_process_');
  });

  it('keeps registries of two services apart', async () => {
    const a = new ServiceMetrics('ingest');
    const b = new ServiceMetrics('executor');
    a.counter('hookline_test_total', 'test', []).inc();
    expect(await b.render()).not.toContain('hookline_test_total');
  });

  it("renders the producer's batches, records, bytes, send time and failures by error class", async () => {
    const metrics = new ServiceMetrics('ingest');
    const producer = new PrometheusProducerMetrics(metrics);
    producer.batchSent(3, 1_200, 8);
    producer.batchSent(2, 800, 12);
    producer.sendFailed(
      4,
      Object.assign(new Error('retries exceeded'), { name: 'KafkaJSNumberOfRetriesExceeded' }),
    );
    producer.sendFailed(1, 'not an error');
    const text = await metrics.render();
    expect(text).toContain('hookline_producer_batches_total{service="ingest"} 2');
    expect(text).toContain('hookline_producer_records_total{service="ingest"} 5');
    expect(text).toContain('hookline_producer_bytes_total{service="ingest"} 2000');
    expect(text).toContain('hookline_producer_send_seconds_count{service="ingest"} 2');
    expect(text).toContain('hookline_producer_send_seconds_sum{service="ingest"} 0.02');
    expect(text).toContain(
      'hookline_producer_send_failures_total{error_class="KafkaJSNumberOfRetriesExceeded",service="ingest"} 1',
    );
    expect(text).toContain(
      'hookline_producer_send_failures_total{error_class="unknown",service="ingest"} 1',
    );
    expect(text).toContain('hookline_producer_failed_records_total{service="ingest"} 5');
  });
});
