import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EventsContract, IngestedContract, type RawWebhookEnvelope } from '@hookline/contracts';
import {
  KafkaConnection,
  PermanentError,
  TransientError,
  type RecordContext,
} from '@hookline/kafka';
import { RawWebhookStore } from '@hookline/persistence';
import { normalizeWebhook } from './event-normalizer.js';

/** `hookline.ingested.v1` → `hookline.events.v1`. */
@Controller()
export class IngestedHandler {
  constructor(
    private readonly kafka: KafkaConnection,
    private readonly rawStore: RawWebhookStore,
  ) {}

  @EventPattern(IngestedContract)
  async normalize(
    @Payload() envelope: RawWebhookEnvelope,
    @Ctx() context: RecordContext,
  ): Promise<void> {
    const event = normalizeWebhook(envelope, await this.bodyOf(envelope));
    await this.kafka.producer.publish(EventsContract, event, {
      correlationId: context.headers.correlationId ?? envelope.rawEventId,
      tenantId: envelope.tenantId,
      ...(context.headers.traceparent ? { traceparent: context.headers.traceparent } : {}),
    });
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
