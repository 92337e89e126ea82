import { describe, expect, it } from '@jest/globals';
import { parseMetricFamilies } from './metric-families.js';
import { handledByStage, lagByTopic, openBreakers, retriedByTier } from './overview-readings.js';

const router =
  parseMetricFamilies(`# HELP hookline_consumer_records_handled_total Records handled successfully
# TYPE hookline_consumer_records_handled_total counter
hookline_consumer_records_handled_total{topic="hookline.events.v1",group="hookline-router"} 12
hookline_consumer_records_handled_total{topic="hookline.events.v1.retry.1",group="hookline-router"} 3
# HELP hookline_consumer_lag_records Lag
# TYPE hookline_consumer_lag_records gauge
hookline_consumer_lag_records{topic="hookline.events.v1",partition="0",group="hookline-router"} 4
hookline_consumer_lag_records{topic="hookline.events.v1",partition="1",group="hookline-router"} 1
# HELP hookline_consumer_records_retried_total Retried
# TYPE hookline_consumer_records_retried_total counter
hookline_consumer_records_retried_total{topic="hookline.events.v1",group="hookline-router",tier="1m"} 2
`);
const executor = parseMetricFamilies(`# HELP hookline_executor_circuit_open Open
# TYPE hookline_executor_circuit_open gauge
hookline_executor_circuit_open{destination="orders"} 1
hookline_executor_circuit_open{destination="finance"} 0
# HELP hookline_consumer_records_retried_total Retried
# TYPE hookline_consumer_records_retried_total counter
hookline_consumer_records_retried_total{topic="hookline.deliveries.v1",group="hookline-executor",tier="1m"} 5
hookline_consumer_records_retried_total{topic="hookline.deliveries.v1",group="hookline-executor",tier="5m"} 1
# HELP hookline_executor_attempt_duration_seconds Durations
# TYPE hookline_executor_attempt_duration_seconds histogram
hookline_executor_attempt_duration_seconds_bucket{destination="orders",le="0.1"} 3
hookline_executor_attempt_duration_seconds_sum{destination="orders"} 0.2
hookline_executor_attempt_duration_seconds_count{destination="orders"} 3
`);
const ingest = parseMetricFamilies(`# HELP hookline_ingest_published_total Published
# TYPE hookline_ingest_published_total counter
hookline_ingest_published_total{source="acme-stripe"} 7
hookline_ingest_published_total{source="acme-github"} 2
`);
const scraped = [
  { service: 'ingest', families: ingest },
  { service: 'router', families: router },
  { service: 'executor', families: executor },
];

describe('overview readings from the services’ Prometheus text', () => {
  it('sums records handled per stage (ingest: its publications)', () => {
    expect(handledByStage(scraped)).toEqual([
      { key: 'ingest', value: 9 },
      { key: 'router', value: 15 },
    ]);
  });

  it('sums lag per topic over partitions, retries per tier over services', () => {
    expect(lagByTopic(scraped)).toEqual([{ key: 'hookline.events.v1', value: 5 }]);
    expect(retriedByTier(scraped)).toEqual([
      { key: '1m', value: 7 },
      { key: '5m', value: 1 },
    ]);
  });

  it('names the destinations whose circuit is open in any executor', () => {
    expect(openBreakers(scraped)).toEqual(['orders']);
    expect(openBreakers([{ service: 'router', families: router }])).toEqual([]);
  });
});
