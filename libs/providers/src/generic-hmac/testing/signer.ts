import { type TestSigner, hmacSha256 } from '../../testing/test-signer.js';

/**
 * The example configuration's scheme (`header: x-signature`, sha256, hex,
 * `prefix: 'sha256='`, body only); other settings need a signer of the test's own.
 */
export const genericHmacSigner: TestSigner = {
  defaultPayload: (id) => ({ kind: 'ping', n: id }),
  sign: ({ secret, body }) => ({ 'x-signature': `sha256=${hmacSha256(secret, body, 'hex')}` }),
};
