import { Inject, Injectable } from '@nestjs/common';
import { DESTINATION_STATES, type DestinationStateRepository } from '@hookline/persistence';
import { HooklineConfigService, SERVICE_CONFIG, type ServiceConfig } from '@hookline/runtime';
import { MetricsScraper } from '../overview/metrics-scraper.js';
import { openBreakers } from '../overview/overview-readings.js';
import {
  destinationConfigViews,
  type DestinationConfigView,
  routeViews,
  type RouteView,
  sourceViews,
  type SourceView,
} from './catalog-views.js';
import { LastReceivedRepository, type ReceivedWebhook } from './last-received.repository.js';

export type Tenants = readonly string[] | null;

export interface DestinationView extends DestinationConfigView {
  state: 'healthy' | 'failing' | 'disabled';
  /** Open or half-open in any executor whose metrics were read. */
  breakerOpen: boolean;
  failingSince: string | null;
  disabledAt: string | null;
  disabledWhy: string | null;
  parked: number;
}

/** Sources, routes and destinations as the configuration in force declares them, with their state. */
@Injectable()
export class CatalogService {
  constructor(
    private readonly config: HooklineConfigService,
    @Inject(SERVICE_CONFIG) private readonly service: ServiceConfig,
    private readonly lastReceived: LastReceivedRepository,
    @Inject(DESTINATION_STATES) private readonly states: DestinationStateRepository,
    private readonly scraper: MetricsScraper,
  ) {}

  async sources(tenants: Tenants): Promise<(SourceView & { lastReceived: ReceivedWebhook[] })[]> {
    const views = sourceViews(this.config.current, tenants, this.service.ingest.publicBaseUrl);
    const received = await this.lastReceived.forSources(views);
    return views.map((view) => ({
      ...view,
      lastReceived: received.get(`${view.tenantId}/${view.id}`) ?? [],
    }));
  }

  routes(tenants: Tenants): RouteView[] {
    return routeViews(this.config.current, tenants);
  }

  async destinations(tenants: Tenants): Promise<DestinationView[]> {
    const views = destinationConfigViews(this.config.current, tenants);
    const [{ scraped }, states] = await Promise.all([
      this.scraper.scrape(),
      Promise.all(views.map((view) => this.states.state(view.id))),
    ]);
    const open = new Set(openBreakers(scraped));
    return views.map((view, index) => {
      const state = states[index]!;
      return {
        ...view,
        state: state.disabledAt ? 'disabled' : state.failingSince ? 'failing' : 'healthy',
        breakerOpen: open.has(view.id),
        failingSince: state.failingSince?.toISOString() ?? null,
        disabledAt: state.disabledAt?.toISOString() ?? null,
        disabledWhy: state.disabledWhy,
        parked: state.parked,
      };
    });
  }

  /** The destination of a visible tenant with this id, if any. */
  findDestination(tenants: Tenants, id: string): DestinationConfigView | undefined {
    return destinationConfigViews(this.config.current, tenants).find((view) => view.id === id);
  }
}
