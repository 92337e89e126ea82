import { type RawWebhookEnvelope } from '@hookline/contracts';
import { type RawWebhook } from './raw-webhook.js';

/**
 * The `hookline.ingested.v1` envelope of a stored webhook (ingest's outbox, a replay's
 * raw re-drive): the body inline, or a claim check on the raw store when it is larger
 * than `claimCheckBytes`.
 */
export function ingestedEnvelopeOf(
  webhook: RawWebhook,
  claimCheckBytes: number,
): RawWebhookEnvelope {
  const large = webhook.body.length > claimCheckBytes;
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
