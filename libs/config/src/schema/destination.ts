import { DEFAULT_RETRY_TIERS } from '@hookline/contracts';
import { z } from 'zod';
import { ConfigId, Duration, notImplemented } from './primitives.js';
import { StandardWebhooksSecretRef } from './secret-ref.js';

export const DESTINATION_KINDS = ['http'] as const;
export const DEFAULT_DESTINATION_TIMEOUT = '10s';

/** Where routed events are delivered: `POST url`, signed per Standard Webhooks. */
export const Destination = z.strictObject({
  id: ConfigId,
  kind: z.enum(DESTINATION_KINDS),
  url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }),
  /** A `whsec_` Standard Webhooks secret. */
  secret: StandardWebhooksSecretRef,
  timeout: Duration.default(DEFAULT_DESTINATION_TIMEOUT),
  retryTiers: z
    .array(Duration)
    .min(1, 'expected at least one retry tier')
    .default(() => [...DEFAULT_RETRY_TIERS]),
  rateLimit: notImplemented(
    'destination rate limits are planned; until then deliveries are bounded by the retry tiers only',
  ),
});
