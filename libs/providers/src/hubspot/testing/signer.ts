import { type TestSigner, compactId, hmacSha256 } from '../../testing/test-signer.js';

/**
 * HubSpot's v3 recipe: base64 HMAC-SHA256 of `POST` + the full URL it delivers to + body
 * + timestamp (milliseconds).
 */
export const hubspotSigner: TestSigner = {
  defaultSample: 'contact-creation',
  /** Every item of the batch gets a fresh `eventId`: the batch is deduplicated by them. */
  freshIds: (body, id) => {
    const base = Number.parseInt(compactId(id).slice(0, 12), 16);
    return (body as Record<string, unknown>[]).map((item, index) => ({
      ...item,
      eventId: base + index,
    }));
  },
  sign: ({ secret, sourceId, body, now, publicBaseUrl }) => {
    const timestamp = String(now.getTime());
    const uri = `${publicBaseUrl}/webhooks/${sourceId}`;
    return {
      'x-hubspot-signature-v3': hmacSha256(secret, `POST${uri}${body}${timestamp}`, 'base64'),
      'x-hubspot-request-timestamp': timestamp,
    };
  },
};
