import { Injectable } from '@nestjs/common';
import { HooklineConfigService } from '@hookline/runtime';
import { destinationConfigViews } from '../catalog/catalog-views.js';
import { MetricsScraper } from './metrics-scraper.js';
import {
  handledByStage,
  lagByTopic,
  openBreakers,
  type Reading,
  retriedByTier,
} from './overview-readings.js';
import {
  type DeadLetterDepth,
  type DestinationDelivery,
  OverviewRepository,
} from './overview.repository.js';

/** The pipeline now: counters since each service started, gauges as read, and PostgreSQL's view. */
export interface Overview {
  at: string;
  handledByStage: Reading[];
  lagByTopic: Reading[];
  retriedByTier: Reading[];
  deadLetters: DeadLetterDepth;
  deliveries: DestinationDelivery[];
  openBreakers: string[];
  disabledDestinations: string[];
  /** Services whose metrics could not be read this time (the rest is still shown). */
  scrapeErrors: string[];
}

export interface GetOverviewCommand {
  /** The tenants the caller may see; null: all. */
  tenants: readonly string[] | null;
}

@Injectable()
export class GetOverview {
  constructor(
    private readonly scraper: MetricsScraper,
    private readonly repository: OverviewRepository,
    private readonly config: HooklineConfigService,
  ) {}

  async execute(command: GetOverviewCommand): Promise<Overview> {
    // Destination ids of the caller's tenants: another tenant's are not named.
    const visible = new Set(
      destinationConfigViews(this.config.current, command.tenants).map((view) => view.id),
    );
    const [{ scraped, errors }, deadLetters, deliveries, disabled] = await Promise.all([
      this.scraper.scrape(),
      this.repository.deadLetters(command.tenants),
      this.repository.deliveries(command.tenants),
      this.repository.disabledDestinations(),
    ]);
    return {
      at: new Date().toISOString(),
      handledByStage: handledByStage(scraped),
      lagByTopic: lagByTopic(scraped),
      retriedByTier: retriedByTier(scraped),
      deadLetters,
      deliveries,
      openBreakers: openBreakers(scraped).filter((id) => visible.has(id)),
      disabledDestinations: disabled.filter((id) => visible.has(id)),
      scrapeErrors: errors,
    };
  }
}
