import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { findSource, type HooklineConfig, type SourceHydration } from '@hookline/config';
import { type RawWebhookEnvelope } from '@hookline/contracts';
import { getProvider, isProviderName, type Hydrator } from '@hookline/providers';
import { HooklineConfigService } from '@hookline/runtime';
import { HydrationMetrics } from './hydration-metrics.js';
import { ProviderApiClient } from './provider-api-client.js';

/**
 * Before a raw webhook is normalised: for a source with `hydrate` on, the objects its
 * thin payload names are read from the provider's API (the provider folder's hydrator
 * says which and how they merge) and the body becomes the full one. Every other
 * webhook passes through untouched. One API client per source, rebuilt when the
 * source's `hydrate` block changes on reload.
 */
@Injectable()
export class WebhookHydration implements OnApplicationShutdown {
  private readonly clients = new Map<string, { signature: string; client: ProviderApiClient }>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly config: HooklineConfigService,
    private readonly metrics: HydrationMetrics,
  ) {
    this.unsubscribe = config.onChange((next) => this.closeStale(next));
  }

  /** The body to normalise: hydrated when the source asks and the payload is thin, else `body`. */
  async hydrate(envelope: RawWebhookEnvelope, body: Buffer): Promise<Buffer> {
    const hydrator = isProviderName(envelope.provider)
      ? getProvider(envelope.provider).hydrator
      : undefined;
    const source = findSource(this.config.current, envelope.sourceId)?.source;
    if (!hydrator || !source?.hydrate?.enabled || source.provider !== envelope.provider) {
      return body;
    }
    const parsed = parseJson(body);
    const fetches = parsed === undefined ? [] : hydrator.fetchesFor(parsed);
    if (fetches.length === 0) return body;
    const client = this.clientFor(envelope, hydrator, source.hydrate);
    const objects = await Promise.all(fetches.map((fetch) => client.read(fetch)));
    const fetched = new Map(fetches.map((fetch, index) => [fetch.path, objects[index]]));
    return Buffer.from(JSON.stringify(hydrator.merge(parsed, fetched)));
  }

  onApplicationShutdown(): Promise<void> {
    this.unsubscribe();
    const clients = [...this.clients.values()];
    this.clients.clear();
    return Promise.all(clients.map(({ client }) => client.close())).then(() => undefined);
  }

  private clientFor(
    envelope: RawWebhookEnvelope,
    hydrator: Hydrator,
    hydrate: SourceHydration,
  ): ProviderApiClient {
    const signature = JSON.stringify(hydrate);
    const existing = this.clients.get(envelope.sourceId);
    if (existing?.signature === signature) return existing.client;
    void existing?.client.close();
    const client = new ProviderApiClient(
      {
        provider: envelope.provider,
        sourceId: envelope.sourceId,
        defaultApiBaseUrl: hydrator.apiBaseUrl,
        hydrate,
      },
      this.metrics,
    );
    this.clients.set(envelope.sourceId, { signature, client });
    return client;
  }

  /** Closes the clients of sources whose `hydrate` block is gone or changed. */
  private closeStale(next: HooklineConfig): void {
    for (const [sourceId, { signature, client }] of this.clients) {
      const hydrate = findSource(next, sourceId)?.source.hydrate;
      if (hydrate && JSON.stringify(hydrate) === signature) continue;
      this.clients.delete(sourceId);
      void client.close();
    }
  }
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
