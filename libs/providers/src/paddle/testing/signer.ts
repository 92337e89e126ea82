import { type TestSigner, compactId, hmacSha256, withField } from '../../testing/test-signer.js';

/** Paddle's recipe: `ts={seconds};h1=` hex HMAC-SHA256 of `{ts}:{body}`. */
export const paddleSigner: TestSigner = {
  defaultSample: 'transaction-completed',
  freshIds: (body, id) => withField(body, 'event_id', `evt_${compactId(id)}`),
  sign: ({ secret, body, now }) => {
    const timestamp = Math.floor(now.getTime() / 1_000);
    return {
      'paddle-signature': `ts=${timestamp};h1=${hmacSha256(secret, `${timestamp}:${body}`, 'hex')}`,
    };
  },
};
