import { type MetricFamilies } from './metric-families.js';

/** A labelled number of the overview: `{ key: 'router', value: 1200 }`. */
export interface Reading {
  key: string;
  value: number;
}

/** The families read from each service, by the name the overview shows it under. */
export type ScrapedServices = { service: string; families: MetricFamilies }[];

function sumBy(
  scraped: ScrapedServices,
  metric: string,
  keyOf: (labels: Record<string, string>, service: string) => string | undefined,
): Reading[] {
  const totals = new Map<string, number>();
  for (const { service, families } of scraped)
    for (const sample of families.get(metric) ?? []) {
      const key = keyOf(sample.labels, service);
      if (key !== undefined) totals.set(key, (totals.get(key) ?? 0) + sample.value);
    }
  return [...totals]
    .map(([key, value]) => ({ key, value }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * Records each stage has handled since it started: ingest's publications, every other
 * service's consumed records. A counter: the console turns successive readings into rates.
 */
export function handledByStage(scraped: ScrapedServices): Reading[] {
  return [
    ...sumBy(scraped, 'hookline_ingest_published_total', (_labels, service) => service),
    ...sumBy(scraped, 'hookline_consumer_records_handled_total', (_labels, service) => service),
  ].sort((a, b) => a.key.localeCompare(b.key));
}

/** Records not yet consumed, per topic, over its partitions and consumer groups. */
export function lagByTopic(scraped: ScrapedServices): Reading[] {
  return sumBy(scraped, 'hookline_consumer_lag_records', (labels) => labels['topic']);
}

/** Records sent to each retry tier since start (a counter). */
export function retriedByTier(scraped: ScrapedServices): Reading[] {
  return sumBy(scraped, 'hookline_consumer_records_retried_total', (labels) => labels['tier']);
}

/** Destinations whose circuit is open or half-open in any executor. */
export function openBreakers(scraped: ScrapedServices): string[] {
  return sumBy(scraped, 'hookline_executor_circuit_open', (labels) => labels['destination'])
    .filter((reading) => reading.value > 0)
    .map((reading) => reading.key);
}
