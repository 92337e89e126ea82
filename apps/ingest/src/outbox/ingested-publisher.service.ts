import { setTimeout as sleep } from 'node:timers/promises';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { IngestedContract } from '@hookline/contracts';
import { KafkaConnection } from '@hookline/kafka';
import { ingestedEnvelopeOf, RawWebhookStore, type RawWebhook } from '@hookline/persistence';
import { ingestedKeyOf } from '@hookline/providers';
import { DependencySupervisor, SERVICE_CONFIG, type ServiceConfig } from '@hookline/runtime';
import { IngestMetrics } from '../webhooks/ingest-metrics.js';

const RELAY_BATCH = 500;
/**
 * Most inline publishes in flight. Beyond it (Kafka slower than intake) a committed
 * webhook is left to the relay: memory stays bounded and nothing is lost.
 */
const MAX_INLINE_IN_FLIGHT = 5_000;
/** Longest a stopping service waits for inline publishes before leaving them to the relay. */
const DRAIN_TIMEOUT_MS = 10_000;
/** Deferred publishes are logged as one summary line per interval, not one line each. */
const DEFERRED_LOG_INTERVAL_MS = 5_000;

/**
 * Publishes committed webhooks to `hookline.ingested.v1`, outbox style: right after the
 * commit (inline, not awaited by the request), and again from the relay for whatever is
 * still unpublished a while later (a crash, a Kafka outage). A record can be published
 * twice (at-least-once); it is never lost once committed. Consumers dedup by rawEventId.
 */
@Injectable()
export class IngestedPublisher
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger(IngestedPublisher.name);
  private relayTimer: NodeJS.Timeout | undefined;
  private relaying: Promise<void> | undefined;
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();
  private deferredSinceLog = 0;
  private lastDeferredError = '';
  private deferredLogTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly kafka: KafkaConnection,
    private readonly store: RawWebhookStore,
    private readonly supervisor: DependencySupervisor,
    private readonly metrics: IngestMetrics,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  /** Publishes after the acknowledgement; failures are left to the relay. */
  publishSoon(webhook: RawWebhook): void {
    if (this.inFlight.size >= MAX_INLINE_IN_FLIGHT) {
      this.metrics.publishDeferred('backlog_full');
      this.noteDeferred(`more than ${MAX_INLINE_IN_FLIGHT} publishes in flight`);
      return;
    }
    const publishing = (async () => {
      if (this.config.ingest.publishDelayMs > 0) await sleep(this.config.ingest.publishDelayMs);
      await this.publish(webhook);
      await this.store.markPublished(webhook.id);
      this.metrics.publishedVia('inline');
    })()
      .catch((error: unknown) => {
        this.metrics.publishDeferred('publish_failed');
        this.noteDeferred(error instanceof Error ? error.message : String(error));
      })
      .finally(() => this.inFlight.delete(publishing));
    this.inFlight.add(publishing);
  }

  /** How many inline publishes are under way (for tests and the drain at shutdown). */
  get publishesInFlight(): number {
    return this.inFlight.size;
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

  /**
   * Before Kafka and PostgreSQL close: lets the inline publishes under way finish (up to
   * DRAIN_TIMEOUT_MS), so a clean stop leaves nothing for the next relay pass.
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.inFlight.size === 0) return;
    const pending = this.inFlight.size;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((resolve) => (timer = setTimeout(resolve, DRAIN_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    this.logger.log(
      `drained ${pending - this.inFlight.size} of ${pending} publish(es) under way at shutdown`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.relayTimer);
    await this.relaying;
    if (this.deferredLogTimer) {
      clearTimeout(this.deferredLogTimer);
      this.logDeferred();
    }
  }

  private noteDeferred(reason: string): void {
    this.deferredSinceLog += 1;
    this.lastDeferredError = reason;
    this.deferredLogTimer ??= setTimeout(() => this.logDeferred(), DEFERRED_LOG_INTERVAL_MS);
  }

  private logDeferred(): void {
    this.deferredLogTimer = undefined;
    if (this.deferredSinceLog === 0) return;
    this.logger.warn(
      `${this.deferredSinceLog} committed webhook(s) left to the relay (last reason: ${this.lastDeferredError})`,
    );
    this.deferredSinceLog = 0;
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
    await this.kafka.producer.publish(
      IngestedContract,
      ingestedEnvelopeOf(webhook, this.config.ingest.claimCheckBytes),
      {
        correlationId: webhook.correlationId,
        tenantId: webhook.tenantId,
        ...(webhook.traceparent ? { traceparent: webhook.traceparent } : {}),
      },
      // Keyed by the entity, not the source: one busy source is normalised in parallel.
      { key: ingestedKeyOf(webhook) },
    );
  }
}
