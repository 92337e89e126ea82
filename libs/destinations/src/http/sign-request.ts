import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { type HttpDestinationConfig } from '@hookline/config';
import { Webhook } from 'standardwebhooks';

/** Decoded signing keys by secret: the configuration's secrets, decoded once each. */
const keys = new Map<string, KeyObject>();
const MAX_REMEMBERED = 1_000;

/**
 * The HMAC key of a `whsec_…` secret. The Standard Webhooks library checks the secret
 * (base64, not empty) as it always did; the key is then Node's own decoding of the same
 * base64, and the signature Node's native HMAC rather than the library's JavaScript one.
 */
function keyOf(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    new Webhook(secret); // throws for a secret Standard Webhooks refuses
    // A KeyObject: Node's HMAC given a Buffer converts it on every call (several times slower).
    key = createSecretKey(
      Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64'),
    );
    if (keys.size < MAX_REMEMBERED) keys.set(secret, key);
  }
  return key;
}

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
  const timestamp = String(Math.floor(now.getTime() / 1_000));
  const signed = `${webhookId}.${timestamp}.${body}`;
  const sign = (secret: string) =>
    `v1,${createHmac('sha256', keyOf(secret)).update(signed).digest('base64')}`;
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': timestamp,
    'webhook-signature': [destination.secret, ...destination.previousSecrets].map(sign).join(' '),
  };
}
