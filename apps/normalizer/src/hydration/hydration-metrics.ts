import { Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@hookline/observability';

/** Seconds; provider APIs answer in tens to hundreds of milliseconds. */
const LATENCY_BUCKETS_SECONDS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** How one request to a provider's API ended. */
export type HydrationOutcome =
  | 'ok'
  | 'server_error'
  | 'rate_limited'
  | 'network_error'
  | 'timeout'
  | 'not_found'
  | 'unauthorized'
  | 'refused'
  | 'circuit_open';

/** Requests the normalizer made to providers' APIs to hydrate thin webhooks. */
@Injectable()
export class HydrationMetrics {
  private readonly requests;
  private readonly latency;

  constructor(metrics: ServiceMetrics) {
    this.requests = metrics.counter(
      'hookline_hydration_requests_total',
      "Requests to providers' APIs for thin webhooks' objects, by provider and outcome (circuit_open: not sent)",
      ['provider', 'outcome'],
    );
    this.latency = metrics.histogram(
      'hookline_hydration_request_seconds',
      "Latency of requests to providers' APIs for thin webhooks' objects",
      ['provider'],
      LATENCY_BUCKETS_SECONDS,
    );
  }

  countRequest(provider: string, outcome: HydrationOutcome, seconds?: number): void {
    this.requests.inc({ provider, outcome });
    if (seconds !== undefined) this.latency.observe({ provider }, seconds);
  }
}
