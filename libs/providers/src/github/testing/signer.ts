import { sign } from '@octokit/webhooks-methods';
import { type TestSigner } from '../../testing/test-signer.js';

/** GitHub's own `@octokit/webhooks-methods` signs; the event name comes from the sample. */
export const githubSigner: TestSigner = {
  defaultSample: 'pull-request-opened',
  sign: async ({ secret, body, id, sampleHeader }) => ({
    'x-hub-signature-256': await sign(secret, body),
    'x-github-delivery': id,
    'x-github-event': sampleHeader('x-github-event', 'pull_request'),
  }),
};
