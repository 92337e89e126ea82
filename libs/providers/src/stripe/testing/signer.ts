import Stripe from 'stripe';
import { type TestSigner, compactId, withField } from '../../testing/test-signer.js';

const stripeClient = new Stripe('sk_test_signing');

/** Stripe's SDK signs (`generateTestHeaderString`), as Stripe itself would. */
export const stripeSigner: TestSigner = {
  defaultSample: 'invoice-paid',
  freshIds: (body, id) => withField(body, 'id', `evt_${compactId(id)}`),
  sign: ({ secret, body }) => ({
    'stripe-signature': stripeClient.webhooks.generateTestHeaderString({ payload: body, secret }),
  }),
};
