import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { IngestedContract, type RawWebhookEnvelope } from '@hookline/contracts';
import { type RecordContext } from '@hookline/kafka';
import { WebhookNormalizer } from './webhook-normalizer.service.js';

/** `hookline.ingested.v1` → `hookline.events.v1`. */
@Controller()
export class IngestedHandler {
  constructor(private readonly normalizer: WebhookNormalizer) {}

  @EventPattern(IngestedContract)
  async normalize(
    @Payload() envelope: RawWebhookEnvelope,
    @Ctx() context: RecordContext,
  ): Promise<void> {
    await this.normalizer.normalize(envelope, context);
  }
}
