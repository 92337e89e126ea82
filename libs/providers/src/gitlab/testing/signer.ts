import { type TestSigner } from '../../testing/test-signer.js';

/** GitLab signs nothing: it sends the webhook's secret token back. */
export const gitlabSigner: TestSigner = {
  defaultSample: 'merge-request-open',
  sign: ({ secret, id, sampleHeader }) => ({
    'x-gitlab-token': secret,
    'x-gitlab-event': sampleHeader('x-gitlab-event', 'Push Hook'),
    'x-gitlab-event-uuid': id,
  }),
};
