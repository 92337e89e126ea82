import { Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@hookline/observability';

/** Why a request ended as it did; one label value each. */
export type IntakeOutcome =
  | 'accepted'
  | 'duplicate'
  | 'handshake'
  | 'unknown_source'
  | 'rate_limited'
  | 'unsupported_media_type'
  | 'too_large'
  | 'missing_signature'
  | 'bad_signature'
  | 'malformed_signature'
  | 'stale_timestamp'
  | 'malformed_body'
  | 'source_misconfigured'
  | 'store_unavailable';

const ACK_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

@Injectable()
export class IngestMetrics {
  private readonly requests;
  private readonly ackSeconds;
  private readonly published;
  private readonly retriesSeen;
  private readonly deferred;

  constructor(metrics: ServiceMetrics) {
    this.requests = metrics.counter(
      'hookline_ingest_requests_total',
      'Webhook requests by source, outcome and the HTTP status answered',
      ['source', 'outcome', 'code'],
    );
    this.ackSeconds = metrics.histogram(
      'hookline_ingest_ack_seconds',
      'Time to answer an accepted webhook',
      ['source'],
      ACK_BUCKETS_SECONDS,
    );
    this.published = metrics.counter(
      'hookline_ingest_published_total',
      'Raw webhooks published to Kafka, by path',
      ['path'],
    );
    this.deferred = metrics.counter(
      'hookline_ingest_publish_deferred_total',
      'Committed webhooks left to the relay instead of published at once, by reason',
      ['reason'],
    );
    this.retriesSeen = metrics.counter(
      'hookline_ingest_provider_retries_total',
      'Requests the provider marked as a redelivery',
      ['source'],
    );
  }

  /**
   * Unknown sources are counted under one label: anyone can post to any id, and a label
   * per id would let them grow the metrics without bound.
   */
  request(sourceId: string | undefined, outcome: IntakeOutcome, code: number): void {
    this.requests.inc({
      source: outcome === 'unknown_source' ? '(unknown)' : (sourceId ?? '(none)'),
      outcome,
      // Each outcome answers one status (a handshake its provider's): no new combinations.
      code: String(code),
    });
  }

  acknowledged(sourceId: string, seconds: number): void {
    this.ackSeconds.observe({ source: sourceId }, seconds);
  }

  publishedVia(path: 'inline' | 'relay', count = 1): void {
    this.published.inc({ path }, count);
  }

  publishDeferred(reason: 'publish_failed' | 'backlog_full'): void {
    this.deferred.inc({ reason });
  }

  providerRetry(sourceId: string): void {
    this.retriesSeen.inc({ source: sourceId });
  }
}
