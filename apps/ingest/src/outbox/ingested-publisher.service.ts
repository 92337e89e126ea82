import { setTimeout as sleep } from 'node:timers/promises';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { IngestedContract, type RawWebhookEnvelope } from '@hookline/contracts';
import { KafkaConnection } from '@hookline/kafka';
import { RawWebhookStore, type RawWebhook } from '@hookline/persistence';
import { DependencySupervisor, SERVICE_CONFIG, type ServiceConfig } from '@hookline/runtime';
import { IngestMetrics } from '../webhooks/ingest-metrics.js';

const RELAY_BATCH = 500;

/**
 * Publishes committed webhooks to `hookline.ingested.v1`, outbox style: right after the
 * commit (inline, not awaited by the request), and again from the relay for whatever is
 * still unpublished a while later (a crash, a Kafka outage). A record can be published
 * twice (at-least-once); it is never lost once committed. Consumers dedup by rawEventId.
 */
@Injectable()
export class IngestedPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IngestedPublisher.name);
  private relayTimer: NodeJS.Timeout | undefined;
  private relaying: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly kafka: KafkaConnection,
    private readonly store: RawWebhookStore,
    private readonly supervisor: DependencySupervisor,
    private readonly metrics: IngestMetrics,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  /** Publishes after the acknowledgement; failures are left to the relay. */
  publishSoon(webhook: RawWebhook): void {
    void (async () => {
      if (this.config.ingest.publishDelayMs > 0) await sleep(this.config.ingest.publishDelayMs);
      await this.publish(webhook);
      await this.store.markPublished(webhook.id);
      this.metrics.publishedVia('inline');
    })().catch((error: unknown) =>
      this.logger.warn(
        `publish of ${webhook.id} deferred to the relay: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  }

  onApplicationBootstrap(): void {
    void this.supervisor.whenConnected().then(() => {
      if (this.stopped) return;
      void this.relayOnce();
      this.relayTimer = setInterval(
        () => void this.relayOnce(),
        this.config.ingest.relayIntervalMs,
      );
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.relayTimer);
    await this.relaying;
  }

  /** Republishes what was committed at least one relay interval ago and is still unpublished. */
  async relayOnce(): Promise<number> {
    if (this.relaying || this.stopped) return 0;
    let sent = 0;
    this.relaying = (async () => {
      try {
        sent = await this.store.relayUnpublished(
          this.config.ingest.relayIntervalMs,
          RELAY_BATCH,
          async (webhooks) => {
            const results = await Promise.allSettled(
              webhooks.map((webhook) => this.publish(webhook)),
            );
            return webhooks
              .filter((_, index) => results[index]?.status === 'fulfilled')
              .map((webhook) => webhook.id);
          },
        );
        if (sent > 0) {
          this.metrics.publishedVia('relay', sent);
          this.logger.log(
            `relay published ${sent} webhook(s) that were committed but not yet published`,
          );
        }
      } catch (error) {
        this.logger.warn(
          `relay pass failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    })();
    await this.relaying;
    this.relaying = undefined;
    return sent;
  }

  private async publish(webhook: RawWebhook): Promise<void> {
    await this.kafka.producer.publish(IngestedContract, this.envelope(webhook), {
      correlationId: webhook.correlationId,
      tenantId: webhook.tenantId,
      ...(webhook.traceparent ? { traceparent: webhook.traceparent } : {}),
    });
  }

  private envelope(webhook: RawWebhook): RawWebhookEnvelope {
    const large = webhook.body.length > this.config.ingest.claimCheckBytes;
    return {
      rawEventId: webhook.id,
      tenantId: webhook.tenantId,
      sourceId: webhook.sourceId,
      provider: webhook.provider,
      receivedAt: webhook.receivedAt.toISOString(),
      dedupKey: webhook.dedupKey,
      headers: webhook.headers,
      contentType: webhook.contentType,
      body: large
        ? {
            claimCheck: {
              store: 'postgres',
              rawEventId: webhook.id,
              sizeBytes: webhook.body.length,
              sha256: webhook.bodySha256,
            },
          }
        : { base64: webhook.body.toString('base64') },
    };
  }
}
