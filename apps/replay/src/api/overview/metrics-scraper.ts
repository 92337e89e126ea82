import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG, type ServiceConfig } from '@hookline/runtime';
import { parseMetricFamilies } from './metric-families.js';
import { type ScrapedServices } from './overview-readings.js';

const SCRAPE_TIMEOUT_MS = 2_000;

type Scrape = ScrapedServices[number] | { service: string; failure: string };

/** Reads every configured service's `/metrics` at once; one that does not answer is named, not fatal. */
@Injectable()
export class MetricsScraper {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  async scrape(): Promise<{ scraped: ScrapedServices; errors: string[] }> {
    const results = await Promise.all(
      this.config.console.metricsTargets.map(async ({ service, url }): Promise<Scrape> => {
        try {
          const response = await fetch(url, { signal: AbortSignal.timeout(SCRAPE_TIMEOUT_MS) });
          if (!response.ok) throw new Error(`answered ${response.status}`);
          return { service, families: parseMetricFamilies(await response.text()) };
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          return { service, failure: `${service} metrics (${url}): ${reason}` };
        }
      }),
    );
    return {
      scraped: results.flatMap((result) => ('families' in result ? [result] : [])),
      errors: results.flatMap((result) => ('failure' in result ? [result.failure] : [])),
    };
  }
}
