import { z } from 'zod';
import { type EventMapping, defineMapping } from '../canonical/event-mapping.js';

const id = z.string().min(1);
const amount = z.number().int();
const currency = z.string().length(3);
const customerRef = z.string().nullable().optional();

/** Stripe's event envelope around one object: `{ id, type, data: { object } }`. */
const stripeEvent = <O extends z.ZodType>(object: O) =>
  z.looseObject({ id, type: z.string(), data: z.looseObject({ object }) });

const PaymentIntent = z.looseObject({
  id,
  object: z.literal('payment_intent'),
  amount,
  currency,
  status: z.string(),
  customer: customerRef,
});
const Charge = z.looseObject({
  id,
  object: z.literal('charge'),
  amount,
  currency,
  paid: z.boolean(),
  payment_intent: z.string().nullable().optional(),
});
const Invoice = z.looseObject({
  id,
  object: z.literal('invoice'),
  customer: customerRef,
  amount_due: amount,
  amount_paid: amount,
  currency,
  status: z.string().nullable(),
});
const Customer = z.looseObject({
  id,
  object: z.literal('customer'),
  email: z.string().nullable().optional(),
});
const Subscription = z.looseObject({
  id,
  object: z.literal('subscription'),
  customer: z.string(),
  status: z.string(),
});
const Refund = z.looseObject({
  id,
  object: z.literal('refund'),
  amount,
  currency,
  charge: z.string().nullable(),
  status: z.string().nullable(),
});
const Dispute = z.looseObject({
  id,
  object: z.literal('dispute'),
  amount,
  currency,
  charge: z.string(),
  reason: z.string(),
  status: z.string(),
});
const CheckoutSession = z.looseObject({
  id,
  object: z.literal('checkout.session'),
  mode: z.string(),
  status: z.string().nullable(),
  amount_total: amount.nullable(),
  currency: currency.nullable(),
});

/** Each mapped Stripe type: the canonical type, keyed by the object the event carries. */
const TABLE: [providerType: string, type: string, object: z.ZodType<{ id: string }>][] = [
  ['payment_intent.succeeded', 'payment.intent.succeeded', PaymentIntent],
  ['payment_intent.payment_failed', 'payment.intent.failed', PaymentIntent],
  ['payment_intent.canceled', 'payment.intent.canceled', PaymentIntent],
  ['charge.succeeded', 'payment.charge.succeeded', Charge],
  ['charge.failed', 'payment.charge.failed', Charge],
  ['charge.refunded', 'payment.charge.refunded', Charge],
  ['invoice.finalized', 'billing.invoice.finalized', Invoice],
  ['invoice.paid', 'billing.invoice.paid', Invoice],
  ['invoice.payment_failed', 'billing.invoice.payment_failed', Invoice],
  ['customer.created', 'billing.customer.created', Customer],
  ['customer.updated', 'billing.customer.updated', Customer],
  ['customer.deleted', 'billing.customer.deleted', Customer],
  ['customer.subscription.created', 'billing.subscription.created', Subscription],
  ['customer.subscription.updated', 'billing.subscription.updated', Subscription],
  ['customer.subscription.deleted', 'billing.subscription.canceled', Subscription],
  ['refund.created', 'payment.refund.created', Refund],
  ['charge.dispute.created', 'payment.dispute.created', Dispute],
  ['charge.dispute.closed', 'payment.dispute.closed', Dispute],
  ['checkout.session.completed', 'checkout.session.completed', CheckoutSession],
  ['checkout.session.expired', 'checkout.session.expired', CheckoutSession],
];

/** Stripe: the subject is the object's id (`in_...`, `pi_...`), the data the object itself. */
export const stripeMappings: readonly EventMapping[] = TABLE.map(([providerType, type, object]) =>
  defineMapping({
    providerType,
    type,
    schema: stripeEvent(object),
    subject: (event) => `stripe:${event.data.object.id}`,
    data: (event) => event.data.object,
    externalId: (event) => event.id,
  }),
);
