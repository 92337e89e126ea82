import { Injectable } from '@nestjs/common';
import { IngestedContract, type RawWebhookEnvelope } from '@hookline/contracts';
import { HandleTopic, type RecordContext } from '@hookline/kafka';
import { WebhookNormalizer } from './webhook-normalizer.service.js';

/** `hookline.ingested.v1` → `hookline.events.v1`. */
@Injectable()
export class IngestedHandler {
  constructor(private readonly normalizer: WebhookNormalizer) {}

  @HandleTopic(IngestedContract)
  async normalize(envelope: RawWebhookEnvelope, context: RecordContext): Promise<void> {
    await this.normalizer.normalize(envelope, context);
  }
}
