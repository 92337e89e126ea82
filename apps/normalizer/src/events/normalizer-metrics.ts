import { Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@hookline/observability';

/** What the normalizer made of raw webhooks, by provider and canonical (or provider) type. */
@Injectable()
export class NormalizerMetrics {
  private readonly normalized;
  private readonly drifted;
  private readonly duplicates;

  constructor(metrics: ServiceMetrics) {
    this.normalized = metrics.counter(
      'hookline_normalizer_events_total',
      'Canonical events published, by provider, type and whether a mapping covered it',
      ['provider', 'type', 'mapped'],
    );
    this.drifted = metrics.counter(
      'hookline_normalizer_drifted_total',
      'Provider events whose payload no longer fits its mapping, by provider and provider type',
      ['provider', 'type'],
    );
    this.duplicates = metrics.counter(
      'hookline_normalizer_duplicates_total',
      'Events dropped because another raw webhook already carried their idempotency key',
      ['provider'],
    );
  }

  countDuplicates(provider: string, count: number): void {
    this.duplicates.inc({ provider }, count);
  }

  countNormalized(provider: string, type: string, mapped: boolean): void {
    this.normalized.inc({ provider, type, mapped: String(mapped) });
  }

  countDrifted(provider: string, type: string): void {
    this.drifted.inc({ provider, type });
  }
}
