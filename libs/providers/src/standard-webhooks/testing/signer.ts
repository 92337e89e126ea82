import { Webhook } from 'standardwebhooks';
import { type TestSigner } from '../../testing/test-signer.js';

/** The Standard Webhooks reference library signs. */
export const standardWebhooksSigner: TestSigner = {
  defaultPayload: () => ({ type: 'user.created', data: { id: 'u1' } }),
  sign: ({ secret, body, id, now }) => {
    const signedAt = new Date(Math.floor(now.getTime() / 1_000) * 1_000);
    return {
      'webhook-id': id,
      'webhook-timestamp': String(signedAt.getTime() / 1_000),
      'webhook-signature': new Webhook(secret).sign(id, signedAt, body),
    };
  },
};
