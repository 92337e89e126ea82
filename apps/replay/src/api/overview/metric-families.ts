import parsePrometheusTextFormat from 'parse-prometheus-text-format';

/** One sample of a Prometheus text exposition: its labels and value. */
export interface MetricSample {
  labels: Record<string, string>;
  value: number;
}

/** Metric name → samples (counters and gauges; histograms are not read here). */
export type MetricFamilies = Map<string, MetricSample[]>;

interface ParsedFamily {
  name: string;
  type: string;
  metrics: { labels?: Record<string, string>; value?: string }[];
}

/** Parses one service's `/metrics` text into the families the overview reads. */
export function parseMetricFamilies(text: string): MetricFamilies {
  const families: MetricFamilies = new Map();
  for (const family of parsePrometheusTextFormat(text) as ParsedFamily[]) {
    if (family.type !== 'COUNTER' && family.type !== 'GAUGE') continue;
    families.set(
      family.name,
      family.metrics
        .map((metric) => ({ labels: metric.labels ?? {}, value: Number(metric.value) }))
        .filter((sample) => Number.isFinite(sample.value)),
    );
  }
  return families;
}
