import { Injectable } from '@nestjs/common';
import { EventsContract, type RawWebhookEnvelope } from '@hookline/contracts';
import {
  KafkaConnection,
  PermanentError,
  type RecordContext,
  TransientError,
} from '@hookline/kafka';
import { RawWebhookStore } from '@hookline/persistence';
import { normalizeWebhook } from './event-normalizer.js';
import { NormalizerMetrics } from './normalizer-metrics.js';
import { PayloadDrift } from './payload-drift.js';

/**
 * One raw webhook → its canonical events on `hookline.events.v1`. The events that map are
 * published even when a neighbour in the same batch drifted; the drift then dead-letters
 * the raw webhook (a replay republishes the good events under the same ids and keys).
 */
@Injectable()
export class WebhookNormalizer {
  constructor(
    private readonly kafka: KafkaConnection,
    private readonly rawStore: RawWebhookStore,
    private readonly metrics: NormalizerMetrics,
  ) {}

  async normalize(envelope: RawWebhookEnvelope, context: RecordContext): Promise<void> {
    const { events, drifted } = normalizeWebhook(envelope, await this.bodyOf(envelope));
    const headers = {
      correlationId: context.headers.correlationId ?? envelope.rawEventId,
      tenantId: envelope.tenantId,
      ...(context.headers.traceparent ? { traceparent: context.headers.traceparent } : {}),
    };
    await Promise.all(
      events.map(({ event }) => this.kafka.producer.publish(EventsContract, event, headers)),
    );
    for (const { event, mapped } of events) {
      this.metrics.countNormalized(envelope.provider, event.type, mapped);
    }
    for (const drift of drifted) this.metrics.countDrifted(drift.provider, drift.providerType);
    if (drifted.length > 0) throw new PayloadDrift(drifted);
  }

  /** The body inline, or fetched from the raw store for a claim check. */
  private async bodyOf(envelope: RawWebhookEnvelope): Promise<Buffer> {
    if ('base64' in envelope.body) return Buffer.from(envelope.body.base64, 'base64');
    const { rawEventId } = envelope.body.claimCheck;
    const stored = await this.rawStore.find(rawEventId).catch((error: unknown) => {
      throw new TransientError(
        `raw store unavailable: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    if (!stored) throw new PermanentError(`claim check ${rawEventId} names no stored webhook`);
    return stored.body;
  }
}
