import { type HttpDestinationConfig } from '@hookline/config';
import { Webhook } from 'standardwebhooks';

/**
 * Standard Webhooks headers for one request body: `webhook-signature` holds one `v1,`
 * signature per secret (the current one first, then those being rotated out), so a
 * receiver that knows any of them verifies the request.
 */
export function signRequest(
  destination: Pick<HttpDestinationConfig, 'secret' | 'previousSecrets'>,
  webhookId: string,
  now: Date,
  body: string,
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  const secrets = [destination.secret, ...destination.previousSecrets];
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1_000)),
    'webhook-signature': secrets
      .map((secret) => new Webhook(secret).sign(webhookId, now, body))
      .join(' '),
  };
}
