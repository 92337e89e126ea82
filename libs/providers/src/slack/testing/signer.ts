import { type TestSigner, compactId, hmacSha256, withField } from '../../testing/test-signer.js';

/** Slack's v0 recipe: `v0=` hex HMAC-SHA256 of `v0:{timestamp}:{body}`. */
export const slackSigner: TestSigner = {
  defaultSample: 'message',
  freshIds: (body, id) => withField(body, 'event_id', `Ev${compactId(id)}`),
  sign: ({ secret, body, now }) => {
    const timestamp = String(Math.floor(now.getTime() / 1_000));
    return {
      'x-slack-signature': `v0=${hmacSha256(secret, `v0:${timestamp}:${body}`, 'hex')}`,
      'x-slack-request-timestamp': timestamp,
    };
  },
};
